package io.flowcast.cli;

import io.flowcast.core.data.GeneratedRecord;
import io.flowcast.core.data.GeneratorConfig;
import io.flowcast.core.data.SyntheticOrderGenerator;
import io.flowcast.job.FlowcastJob;
import io.flowcast.job.ForecastPipeline;
import io.flowcast.job.functions.DeadLetterSplitter;
import io.flowcast.job.sources.OrderSource;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import io.flowcast.job.bench.NaiveKeyedJob;
import io.flowcast.job.config.JobOptions;
import io.flowcast.kafka.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Throughput benchmark: pre-loads a topic with synthetic orders, then runs the naive keyed job and
 * the Flowcast job over it, alternating, each bounded, on RocksDB with exactly-once sinks.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Throughput of the whole job (RocksDB, exactly-once) beside a naive keyed job, over a",
                "pre-loaded topic of synthetic orders, in one run. Reports each run and the medians."})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--events", description = "Orders to pre-load (default: ${DEFAULT-VALUE}).")
    long events = 5_000_000;
    @Option(names = "--products", description = "Products (default: ${DEFAULT-VALUE}).")
    int products = 1000;
    @Option(names = "--days", description = "Simulated days the events span (default: ${DEFAULT-VALUE}).")
    int days = 7;
    @Option(names = "--runs", description = "Runs of each job, alternating (default: ${DEFAULT-VALUE}).")
    int runs = 3;
    @Option(names = "--state-backend", description = "rocksdb or hashmap (default: ${DEFAULT-VALUE}).")
    String stateBackend = "rocksdb";
    @Option(names = "--jobs", split = ",", description = "Which jobs to run: naive, flowcast, read-only (default: all).")
    List<String> jobs = List.of("naive", "flowcast", "read-only");
    @Option(names = "--bootstrap-servers", description = "Use this Kafka instead of an in-process broker.")
    String bootstrapServers;

    @Override
    public Integer call() throws Exception {
        EmbeddedKafkaBroker broker = null;
        String bootstrap = bootstrapServers;
        if (bootstrap == null) {
            broker = new EmbeddedKafkaBroker().start();
            bootstrap = broker.bootstrapServers();
        }
        try {
            String topic = "bench-orders-" + System.currentTimeMillis();
            Topics.ensure(bootstrap, 2, (short) 1, List.of(topic, "bench-forecasts", "bench-dead-letters", "bench-naive", "alerts"),
                    List.of("models"));
            preload(bootstrap, topic);
            List<Double> naive = new ArrayList<>();
            List<Double> flowcast = new ArrayList<>();
            List<Double> readOnly = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                if (jobs.contains("naive")) {
                    naive.add(timeRun("naive keyed job", run, bootstrap, topic, Variant.NAIVE));
                }
                if (jobs.contains("flowcast")) {
                    flowcast.add(timeRun("flowcast job", run, bootstrap, topic, Variant.FLOWCAST));
                }
                if (jobs.contains("read-only")) {
                    readOnly.add(timeRun("read+parse only", run, bootstrap, topic, Variant.READ_ONLY));
                }
            }
            if (naive.isEmpty() || flowcast.isEmpty() || readOnly.isEmpty()) {
                return 0; // a partial run (profiling): the per-run lines above are the result
            }
            double n = median(naive);
            double f = median(flowcast);
            System.out.printf("%nmedian over %d runs, %,d events, %d products, %d days, %s, parallelism 2, exactly-once:%n",
                    runs, events, products, days, stateBackend);
            System.out.printf("  naive keyed job : %,10.0f events/s%n", events / n);
            System.out.printf("  flowcast job    : %,10.0f events/s%n", events / f);
            System.out.printf("  ratio           : %.1fx%n", n / f);
            System.out.printf("  read+parse only : %,10.0f events/s (the ceiling: Kafka fetch and JSON parse, no state, no output)%n",
                    events / median(readOnly));
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
        return 0;
    }

    private void preload(String bootstrap, String topic) {
        GeneratorConfig config = GeneratorConfig.builder()
                .products(products)
                .duration(Duration.ofDays(days))
                .meanOrdersPerProductPerDay(1.15 * events / products / days) // a little over, cut by maxEvents
                .maxEvents(events)
                .seed(1)
                .build();
        SyntheticOrderGenerator gen = new SyntheticOrderGenerator(config);
        Progress progress = new Progress("pre-load", events);
        long n = 0;
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(bootstrap)) {
            while (gen.hasNext()) {
                GeneratedRecord r = gen.next();
                producer.send(new ProducerRecord<>(topic, r.key.getBytes(StandardCharsets.UTF_8), r.value));
                progress.update(++n, "");
            }
            producer.flush();
        }
        progress.done(n, String.format("in %.1f s", progress.seconds()));
        events = n;
    }

    private enum Variant { NAIVE, FLOWCAST, READ_ONLY }

    private double timeRun(String label, int run, String bootstrap, String topic, Variant variant) throws Exception {
        Configuration conf = JobOptions.fromArgs(new String[] {
            "--bootstrap-servers", bootstrap, "--orders-topic", topic, "--bounded", "--parallelism", "2",
            "--state-backend", stateBackend, "--checkpoint-interval", "10s",
            "--forecasts-topic", "bench-forecasts", "--dead-letters-topic", "bench-dead-letters",
            "--group-id", "bench-" + System.nanoTime(),
            "--checkpoint-dir", "file://" + System.getProperty("java.io.tmpdir") + "/flowcast-bench/checkpoints",
            "--transactional-id-prefix", "bench-" + System.nanoTime()});
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(FlowcastJob.runtimeConfig(conf));
        switch (variant) {
            case NAIVE: NaiveKeyedJob.define(env, conf, "bench-naive"); break;
            case FLOWCAST: FlowcastJob.define(env, conf); break;
            default:
                env.setParallelism(2);
                env.fromSource(OrderSource.create(conf), ForecastPipeline.watermarks(conf), "Kafka orders")
                        .transform("Split off dead letters",
                                org.apache.flink.api.common.typeinfo.TypeInformation.of(io.flowcast.core.events.OrderEvent.class),
                                DeadLetterSplitter.fromOptions(conf))
                        .sinkTo(new DiscardingSink<>());
        }
        long start = System.nanoTime();
        env.execute(label);
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.printf("run %d  %-16s %6.1f s  %,10.0f events/s%n", run, label, secs, events / secs);
        return secs;
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int m = s.size() / 2;
        return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
    }
}
