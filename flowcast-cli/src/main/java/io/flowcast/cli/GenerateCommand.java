package io.flowcast.cli;

import io.flowcast.core.data.GeneratedRecord;
import io.flowcast.core.data.GeneratorConfig;
import io.flowcast.core.data.SyntheticOrderGenerator;
import io.flowcast.core.buckets.BucketSize;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes a seeded synthetic order stream to Kafka or to a file, with the injected spikes' ground truth. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate a seeded synthetic order stream (seasonality, trend, slow movers, launches, "
                + "promotions, injected spikes, bad records) to Kafka or to a file.")
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--products", description = "Number of products (default: ${DEFAULT-VALUE}).")
    int products = 2000;
    @Option(names = "--duration", description = "Simulated time span, e.g. 7d, 12h (default: ${DEFAULT-VALUE}).")
    String duration = "7d";
    @Option(names = "--start", description = "Simulated start instant (default: ${DEFAULT-VALUE}).")
    String start = GeneratorConfig.DEFAULT_START.toString();
    @Option(names = "--orders-per-product-day", description = "Mean order lines per product per simulated day (default: ${DEFAULT-VALUE}).")
    double ordersPerProductDay = 24;
    @Option(names = "--max-events", description = "Stop after this many records (default: no limit).")
    long maxEvents = Long.MAX_VALUE;
    @Option(names = "--seed", description = "Random seed; the same seed gives the same stream (default: ${DEFAULT-VALUE}).")
    long seed = 42;
    @Option(names = "--bad-share", description = "Share of deliberately bad records, 0..1 (default: ${DEFAULT-VALUE}).")
    double badShare = 0.0;
    @Option(names = "--spikes", description = "Demand spikes to inject (default: ${DEFAULT-VALUE}).")
    int spikes = 20;
    @Option(names = "--spike-bucket", description = "Width of a spike, e.g. 1h, 1d (default: ${DEFAULT-VALUE}).")
    String spikeBucket = "1h";
    @Option(names = "--speed", description = "Simulated seconds per wall-clock second; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    double speed = 0;
    @Option(names = "--bootstrap-servers", description = "Kafka to write to (default: ${DEFAULT-VALUE}).")
    String bootstrapServers = "localhost:9092";
    @Option(names = "--topic", description = "Orders topic (default: ${DEFAULT-VALUE}).")
    String topic = "orders";
    @Option(names = "--output", description = "Write newline-delimited JSON to this file instead of Kafka.")
    Path output;
    @Option(names = "--ground-truth", description = "CSV of the injected spikes (default: next to --output as"
            + " FILE.spikes.csv, else flowcast-spikes.csv).")
    Path groundTruth;

    GeneratorConfig config() {
        return GeneratorConfig.builder()
                .products(products)
                .start(Instant.parse(start))
                .duration(BucketSize.parseDuration(duration))
                .meanOrdersPerProductPerDay(ordersPerProductDay)
                .maxEvents(maxEvents)
                .seed(seed)
                .badRecordShare(badShare)
                .spikeCount(spikes)
                .spikeBucket(BucketSize.parseDuration(spikeBucket))
                .build();
    }

    @Override
    public Integer call() throws Exception {
        SyntheticOrderGenerator gen = new SyntheticOrderGenerator(config());
        if (groundTruth == null) {
            groundTruth = output != null ? Path.of(output + ".spikes.csv") : Path.of("flowcast-spikes.csv");
        }
        gen.writeGroundTruth(groundTruth); // now, so a live run has it from the start; again at the end with the units sold
        System.err.printf("flowcast generate: %,d products, %s simulated from %s, seed %d; spikes -> %s%n",
                products, duration, start, seed, groundTruth);
        Progress progress = new Progress("generate", maxEvents == Long.MAX_VALUE ? 0 : maxEvents);
        long n;
        if (output != null) {
            n = toFile(gen, progress);
        } else {
            n = toKafka(gen, progress);
        }
        progress.done(n, String.format("(%,d bad) in %.1f s", gen.badEmitted(), progress.seconds()));
        gen.writeGroundTruth(groundTruth);
        System.err.printf("wrote %,d records (%,d bad) to %s%n", n, gen.badEmitted(),
                output != null ? output : bootstrapServers + " topic " + topic);
        return 0;
    }

    private long toKafka(SyntheticOrderGenerator gen, Progress progress) throws Exception {
        Pacer pacer = new Pacer(speed);
        long n = 0;
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(bootstrapServers)) {
            while (gen.hasNext()) {
                GeneratedRecord r = gen.next();
                pacer.await(r.eventTime);
                producer.send(new ProducerRecord<>(topic, r.key == null ? null : r.key.getBytes(StandardCharsets.UTF_8),
                        r.value));
                progress.update(++n, "");
            }
            producer.flush();
        }
        return n;
    }

    private long toFile(SyntheticOrderGenerator gen, Progress progress) throws Exception {
        long n = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 1 << 20)) {
            while (gen.hasNext()) {
                out.write(gen.next().value);
                out.write('\n');
                progress.update(++n, "");
            }
        }
        return n;
    }

    /** Holds records back so simulated time runs {@code speed} times faster than the wall clock. */
    static final class Pacer {
        private final double speed;
        private long firstEventTime = Long.MIN_VALUE;
        private long startNanos;

        Pacer(double speed) {
            this.speed = speed;
        }

        void await(long eventTime) throws InterruptedException {
            if (speed <= 0) {
                return;
            }
            if (firstEventTime == Long.MIN_VALUE) {
                firstEventTime = eventTime;
                startNanos = System.nanoTime();
                return;
            }
            long dueNanos = startNanos + (long) ((eventTime - firstEventTime) * 1e6 / speed);
            long wait = dueNanos - System.nanoTime();
            if (wait > 2_000_000) {
                Thread.sleep(wait / 1_000_000);
            }
        }
    }
}
