package io.flowcast.cli;

import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.data.GeneratedRecord;
import io.flowcast.core.data.GeneratorConfig;
import io.flowcast.core.data.SyntheticOrderGenerator;
import io.flowcast.core.events.DeadLetter;
import io.flowcast.core.events.Forecast;
import io.flowcast.core.events.OrderEvent;
import io.flowcast.trainer.LstmTrainer;
import io.flowcast.trainer.ModelPublisher;
import io.flowcast.trainer.TrainerConfig;
import io.flowcast.trainer.TrainerMain;
import java.util.ArrayList;
import io.flowcast.core.json.Json;
import io.flowcast.dashboard.DashboardConfig;
import io.flowcast.dashboard.DashboardServer;
import io.flowcast.job.FlowcastJob;
import io.flowcast.job.config.JobOptions;
import io.flowcast.kafka.EmbeddedKafkaBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The embedded default: an in-process Kafka broker, the synthetic generator and the job on a
 * local MiniCluster, with a console line every few seconds read back from the output topics.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run everything in one process: an in-process Kafka broker (KRaft), the synthetic order",
                "generator and the forecaster job on a local Flink MiniCluster; prints progress and sample forecasts.",
                "Any Kafka client can read the topics while it runs (the broker address is printed)."})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--duration", description = "Stop by itself after this long of forecasting (counted from the first forecast), with a summary, e.g. 60s, 5m (default: run until Ctrl-C, which also prints the summary).")
    String duration;
    @Option(names = "--bootstrap-servers", description = "Use this Kafka instead of starting one in-process.")
    String bootstrapServers;
    @Option(names = "--port", description = "Port of the in-process broker; taken if free, else any free port (default: ${DEFAULT-VALUE}).")
    int port = 9092;
    @Option(names = "--products", description = "Synthetic products (default: ${DEFAULT-VALUE}).")
    int products = 500;
    @Option(names = "--speed", description = "Simulated seconds per wall-clock second (default: ${DEFAULT-VALUE}: an hourly bucket closes every 2 s).")
    double speed = 1800;
    @Option(names = "--bad-share", description = "Share of deliberately bad records (default: ${DEFAULT-VALUE}).")
    double badShare = 0.005;
    @Option(names = "--report-every", description = "Console report interval (default: ${DEFAULT-VALUE}).")
    String reportEvery = "5s";
    @Option(names = "--seed", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed = 7;
    @Option(names = "--history", description = "Simulated history loaded at full speed before the live stream; the first LSTM trains on it (default: ${DEFAULT-VALUE}).")
    String history = "7d";
    @Option(names = "--no-train", description = "Do not train a model: baselines only.")
    boolean noTrain;

    @Option(names = "--dashboard-port", description = "Port of the live dashboard; taken if free, else any free port (default: ${DEFAULT-VALUE}).")
    int dashboardPort = 8088;
    @Option(names = "--metrics-port", description = "Port of the job's Prometheus endpoint, if free; 0 = none (default: ${DEFAULT-VALUE}).")
    int metricsPort = 9249;
    @Option(names = "--no-dashboard", description = "Do not start the web dashboard.")
    boolean noDashboard;

    private static final int HORIZON = 24;
    /** Give up when the first forecast has not come by then (a built checkout needs about 20-40 s here). */
    private static final long FIRST_FORECAST_MILLIS = 180_000;
    /** Forecasts come every 2 s of wall clock at the default speed: a minute without any is a stopped job. */
    private static final long STALL_MILLIS = 60_000;
    private static final int MAX_RESTARTS = 3;
    private final AtomicLong produced = new AtomicLong();
    private final AtomicBoolean stopping = new AtomicBoolean();

    @Override
    public Integer call() throws Exception {
        long durationMillis = duration == null ? Long.MAX_VALUE : BucketSize.parseDuration(duration).toMillis();
        long startedAt = System.currentTimeMillis();
        EmbeddedKafkaBroker broker = null;
        DashboardServer dashboard = null;
        JobClient job = null;
        Thread generator = null;
        java.nio.file.Path checkpoints = java.nio.file.Files.createTempDirectory("flowcast-demo-checkpoints-");
        // Ctrl-C: stop the loop, let it print the summary and clean up, then let the JVM go
        java.util.concurrent.CountDownLatch cleanedUp = new java.util.concurrent.CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            try {
                cleanedUp.await(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        String bootstrap = bootstrapServers;
        boolean ok;
        try {
            if (bootstrap == null) {
                System.out.println("Starting an in-process Kafka broker...");
                broker = new EmbeddedKafkaBroker(isFree(port) ? port : 0).start();
                bootstrap = broker.bootstrapServers();
            }
            Topics.ensure(bootstrap, 2, (short) 1, List.of("orders", "forecasts", "dead-letters", "alerts"), List.of("models"));
            System.out.printf("Kafka: %s   topics: orders, forecasts, dead-letters, alerts, models%n", bootstrap);
            if (!noDashboard) {
                DashboardConfig dc = new DashboardConfig();
                dc.bootstrapServers = bootstrap;
                dc.port = isFree(dashboardPort) ? dashboardPort : 0;
                dashboard = DashboardServer.start(dc);
                System.out.printf("Dashboard: %s   (live page: search a product, watch its forecast move)%n",
                        DashboardCommand.address(dc.host, dashboard.port()));
            }
            System.out.printf("  read along: kcat -C -b %s -t forecasts   (or kafka-console-consumer.sh"
                    + " --bootstrap-server %s --topic forecasts --isolation-level read_committed)%n", bootstrap, bootstrap);

            generator = startGenerator(bootstrap);
            String metrics = metricsPort > 0 && isFree(metricsPort) ? String.valueOf(metricsPort) : "";
            job = startJob(bootstrap, checkpoints, metrics);
            System.out.printf("Flink job %s running on a local MiniCluster (parallelism 2, RocksDB, exactly-once)%n", job.getJobID());
            if (!metrics.isEmpty()) {
                System.out.printf("Job metrics (Prometheus): http://localhost:%s/metrics%n", metrics);
            }
            System.out.println("Forecasts appear at each checkpoint (every 5 s) once the first hourly bucket closes.");
            ok = monitor(bootstrap, startedAt, durationMillis, job);
        } finally {
            stopping.set(true);
            if (job != null) {
                try {
                    job.cancel().get(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    // already stopped or failed: nothing left to cancel
                }
            }
            if (generator != null) {
                generator.join(5_000);
            }
            if (dashboard != null) {
                dashboard.close();
            }
            if (broker != null) {
                broker.close(); // deletes its data directory
            }
            deleteQuietly(checkpoints);
            cleanedUp.countDown();
        }
        return ok ? 0 : 1;
    }

    private static void deleteQuietly(java.nio.file.Path dir) {
        try (java.util.stream.Stream<java.nio.file.Path> paths = java.nio.file.Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.out.println("could not remove " + dir + ": " + e.getMessage());
        }
    }

    private Thread startGenerator(String bootstrap) {
        GeneratorConfig config = GeneratorConfig.builder()
                .products(products)
                .duration(Duration.ofDays(3650))
                .meanOrdersPerProductPerDay(96)
                .seed(seed)
                .badRecordShare(badShare)
                .maxDisorder(Duration.ofMinutes(8)) // a few events arrive late enough to correct or miss their bucket
                .disorderShare(0.001)
                .build();
        long historyEnd = config.start().toEpochMilli() + BucketSize.parseDuration(history).toMillis();
        Thread t = new Thread(() -> {
            SyntheticOrderGenerator gen = new SyntheticOrderGenerator(config);
            GenerateCommand.Pacer pacer = new GenerateCommand.Pacer(speed);
            List<OrderEvent> historyOrders = new ArrayList<>();
            boolean live = false;
            try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(bootstrap)) {
                while (!stopping.get() && gen.hasNext()) {
                    GeneratedRecord r = gen.next();
                    if (!live && r.eventTime >= historyEnd) {
                        live = true;
                        producer.flush();
                        System.out.printf("Loaded %s of history (%,d orders); orders now flow at %.0fx the clock%n",
                                history, produced.get(), speed);
                        if (!noTrain) {
                            startTrainer(bootstrap, historyOrders);
                        }
                        historyOrders = null;
                    }
                    if (live) {
                        pacer.await(r.eventTime);
                    } else if (r.order != null) {
                        historyOrders.add(r.order);
                    }
                    producer.send(new ProducerRecord<>("orders",
                            r.key == null ? null : r.key.getBytes(StandardCharsets.UTF_8), r.value));
                    produced.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "generator");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Trains the first LSTM on the history in the background and publishes it: the job swaps it in live. */
    private void startTrainer(String bootstrap, List<OrderEvent> orders) {
        Thread t = new Thread(() -> {
            TrainerConfig c = new TrainerConfig();
            c.bucketSize = BucketSize.parse("1h");
            c.horizon = HORIZON;
            // whole-series training makes a week of hourly history few updates per epoch: smaller batches,
            // a higher rate and early stopping (3 epochs at the defaults lost MASE to seasonal naive, 2.25 vs 1.04)
            c.hidden = 32;
            c.maxEpochs = 20;
            c.batchSize = 16;
            c.learningRate = 0.01;
            c.windowLength = 48;
            c.validationBuckets = 24;
            c.progress = false;
            System.out.printf("[trainer] training the first LSTM on %,d orders in the background...%n", orders.size());
            try {
                java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
                LstmTrainer.Result r = TrainerMain.runOnOrders(c, orders, null, new java.io.PrintStream(log, true));
                for (String line : log.toString().split("\\R")) {
                    if (line.startsWith("trained") || line.contains("WAPE") || line.contains("PUBLISH")) {
                        System.out.println("[trainer] " + line.trim());
                    }
                }
                if (r.publish()) {
                    try (ModelPublisher p = new ModelPublisher(bootstrap, "models")) {
                        p.publish(r.record);
                    }
                    System.out.printf("[trainer] published %s %s to 'models': watch the forecasts switch%n",
                            r.record.modelName, r.record.version);
                }
            } catch (RuntimeException e) {
                System.out.println("[trainer] training failed: " + FlowcastCli.rootMessage(e));
            }
        }, "trainer");
        t.setDaemon(true);
        t.start();
    }

    private JobClient startJob(String bootstrap, java.nio.file.Path checkpoints, String metricsPort) throws Exception {
        Configuration conf = JobOptions.fromArgs(new String[] {
            "--bootstrap-servers", bootstrap, "--parallelism", "2", "--checkpoint-interval", "5s",
            "--bucket-size", "1h", "--lookback", "168", "--horizon", String.valueOf(HORIZON),
            "--metrics-port", metricsPort,
            "--checkpoint-dir", checkpoints.toUri().toString(),
            "--transactional-id-prefix", "flowcast-demo-" + System.currentTimeMillis()});
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(FlowcastJob.runtimeConfig(conf));
        FlowcastJob.define(env, conf);
        return env.executeAsync("Flowcast demo");
    }

    /**
     * Reads the output topics back and prints what arrived: the user sees what a dashboard would see.
     * The duration counts from the first forecast. False when the job stopped forecasting: it
     * failed, kept restarting, or made nothing for {@link #STALL_MILLIS} while orders flowed.
     */
    private boolean monitor(String bootstrap, long startedAt, long durationMillis, JobClient job) throws Exception {
        long reportMillis = BucketSize.parseDuration(reportEvery).toMillis();
        Set<String> productsSeen = new HashSet<>();
        Map<String, Long> perForecaster = new HashMap<>();
        Map<String, Long> perModel = new java.util.TreeMap<>();
        long forecasts = 0;
        long revisions = 0;
        long deadLetters = 0;
        long late = 0;
        long lastProduced = 0;
        JobWatch watch = new JobWatch(startedAt, FIRST_FORECAST_MILLIS, STALL_MILLIS, MAX_RESTARTS);
        long lastReport = System.currentTimeMillis();
        String problem = null;
        Forecast sample = null;
        boolean swapSeen = false;
        String alertSummary = "none read";
        try (KafkaConsumer<byte[], byte[]> fc = KafkaClients.consumer(bootstrap, "demo-monitor-" + startedAt);
             KafkaConsumer<byte[], byte[]> dc = KafkaClients.consumer(bootstrap, "demo-monitor-dl-" + startedAt);
             AlertConsole alerts = new AlertConsole(bootstrap, "alerts", "demo-monitor-alerts-" + startedAt)) {
            fc.subscribe(List.of("forecasts"));
            dc.subscribe(List.of("dead-letters"));
            while (!stopping.get()) {
                long now = System.currentTimeMillis();
                if (watch.firstForecastAt() > 0 && now - watch.firstForecastAt() >= durationMillis) {
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> r : fc.poll(Duration.ofMillis(200))) {
                    Forecast f = Json.fromBytes(r.value(), Forecast.class);
                    watch.forecast(System.currentTimeMillis());
                    if (forecasts == 0) {
                        System.out.printf("First forecasts %d s after the start (broker, history, job); the %s run counts from here%n",
                                (watch.firstForecastAt() - startedAt) / 1000, duration == null ? "demo" : duration);
                    }
                    forecasts++;
                    productsSeen.add(f.productId);
                    perForecaster.merge(f.forecaster + "/" + f.modelVersion, 1L, Long::sum);
                    perModel.merge(f.modelVersion, 1L, Long::sum);
                    if (!"baseline".equals(f.modelVersion) && !swapSeen) {
                        swapSeen = true;
                        System.out.printf("[job] first forecast from LSTM %s: %s%n", f.modelVersion, describe(f));
                    }
                    if (f.revision > 0) {
                        revisions++;
                    }
                    if (sample == null || f.actual > sample.actual) {
                        sample = f;
                    }
                }
                for (ConsumerRecord<byte[], byte[]> r : dc.poll(Duration.ofMillis(50))) {
                    DeadLetter d = Json.fromBytes(r.value(), DeadLetter.class);
                    deadLetters++;
                    if ("LATE".equals(d.reason)) {
                        late++;
                    }
                }
                alerts.printNew(System.out); // alerts as they fire
                now = System.currentTimeMillis();
                if (now - lastReport >= reportMillis) {
                    long p = produced.get();
                    long since = now - (watch.firstForecastAt() == 0 ? startedAt : watch.firstForecastAt());
                    System.out.printf("[%4ds] %,7.0f events/s | %,d products | %,d forecasts | %,d dead letters |"
                                    + " late: %,d corrected, %,d dead-lettered%n", since / 1000,
                            (p - lastProduced) * 1000.0 / (now - lastReport), productsSeen.size(), forecasts,
                            deadLetters, revisions, late);
                    System.out.println("       forecasts by model: " + perModel);
                    String withheld = alerts.startInterval();
                    if (withheld != null) {
                        System.out.println(withheld);
                    }
                    if (sample != null) {
                        System.out.println("       sample: " + describe(sample));
                        sample = null;
                    }
                    lastProduced = p;
                    lastReport = now;
                }
                alertSummary = alerts.summary();
                org.apache.flink.api.common.JobStatus status = job.getJobStatus().get();
                if (watch.restarted(status)) {
                    System.out.printf("[job] %s (%d so far): see the log above for the cause%n", status, watch.restarts());
                }
                problem = watch.problem(now, status);
                if (problem != null) {
                    break;
                }
            }
        }
        long ranFor = watch.firstForecastAt() == 0 ? 0 : (System.currentTimeMillis() - watch.firstForecastAt()) / 1000;
        System.out.printf("%nSummary after %ds of forecasting: %,d orders produced, %,d forecasts for %,d products, %,d dead letters,"
                        + " %,d late corrections%n  forecasts by forecaster/model: %s%n  alerts: %s%n",
                ranFor, produced.get(), forecasts, productsSeen.size(),
                deadLetters, revisions, perForecaster, alertSummary);
        if (problem != null) {
            System.out.println("DEMO FAILED: " + problem + ".");
            return false;
        }
        return true;
    }

    static String describe(Forecast f) {
        StringBuilder sb = new StringBuilder();
        sb.append(f.productId).append(" bucket ").append(Instant.ofEpochMilli(f.bucketStart))
                .append(" actual ").append(String.format("%.0f", f.actual)).append(" -> next: ");
        for (int i = 0; i < Math.min(3, f.steps.length); i++) {
            sb.append(String.format("%.1f [%.1f, %.1f] ", f.steps[i].point, f.steps[i].p10, f.steps[i].p90));
        }
        return sb.append("(").append(f.forecaster).append(", ").append(f.modelVersion).append(")").toString();
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
