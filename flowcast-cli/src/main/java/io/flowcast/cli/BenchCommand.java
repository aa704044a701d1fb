package io.flowcast.cli;

import io.flowcast.cli.bench.ClosingCheckpointFilter;
import io.flowcast.cli.bench.NaiveKeyedJob;
import io.flowcast.core.data.GeneratedRecord;
import io.flowcast.core.data.GeneratorConfig;
import io.flowcast.core.data.SyntheticOrderGenerator;
import io.flowcast.job.FlowcastJob;
import io.flowcast.job.ForecastPipeline;
import io.flowcast.job.config.JobOptions;
import io.flowcast.job.functions.DeadLetterSplitter;
import io.flowcast.job.sources.OrderSource;
import io.flowcast.kafka.EmbeddedKafkaBroker;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Throughput benchmark over two workloads: pre-loads a topic with synthetic orders, then runs the
 * naive keyed job, the Flowcast job and the read+parse ceiling over it, alternating, each bounded,
 * with exactly-once sinks; reports events/s, forecasts/s, peak heap and the largest checkpoint.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Throughput of the whole job (exactly-once) beside a naive keyed job and the read+parse ceiling,",
                "in one run, on two workloads: 'busy' (1,000 products that sell every hour) and 'long-tail'",
                "(100,000 products with Zipf popularity, most idle in a given hour). Reports each run and the medians.",
                "The Flowcast job runs on RocksDB and on the heap backend ('flowcast-hashmap'), which holds every product's",
                "state in this JVM: the launcher gives the bench -Xmx12g (a long tail of 500,000 events ran out of 4 GB;",
                "FLOWCAST_JAVA_OPTS replaces it; docs/benchmarks.md)."})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--workloads", split = ",", description = "busy, long-tail (default: both).")
    List<String> workloads = List.of("busy", "long-tail");
    @Option(names = "--busy-events", description = "Orders of the busy workload (default: ${DEFAULT-VALUE}).")
    long busyEvents = 5_000_000;
    @Option(names = "--long-tail-events", description = "Orders of the long-tail workload (default: ${DEFAULT-VALUE}).")
    long longTailEvents = 1_000_000;
    @Option(names = "--long-tail-dormant-after", description = "--dormant-after of the Flowcast job on the long tail "
            + "(default: ${DEFAULT-VALUE}; 0 forecasts every product every hour).")
    int longTailDormantAfter = 3;
    @Option(names = "--runs", description = "Runs of each job, alternating (default: ${DEFAULT-VALUE}).")
    int runs = 3;
    @Option(names = "--warm-up-runs", description = "Runs of each job per workload before the counted ones, not counted: "
            + "the JIT compiler took about a third of the 2 cores through the first runs (default: ${DEFAULT-VALUE}).")
    int warmUpRuns = 1;
    @Option(names = "--managed-memory", description = "Flink managed memory of the local TaskManager, RocksDB's block cache "
            + "and write buffers (default: ${DEFAULT-VALUE}, what a TaskManager of k8s/flowcast-job.yaml, 4 GiB, gets; "
            + "a local run's own default is 128m).")
    String managedMemory = "1400m";
    @Option(names = "--forecaster", description = "--forecaster of the Flowcast job (default: ${DEFAULT-VALUE}; a cheaper "
            + "one shows what the rest of the job costs).")
    String forecaster = "auto";
    @Option(names = "--flink", description = "A Flink setting for every job, key=value, repeatable (to measure one, "
            + "e.g. --flink execution.checkpointing.incremental=true).")
    Map<String, String> flinkSettings = Map.of();
    /** {@link #managedMemory}, parsed once the options are read. */
    private MemorySize managed;
    @Option(names = "--state-backend", description = "State backend of the naive job and of 'flowcast': rocksdb or hashmap "
            + "(default: ${DEFAULT-VALUE}).")
    String stateBackend = "rocksdb";
    @Option(names = "--jobs", split = ",", description = "Which jobs to run: naive, flowcast, flowcast-hashmap (the Flowcast "
            + "job on the heap state backend), read-only, read-only-bare (read+parse with the provenance of each order, raw "
            + "bytes, topic, offset, dropped in the source; not in the default) "
            + "(default: naive, flowcast, flowcast-hashmap, read-only).")
    List<String> jobs = List.of("naive", "flowcast", "flowcast-hashmap", "read-only");
    @Option(names = "--bootstrap-servers", description = "Use this Kafka instead of an in-process broker.")
    String bootstrapServers;

    /** One workload: its catalogue and how the Flowcast job runs on it. */
    private record Workload(String name, int products, int days, long events, double zipf, int dormantAfter) {}

    private enum Variant { NAIVE, FLOWCAST, FLOWCAST_HASHMAP, READ_ONLY, READ_ONLY_BARE }

    /**
     * One timed run: the job's seconds, forecasts written, the process's CPU seconds over the run (broker and
     * MiniCluster included), peak heap and largest checkpoint seen while it ran.
     */
    private record Run(double seconds, long forecasts, double cpuSeconds, long peakHeap, long peakCheckpoint) {}

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || warmUpRuns < 0) {
            throw new IllegalArgumentException("--runs must be 1 or more and --warm-up-runs 0 or more, got " + runs
                    + " and " + warmUpRuns);
        }
        try {
            managed = MemorySize.parse(managedMemory); // a bad size fails here, not in the first job
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--managed-memory '" + managedMemory + "': " + e.getMessage());
        }
        ClosingCheckpointFilter.install();
        EmbeddedKafkaBroker broker = null;
        String bootstrap = bootstrapServers;
        if (bootstrap == null) {
            broker = new EmbeddedKafkaBroker().start();
            bootstrap = broker.bootstrapServers();
        }
        try {
            for (String w : workloads) {
                Workload workload = switch (w) {
                    case "busy" -> new Workload("busy", 1_000, 7, busyEvents, 0, 0);
                    case "long-tail" -> new Workload("long-tail", 100_000, 1, longTailEvents, 1.0, longTailDormantAfter);
                    default -> throw new IllegalArgumentException("--workloads takes busy and long-tail, got '" + w + "'");
                };
                bench(bootstrap, workload);
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
        return 0;
    }

    private void bench(String bootstrap, Workload w) throws Exception {
        String topic = "bench-orders-" + w.name() + "-" + System.currentTimeMillis();
        Topics.ensure(bootstrap, 2, (short) 1, List.of(topic, "bench-dead-letters", "bench-naive", "alerts"),
                List.of("models"));
        long events = preload(bootstrap, topic, w);
        Map<Variant, List<Run>> results = new java.util.EnumMap<>(Variant.class);
        for (int run = 1 - warmUpRuns; run <= runs; run++) {
            for (Variant v : Variant.values()) {
                if (jobs.contains(v.name().toLowerCase().replace('_', '-'))) {
                    Run r = timeRun(run, bootstrap, topic, w, v, events);
                    if (run > 0) {
                        results.computeIfAbsent(v, k -> new ArrayList<>()).add(r);
                    }
                }
            }
        }
        System.out.printf("%n%s: median over %d runs after %d warm-up, %,d events, %,d products, %d days, naive and flowcast "
                        + "job on %s, --forecaster %s, managed memory %s, parallelism 2, exactly-once%s, %s:%n",
                w.name(), runs, warmUpRuns, events, w.products(), w.days(), stateBackend, forecaster, managedMemory,
                w.dormantAfter() > 0 ? ", --dormant-after " + w.dormantAfter() : "", collectors());
        for (var e : results.entrySet()) {
            List<Run> rs = e.getValue();
            double secs = median(rs.stream().map(Run::seconds).toList());
            // the median of each run's rate: the forecast count varies between runs (where the last watermark before
            // the end of the input lands decides how many empty buckets are forecast)
            double forecastsPerSecond = median(rs.stream().map(r -> r.forecasts() / r.seconds()).toList());
            double cpuPerEvent = median(rs.stream().map(r -> r.cpuSeconds() / events * 1e6).toList());
            // what the long-tail goal budgets (2 cores / 100,000 forecasts/s = 20 us), whatever a run's forecast count
            String cpuPerForecast = rs.stream().allMatch(r -> r.forecasts() > 0)
                    ? String.format("%6.2f us", median(rs.stream().map(r -> r.cpuSeconds() / r.forecasts() * 1e6).toList()))
                    : "     - us";
            System.out.printf("  %-16s %,11.0f events/s  %,9.0f forecasts/s  %5.2f us CPU an event, %s a forecast  "
                            + "peak heap %,6.0f MiB  largest checkpoint %,7.1f MiB%n",
                    label(e.getKey()), events / secs, forecastsPerSecond, cpuPerEvent, cpuPerForecast,
                    median(rs.stream().map(r -> r.peakHeap() / 1048576.0).toList()),
                    median(rs.stream().map(r -> r.peakCheckpoint() / 1048576.0).toList()));
        }
        if (results.containsKey(Variant.READ_ONLY) && results.containsKey(Variant.READ_ONLY_BARE)) {
            double with = median(results.get(Variant.READ_ONLY).stream().map(Run::seconds).toList());
            double without = median(results.get(Variant.READ_ONLY_BARE).stream().map(Run::seconds).toList());
            System.out.printf("  read+parse with provenance / without: %.2fx the throughput%n", without / with);
        }
        for (Variant v : List.of(Variant.FLOWCAST, Variant.FLOWCAST_HASHMAP)) {
            if (!results.containsKey(v)) {
                continue;
            }
            double f = median(results.get(v).stream().map(Run::seconds).toList());
            if (results.containsKey(Variant.READ_ONLY)) {
                double ceiling = median(results.get(Variant.READ_ONLY).stream().map(Run::seconds).toList());
                System.out.printf("  %s / read+parse ceiling: %.2fx%n", label(v), ceiling / f);
            }
            if (results.containsKey(Variant.NAIVE)) {
                double n = median(results.get(Variant.NAIVE).stream().map(Run::seconds).toList());
                System.out.printf("  %s / naive keyed job: %.2fx%n", label(v), n / f);
            }
        }
        if (results.containsKey(Variant.FLOWCAST) && results.containsKey(Variant.FLOWCAST_HASHMAP)) {
            double rocks = median(results.get(Variant.FLOWCAST).stream().map(Run::seconds).toList());
            double heap = median(results.get(Variant.FLOWCAST_HASHMAP).stream().map(Run::seconds).toList());
            System.out.printf("  flowcast hashmap / %s: %.2fx the throughput%n", stateBackend, rocks / heap);
        }
    }

    private long preload(String bootstrap, String topic, Workload w) {
        GeneratorConfig config = GeneratorConfig.builder()
                .products(w.products())
                .duration(Duration.ofDays(w.days()))
                .meanOrdersPerProductPerDay(1.15 * w.events() / w.products() / w.days()) // a little over, cut by maxEvents
                .maxEvents(w.events())
                .zipfExponent(w.zipf())
                .seed(1)
                .build();
        SyntheticOrderGenerator gen = new SyntheticOrderGenerator(config);
        Progress progress = new Progress("pre-load " + w.name(), w.events());
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
        return n;
    }

    private Run timeRun(int run, String bootstrap, String topic, Workload w, Variant variant, long events)
            throws Exception {
        String forecastsTopic = "bench-forecasts-" + System.nanoTime();
        Topics.ensure(bootstrap, 2, (short) 1, List.of(forecastsTopic), List.of());
        Path checkpoints = Path.of(System.getProperty("java.io.tmpdir"), "flowcast-bench", "checkpoints-" + System.nanoTime());
        Configuration conf = JobOptions.fromArgs(new String[0]);
        conf.set(JobOptions.BOOTSTRAP_SERVERS, bootstrap);
        conf.set(JobOptions.ORDERS_TOPIC, topic);
        conf.set(JobOptions.BOUNDED, true);
        conf.set(JobOptions.PARALLELISM, 2);
        conf.set(JobOptions.STATE_BACKEND, variant == Variant.FLOWCAST_HASHMAP ? "hashmap" : stateBackend);
        conf.set(JobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(10));
        conf.set(JobOptions.FORECASTS_TOPIC, forecastsTopic);
        conf.set(JobOptions.DEAD_LETTERS_TOPIC, "bench-dead-letters");
        conf.set(JobOptions.GROUP_ID, "bench-" + System.nanoTime());
        conf.set(JobOptions.CHECKPOINT_DIR, checkpoints.toUri().toString());
        conf.set(JobOptions.TRANSACTIONAL_ID_PREFIX, "bench-" + System.nanoTime());
        conf.set(JobOptions.DORMANT_AFTER, w.dormantAfter());
        conf.set(JobOptions.FORECASTER, forecaster);
        Configuration flink = FlowcastJob.runtimeConfig(conf);
        flink.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, managed);
        flinkSettings.forEach(flink::setString);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        switch (variant) {
            case NAIVE -> NaiveKeyedJob.define(env, conf, "bench-naive");
            case FLOWCAST, FLOWCAST_HASHMAP -> FlowcastJob.define(env, conf);
            default -> {
                env.setParallelism(2);
                var deserializer = io.flowcast.job.sources.OrderDeserializer.fromOptions(conf);
                var source = variant == Variant.READ_ONLY_BARE
                        ? OrderSource.create(conf, new WithoutProvenance(deserializer)) : OrderSource.create(conf, deserializer);
                env.fromSource(source, ForecastPipeline.watermarks(conf), "Kafka orders")
                        .transform("Split off dead letters",
                                org.apache.flink.api.common.typeinfo.TypeInformation.of(io.flowcast.core.events.OrderEvent.class),
                                DeadLetterSplitter.fromOptions(conf))
                        .sinkTo(new DiscardingSink<>());
            }
        }
        AtomicLong peakHeap = new AtomicLong();
        AtomicLong peakCheckpoint = new AtomicLong();
        Thread sampler = sampler(checkpoints, peakHeap, peakCheckpoint);
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        double jitStart = jitCpuSeconds();
        JobExecutionResult result;
        try {
            result = env.execute(label(variant));
        } finally {
            sampler.interrupt();
            sampler.join();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = (processCpuNanos() - cpuStart) / 1e9;
        double jit = jitCpuSeconds() - jitStart;
        // the job's own run time: each local execution starts a MiniCluster first (about a second), which is
        // no part of the job's throughput and was most of the ceiling's short runs
        double secs = result.getNetRuntime(TimeUnit.MILLISECONDS) / 1e3;
        long forecasts = variant == Variant.FLOWCAST || variant == Variant.FLOWCAST_HASHMAP ? records(bootstrap, forecastsTopic) : 0;
        System.out.printf("%s %-9s %-16s %6.1f s (%4.1f s with the MiniCluster's start)  %,10.0f events/s  %,9.0f "
                + "forecasts/s  %.2f cores (JIT compiler %.2f)%n", w.name(), run > 0 ? "run " + run : "warm-up",
                label(variant), secs, wall, events / secs, forecasts / secs, cpu / wall, jit / wall);
        return new Run(secs, forecasts, cpu, peakHeap.get(), peakCheckpoint.get());
    }

    private static String label(Variant v) {
        return switch (v) {
            case NAIVE -> "naive keyed job";
            case FLOWCAST -> "flowcast job";
            case FLOWCAST_HASHMAP -> "flowcast hashmap";
            case READ_ONLY -> "read+parse only";
            default -> "read+parse, no provenance";
        };
    }

    /** The order deserializer with each order's provenance (raw bytes, topic, partition, offset) dropped as it leaves. */
    private record WithoutProvenance(io.flowcast.job.sources.OrderDeserializer inner)
            implements org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema<io.flowcast.job.records.ParsedOrder> {
        @Override
        public void deserialize(org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> record,
                                org.apache.flink.util.Collector<io.flowcast.job.records.ParsedOrder> out) {
            inner.deserialize(record, new org.apache.flink.util.Collector<>() {
                @Override
                public void collect(io.flowcast.job.records.ParsedOrder p) {
                    p.raw = null;
                    p.sourceTopic = null;
                    p.sourcePartition = -1;
                    p.sourceOffset = -1;
                    out.collect(p);
                }

                @Override
                public void close() {}
            });
        }

        @Override
        public org.apache.flink.api.common.typeinfo.TypeInformation<io.flowcast.job.records.ParsedOrder> getProducedType() {
            return inner.getProducedType();
        }
    }

    /**
     * CPU time of this whole process (broker, MiniCluster, command): how many of the cores a run kept busy. The
     * JIT compiler's share beside it says how far from a warm steady state a run still is: each run's MiniCluster
     * loads its RPC system (Pekko, Scala) afresh, and a short job keeps finding methods worth compiling.
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * CPU seconds of the JIT compiler's threads so far, from {@code /proc/self/task} (Linux; 0 elsewhere). The
     * CompilationMXBean's time is the compilers' elapsed time, which counts their waits for a core.
     */
    private static double jitCpuSeconds() {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return 0;
        }
        double ticks = 0;
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path t : (Iterable<Path>) threads::iterator) {
                try {
                    String name = Files.readString(t.resolve("comm")); // "C1 CompilerThre" / "C2 CompilerThre"
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        String stat = Files.readString(t.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we looked: its time is lost, as a sampler's would be
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks / 100.0; // USER_HZ is 100 on Linux
    }

    /**
     * Samples the used heap (the whole JVM: MiniCluster, broker, this command) and the largest
     * checkpoint directory every 250 ms: a finished job deletes its checkpoints.
     */
    private static Thread sampler(Path checkpoints, AtomicLong peakHeap, AtomicLong peakCheckpoint) {
        Thread t = new Thread(() -> {
            var memory = ManagementFactory.getMemoryMXBean();
            while (!Thread.currentThread().isInterrupted()) {
                peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                peakCheckpoint.accumulateAndGet(largestCheckpoint(checkpoints), Math::max);
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-sampler");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static long largestCheckpoint(Path root) {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(root)) {
            // each chk-N directory is one full checkpoint (no incremental checkpoints are configured)
            return files.filter(Files::isRegularFile).filter(p -> p.toString().contains("/chk-"))
                    .collect(java.util.stream.Collectors.groupingBy(p -> chkDir(p),
                            java.util.stream.Collectors.summingLong(BenchCommand::size)))
                    .values().stream().mapToLong(Long::longValue).max().orElse(0);
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0; // a checkpoint was being written or deleted while we looked
        }
    }

    private static String chkDir(Path p) {
        String s = p.toString();
        int i = s.indexOf("/chk-");
        int end = s.indexOf('/', i + 1);
        return end < 0 ? s : s.substring(0, end);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Records in a topic: the sum of its end offsets. Exactly-once writes also put a commit marker in
     * each partition per checkpoint, a few dozen at most here, so this over-counts by that much.
     */
    private static long records(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(bootstrap, "bench-count-" + System.nanoTime())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The JVM's garbage collectors, e.g. "PS Scavenge + PS MarkSweep": the heap job's figures depend on them. */
    private static String collectors() {
        return String.join(" + ", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList());
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int m = s.size() / 2;
        return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
    }
}
