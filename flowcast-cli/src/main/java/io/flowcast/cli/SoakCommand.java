package io.flowcast.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowcast.core.events.Forecast;
import io.flowcast.core.json.Json;
import io.flowcast.job.FlowcastJob;
import io.flowcast.job.ForecastPipeline;
import io.flowcast.job.config.JobOptions;
import io.flowcast.job.sources.OrderSource;
import io.flowcast.kafka.EmbeddedKafkaBroker;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.flink.api.common.accumulators.Histogram;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The state soak (not in CI): many products with hourly buckets over several simulated days, on
 * RocksDB with incremental checkpoints. Part of the products stop ordering after the first day; the
 * job must drop their state after {@code --idle-timeout}. Samples RocksDB's files on disk, the heap
 * (the MiniCluster's TaskManager shares this JVM) and each completed checkpoint's size and duration
 * (REST API), and counts the products forecast per simulated hour. Forecasts are counted, not written
 * to Kafka (a million products make ~50 million forecasts).
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"State at scale (not in CI): N products, hourly buckets, several simulated days; RocksDB",
                "state size, heap, checkpoint size and duration, and idle products' state dropped (docs/soak.md)."})
public final class SoakCommand implements Callable<Integer> {
    private static final Instant START = Instant.parse("2025-01-06T00:00:00Z");
    private static final long HOUR = 3_600_000L;

    @Option(names = "--products", description = "Products (default: ${DEFAULT-VALUE}).")
    int products = 1_000_000;
    @Option(names = "--days", description = "Simulated days (default: ${DEFAULT-VALUE}).")
    int days = 3;
    @Option(names = "--idle-share", description = "Share of products that order on day 0 only (default: ${DEFAULT-VALUE}).")
    double idleShare = 0.5;
    @Option(names = "--orders-per-day", description = "Orders a day of each product that keeps ordering (default: ${DEFAULT-VALUE}).")
    int ordersPerDay = 2;
    @Option(names = "--idle-timeout", description = "The job's --product-idle-timeout (default: ${DEFAULT-VALUE}).")
    String idleTimeout = "1d";
    @Option(names = "--checkpoint-interval", description = "(default: ${DEFAULT-VALUE})")
    String checkpointInterval = "30s";
    @Option(names = "--horizon", description = "(default: ${DEFAULT-VALUE})")
    int horizon = 24;
    @Option(names = "--dormant-after", description = "The job's --dormant-after: buckets without a sale after which a product's "
            + "empty buckets cost O(1) (default: ${DEFAULT-VALUE}; 0 = every bucket of every live product is closed in full).")
    int dormantAfter = 0;
    @Option(names = "--forecaster", description = "The job's --forecaster (default: ${DEFAULT-VALUE}).")
    String forecaster = "auto";
    @Option(names = "--tolerable-failed-checkpoints", description = "Checkpoints that may fail or expire before the job "
            + "restarts (default: ${DEFAULT-VALUE}; Flink's own default 0 restarts the job, losing its work since the last "
            + "checkpoint, when one checkpoint expires behind an hour's burst of bucket closes).")
    int tolerableFailedCheckpoints = 0;
    @Option(names = "--unaligned-checkpoints", description = "Let checkpoint barriers overtake the buffered input of a busy operator.")
    boolean unalignedCheckpoints;
    @Option(names = "--work-dir", description = "RocksDB and checkpoint files (default: ${DEFAULT-VALUE}).")
    Path workDir = Path.of(System.getProperty("java.io.tmpdir"), "flowcast-soak");
    @Option(names = "--rest-port", description = "REST port of the local cluster, for checkpoint statistics (default: ${DEFAULT-VALUE}).")
    int restPort = 28_081;

    @Override
    public Integer call() throws Exception {
        deleteRecursively(workDir);
        Files.createDirectories(workDir);
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().start()) {
            String bootstrap = broker.bootstrapServers();
            Topics.ensure(bootstrap, 2, (short) 1, List.of("soak-orders", "soak-dead-letters"), List.of());
            long orders = produce(bootstrap);
            Configuration conf = JobOptions.fromArgs(new String[] {
                "--bootstrap-servers", bootstrap, "--orders-topic", "soak-orders", "--dead-letters-topic", "soak-dead-letters",
                "--models-topic", "", "--bounded", "--parallelism", "2", "--state-backend", "rocksdb",
                "--bucket-size", "1h", "--horizon", String.valueOf(horizon), "--product-idle-timeout", idleTimeout,
                "--dormant-after", String.valueOf(dormantAfter), "--forecaster", forecaster,
                "--checkpoint-interval", checkpointInterval, "--checkpoint-dir", workDir.resolve("checkpoints").toUri().toString(),
                "--group-id", "soak-" + System.nanoTime(), "--transactional-id-prefix", "soak-" + System.nanoTime()});
            Configuration flink = FlowcastJob.runtimeConfig(conf);
            flink.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true); // a full copy of GBs every interval is not an option
            flink.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, tolerableFailedCheckpoints);
            flink.set(CheckpointingOptions.ENABLE_UNALIGNED, unalignedCheckpoints);
            flink.set(ConfigOptions.key("state.backend.rocksdb.localdir").stringType().noDefaultValue(),
                    workDir.resolve("rocksdb").toString());
            flink.set(RestOptions.BIND_PORT, String.valueOf(restPort));
            flink.set(RestOptions.PORT, restPort);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
            env.setParallelism(2);
            env.enableCheckpointing(conf.get(JobOptions.CHECKPOINT_INTERVAL).toMillis());
            var parsed = env.fromSource(OrderSource.create(conf), ForecastPipeline.watermarks(conf), "Kafka orders");
            ForecastPipeline.Outputs out = ForecastPipeline.build(parsed, conf);
            out.forecasts().map(new CountPerHour()).name("Count forecasts per hour").sinkTo(new DiscardingSink<>());
            out.deadLetters().sinkTo(new DiscardingSink<>());

            long t0 = System.nanoTime();
            JobClient job = env.executeAsync("flowcast soak");
            System.out.printf("%n%7s %12s %12s %14s %14s %10s%n", "elapsed", "heap used", "RocksDB disk", "ckpt full size",
                    "ckpt delta", "ckpt ms");
            long maxHeap = 0;
            long maxDisk = 0;
            String lastCheckpoint = "";
            // wait on the result, not the status: the local MiniCluster shuts down with the job, and asking it for
            // the status then fails ("MiniCluster is not yet running"), losing the run's summary
            var done = job.getJobExecutionResult();
            while (!done.isDone()) {
                Thread.sleep(10_000);
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                long disk = size(workDir.resolve("rocksdb"));
                maxHeap = Math.max(maxHeap, heap);
                maxDisk = Math.max(maxDisk, disk);
                String checkpoint = latestCheckpoint(job.getJobID().toHexString());
                if (!checkpoint.isEmpty()) {
                    lastCheckpoint = checkpoint;
                }
                System.out.printf("%6ds %12s %12s %s%n", (System.nanoTime() - t0) / 1_000_000_000L, mb(heap), mb(disk), checkpoint);
            }
            var result = done.get();
            double secs = (System.nanoTime() - t0) / 1e9;
            @SuppressWarnings("unchecked")
            Map<Integer, Integer> perHour = new TreeMap<>((Map<Integer, Integer>) result.getAccumulatorResult(CountPerHour.NAME));
            System.gc();
            System.out.printf("%n%,d products (%,d order on day 0 only), %d days, %,d orders, %.0f s; peak heap used %s (after the run "
                            + "and a GC: %s), peak RocksDB on disk %s; last checkpoint: %s%n", products,
                    (long) (products * idleShare), days, orders, secs, mb(maxHeap),
                    mb(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()), mb(maxDisk), lastCheckpoint.trim());
            System.out.println("products forecast per simulated hour (every 6th hour): the idle ones drop out after --idle-timeout");
            long total = 0;
            for (var e : perHour.entrySet()) {
                total += e.getValue();
                if (e.getKey() % 6 == 0) {
                    System.out.printf("  day %d %02d:00  %,10d%n", e.getKey() / 24, e.getKey() % 24, e.getValue());
                }
            }
            System.out.printf("%,d forecasts in all (%,.0f forecasts/s)%n", total, total / secs);
        }
        return 0;
    }

    /** Day 0: every product orders once, in hour (i mod 24). Then the products that stay order evenly through each day. */
    private long produce(String bootstrap) {
        int idle = (int) (products * idleShare);
        int step = Math.max(1, 24 / ordersPerDay);
        long n = 0;
        Progress progress = new Progress("produce", (long) products + (long) (products - idle) * ordersPerDay * (days - 1));
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(bootstrap)) {
            for (int h = 0; h < 24 * days; h++) {
                int hod = h % 24;
                if (h < 24) {
                    for (int i = hod; i < products; i += 24) {
                        send(producer, i, h);
                        progress.update(++n, "");
                    }
                    continue;
                }
                for (int k = 0; k < ordersPerDay; k++) {
                    int residue = Math.floorMod(hod - k * step, 24);
                    for (int i = residue; i < products; i += 24) {
                        if (i >= idle) {
                            send(producer, i, h);
                            progress.update(++n, "");
                        }
                    }
                }
            }
            producer.flush();
        }
        progress.done(n, String.format("in %.1f s", progress.seconds()));
        return n;
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, int product, int hour) {
        String id = String.format("S%07d", product);
        long time = START.toEpochMilli() + hour * HOUR + (product * 7919L) % HOUR;
        String json = "{\"productId\":\"" + id + "\",\"quantity\":" + (1 + product % 5) + ",\"unitPrice\":2.5,\"eventTime\":" + time + "}";
        producer.send(new ProducerRecord<>("soak-orders", id.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8)));
    }

    /** Size, state size and duration of the newest completed checkpoint, from the cluster's REST API; blank when none. */
    private String latestCheckpoint(String jobId) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + restPort + "/jobs/" + jobId + "/checkpoints")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode c = Json.MAPPER.readTree(r.body()).path("latest").path("completed");
            if (c.isMissingNode() || c.isNull()) {
                return "";
            }
            return String.format("%14s %14s %10d  (#%d)", mb(c.path("state_size").asLong()), mb(c.path("checkpointed_size").asLong()),
                    c.path("end_to_end_duration").asLong(), c.path("id").asLong());
        } catch (IOException | RuntimeException e) {
            return "(no checkpoint statistics: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Counts forecasts per simulated hour in an accumulator: how many products were live in each hour. */
    static final class CountPerHour extends RichMapFunction<Forecast, Forecast> {
        static final String NAME = "forecasts-per-hour";
        private transient Histogram histogram;

        @Override
        public void open(OpenContext openContext) {
            histogram = new Histogram();
            getRuntimeContext().addAccumulator(NAME, histogram);
        }

        @Override
        public Forecast map(Forecast f) {
            histogram.add((int) ((f.bucketStart - START.toEpochMilli()) / HOUR));
            return f;
        }
    }

    private static long size(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // a file RocksDB just compacted away
                }
            }).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String mb(long bytes) {
        return String.format("%,.0f MB", bytes / 1e6);
    }
}
