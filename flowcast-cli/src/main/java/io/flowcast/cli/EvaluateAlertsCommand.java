package io.flowcast.cli;

import io.flowcast.core.alerts.CountTail;
import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.data.GeneratedRecord;
import io.flowcast.core.data.GeneratorConfig;
import io.flowcast.core.data.ImportedLine;
import io.flowcast.core.data.OnlineRetailReader;
import io.flowcast.core.data.Spike;
import io.flowcast.core.data.SyntheticOrderGenerator;
import io.flowcast.core.data.SyntheticProduct;
import io.flowcast.core.events.Alert;
import io.flowcast.core.events.OrderEvent;
import io.flowcast.job.ForecastPipeline;
import io.flowcast.job.config.JobOptions;
import io.flowcast.job.config.EngineOptions;
import io.flowcast.job.records.ParsedOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Scores the demand alerts: runs the real pipeline (buckets, forecasts, the alert rules) on a
 * bounded input in a local MiniCluster and compares the spike alerts with the generator's injected
 * spikes (precision, recall, delay), or counts the alerts a day on the Online Retail file.
 */
@Command(name = "evaluate-alerts", mixinStandardHelpOptions = true,
        description = {"Run the forecaster and the alert rules over a bounded input and score them:",
                "synthetic: precision, recall and delay of spike alerts against the generator's injected spikes;",
                "online-retail: alerts a day on the real file (daily buckets), with examples."})
public final class EvaluateAlertsCommand implements Callable<Integer> {
    @Option(names = "--data", description = "synthetic or online-retail (default: ${DEFAULT-VALUE}).")
    String data = "synthetic";
    @Option(names = "--seed", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed = 42;
    @Option(names = "--products", description = "Synthetic products (default: ${DEFAULT-VALUE}).")
    int products = 1000;
    @Option(names = "--duration", description = "Simulated span (default: ${DEFAULT-VALUE}).")
    String duration = "14d";
    @Option(names = "--orders-per-product-day", description = "Mean order lines per product per day (default: ${DEFAULT-VALUE}).")
    double ordersPerProductDay = 24;
    @Option(names = "--spikes", description = "Injected spikes (default: ${DEFAULT-VALUE}).")
    int spikes = 40;
    @Option(names = "--wholesale-share", description = "Share of wholesale lines of 24-144 units (default: the generator's ${DEFAULT-VALUE}).")
    double wholesaleShare = 0.003;
    @Option(names = "--bucket-size", description = "Bucket (and spike) width; default 1h synthetic, 1d online-retail.")
    String bucketSize;
    @Option(names = "--max-delay", description = "Latest bucket after the spike's own an alert still counts as finding it (default: ${DEFAULT-VALUE}).")
    int maxDelay = 2;
    @Option(names = "--file", description = "Online Retail CSV (default: the shared file).")
    Path file;
    @Option(names = "--examples", description = "Example alerts to print (default: ${DEFAULT-VALUE}).")
    int examples = 8;
    @Option(names = "--parallelism", description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism = 2;
    @Option(names = "--dump", description = "Write every alert record as JSON lines here (synthetic: and the spikes next to it as .spikes.csv).")
    Path dump;
    @Option(names = "--job-option", description = "Any job option as key=value, repeatable, e.g. alert-spike-margin=1.5.")
    List<String> jobOptions = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new EvaluateAlertsCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if ("synthetic".equals(data)) {
            return synthetic();
        }
        if ("online-retail".equals(data)) {
            return onlineRetail();
        }
        System.err.println("flowcast evaluate-alerts: --data must be synthetic or online-retail, got " + data);
        return 2;
    }

    private Configuration conf(String bucket) {
        java.util.Map<String, String> given = new java.util.LinkedHashMap<>();
        for (String kv : jobOptions) {
            int eq = kv.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("--job-option needs key=value, got " + kv);
            }
            given.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        Configuration conf = new Configuration();
        conf.set(JobOptions.BUCKET_SIZE, BucketSize.parseDuration(bucket));
        conf.set(JobOptions.PARALLELISM, parallelism);
        conf.addAll(JobOptions.fromMap(given)); // text from the command line: the job's parser checks it
        return conf;
    }

    /** The pipeline and its alerts over a bounded, in-memory input; all alert records. */
    private static List<Alert> runAlerts(List<ParsedOrder> orders, Configuration conf) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(conf.get(JobOptions.PARALLELISM));
        DataStream<ParsedOrder> parsed = env.fromData(orders, TypeInformation.of(ParsedOrder.class))
                .assignTimestampsAndWatermarks(ForecastPipeline.watermarks(conf));
        DataStream<Alert> alerts = ForecastPipeline.build(parsed, conf).alerts();
        CollectingSink.RESULTS.clear();
        alerts.sinkTo(new CollectingSink()).name("Collect alerts");
        env.execute("evaluate alerts");
        List<Alert> out = new ArrayList<>(CollectingSink.RESULTS);
        out.sort(Comparator.comparingLong((Alert a) -> a.bucketStart).thenComparing(a -> a.productId)
                .thenComparing(a -> a.kind).thenComparing(a -> a.status));
        return out;
    }

    /**
     * Collects into this JVM's memory: the local MiniCluster runs in-process, so nothing is lost at
     * the end of a bounded job (executeAndCollect's fetcher warned that it might be).
     */
    static final class CollectingSink implements Sink<Alert> {
        private static final long serialVersionUID = 1L;
        static final ConcurrentLinkedQueue<Alert> RESULTS = new ConcurrentLinkedQueue<>();

        @Override
        public SinkWriter<Alert> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(Alert a, Context ctx) {
                    RESULTS.add(a);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }

    // ------------------------------------------------------------------ synthetic

    private int synthetic() throws Exception {
        String bucket = bucketSize != null ? bucketSize : "1h";
        BucketSize size = BucketSize.parse(bucket);
        GeneratorConfig config = GeneratorConfig.builder().products(products)
                .duration(BucketSize.parseDuration(duration)).meanOrdersPerProductPerDay(ordersPerProductDay)
                .seed(seed).spikeCount(spikes).spikeBucket(java.time.Duration.ofMillis(size.millis())).wholesaleShare(wholesaleShare).build();
        SyntheticOrderGenerator gen = new SyntheticOrderGenerator(config);
        List<ParsedOrder> orders = new ArrayList<>();
        Set<String> wholesaleBuckets = new HashSet<>();
        while (gen.hasNext()) {
            GeneratedRecord r = gen.next();
            if (r.order != null) {
                orders.add(ParsedOrder.ok(r.order));
                if (r.order.quantity >= 24) {
                    wholesaleBuckets.add(r.order.productId + "@" + size.start(r.order.eventTime));
                }
            }
        }
        List<Spike> truth = gen.spikes();
        Map<String, Integer> spikeLines = linesInSpikeBuckets(orders, truth);
        Map<String, SyntheticProduct> catalogue = new HashMap<>();
        gen.products().forEach(p -> catalogue.put(p.productId(), p));
        System.out.printf(Locale.ROOT, "synthetic: %,d products, %s of %s buckets from %s, seed %d, %,d orders,"
                        + " %d injected spikes (x%.0f-%.0f), wholesale share %.3f%n", products, duration, bucket,
                config.start(), seed, orders.size(), truth.size(), config.spikeMinMultiplier(),
                config.spikeMaxMultiplier(), wholesaleShare);

        Configuration conf = conf(bucket);
        System.out.println("rules: " + EngineOptions.alertRules(conf));
        long t0 = System.nanoTime();
        List<Alert> alerts = runAlerts(orders, conf);
        System.out.printf(Locale.ROOT, "pipeline: %.1f s, %,d alert records%n", (System.nanoTime() - t0) / 1e9, alerts.size());

        if (dump != null) {
            writeDump(alerts);
            gen.writeGroundTruth(Path.of(dump + ".spikes.csv"));
            java.nio.file.Files.write(Path.of(dump + ".wholesale.txt"), wholesaleBuckets);
        }
        List<Alert> spikeOpens = alerts.stream().filter(a -> a.kind == Alert.Kind.SPIKE && a.status == Alert.Status.OPEN).toList();
        Map<String, Spike> truthByProduct = new HashMap<>();
        truth.forEach(s -> truthByProduct.put(s.productId(), s)); // at most one spike per product
        Map<Integer, Integer> delays = new TreeMap<>();
        Set<String> found = new HashSet<>();
        int truePositives = 0;
        Map<String, Integer> falseByCause = new TreeMap<>();
        List<Alert> falseExamples = new ArrayList<>();
        for (Alert a : spikeOpens) {
            Spike s = truthByProduct.get(a.productId);
            long d = s == null ? -1 : (a.bucketStart - s.bucketStart()) / size.millis();
            if (s != null && d >= 0 && d <= maxDelay) {
                truePositives++;
                if (found.add(s.productId())) {
                    delays.merge((int) d, 1, Integer::sum);
                }
            } else {
                falseByCause.merge(cause(a, catalogue.get(a.productId), wholesaleBuckets, size, config.start().toEpochMilli()), 1,
                        Integer::sum);
                falseExamples.add(a);
            }
        }
        List<Spike> missed = truth.stream().filter(s -> !found.contains(s.productId())).toList();
        double precision = spikeOpens.isEmpty() ? Double.NaN : (double) truePositives / spikeOpens.size();
        double recall = truth.isEmpty() ? Double.NaN : (double) found.size() / truth.size();
        long inBucket = delays.getOrDefault(0, 0);

        System.out.printf(Locale.ROOT, "%nspike alerts opened: %d, true: %d, false: %d%n", spikeOpens.size(),
                truePositives, spikeOpens.size() - truePositives);
        System.out.printf(Locale.ROOT, "precision %.3f   recall %.3f (%d of %d spikes)   recall in the spike's own bucket %.3f%n",
                precision, recall, found.size(), truth.size(), truth.isEmpty() ? Double.NaN : (double) inBucket / truth.size());
        System.out.println("delay in buckets of the found spikes: " + delays);
        // what a detector that knew each spike bucket's true unspiked line rate would find at the same alpha
        double alpha = EngineOptions.alertRules(conf).tailProbability();
        long oracle = truth.stream().filter(s -> CountTail.upper(spikeLines.getOrDefault(s.productId(), 0),
                s.expectedUnits() / gen.meanQuantity(), 1) < alpha).count();
        System.out.printf(Locale.ROOT, "oracle: a Poisson test on the true unspiked line rate finds %d of %d at alpha %.1e%n",
                oracle, truth.size(), alpha);
        System.out.println("false spike alerts by likely cause: " + falseByCause);
        for (Spike s : missed) {
            System.out.printf(Locale.ROOT, "  missed: %s at %s x%.1f, expected %.1f units, spiked mean %.1f, sold %.0f%n",
                    s.productId(), s.bucketStartInstant(), s.multiplier(), s.expectedUnits(), s.spikedExpectedUnits(),
                    s.actualUnits());
        }
        printKinds(alerts, size);
        System.out.println("\nexamples of false spike alerts:");
        falseExamples.stream().limit(examples).forEach(a -> System.out.println("  " + AlertConsole.format(a)));
        System.out.println("\nexamples of true spike alerts:");
        spikeOpens.stream().filter(a -> !falseExamples.contains(a)).limit(examples)
                .forEach(a -> System.out.println("  " + AlertConsole.format(a)));
        return 0;
    }

    /** Order lines of each spiked product in its spike bucket. */
    private static Map<String, Integer> linesInSpikeBuckets(List<ParsedOrder> orders, List<Spike> truth) {
        Map<String, Spike> byProduct = new HashMap<>();
        truth.forEach(s -> byProduct.put(s.productId(), s));
        Map<String, Integer> lines = new HashMap<>();
        for (ParsedOrder o : orders) {
            Spike s = byProduct.get(o.order.productId);
            if (s != null && s.contains(o.eventTime())) {
                lines.merge(s.productId(), 1, Integer::sum);
            }
        }
        return lines;
    }

    /** Why a spike alert with no injected spike behind it probably fired. */
    private static String cause(Alert a, SyntheticProduct p, Set<String> wholesaleBuckets, BucketSize size, long runStart) {
        if (wholesaleBuckets.contains(a.productId + "@" + a.bucketStart)) {
            return "wholesale line";
        }
        if (p != null && p.promotionStart() >= 0 && a.bucketStart >= p.promotionStart() - size.millis()
                && a.bucketStart < p.promotionEnd()) {
            return "promotion";
        }
        if (p != null && p.launchTime() > runStart && a.bucketStart >= p.launchTime()
                && a.bucketStart < p.launchTime() + 7 * 86_400_000L) {
            return "launch ramp";
        }
        if (a.bucketStart < runStart + 86_400_000L) {
            return "first day (warm-up)";
        }
        if (p != null && p.slowMover()) {
            return "slow mover";
        }
        return "other";
    }

    // ------------------------------------------------------------------ online retail

    private int onlineRetail() throws Exception {
        String bucket = bucketSize != null ? bucketSize : "1d";
        BucketSize size = BucketSize.parse(bucket);
        Path input = file != null ? file : OnlineRetailReader.defaultFile();
        List<ParsedOrder> orders = new ArrayList<>();
        try (OnlineRetailReader reader = OnlineRetailReader.open(input)) {
            while (reader.hasNext()) {
                ImportedLine line = reader.next();
                if (line.accepted()) {
                    orders.add(ParsedOrder.ok(line.order));
                }
            }
        }
        // a replay of a file in invoice order: sort so no line is late against the watermark
        orders.sort(Comparator.comparingLong(ParsedOrder::eventTime));
        Set<String> productIds = new HashSet<>();
        orders.forEach(o -> productIds.add(o.order.productId));
        long first = orders.get(0).eventTime();
        long last = orders.get(orders.size() - 1).eventTime();
        System.out.printf(Locale.ROOT, "online retail: %s, %,d order lines, %,d products, %s to %s, %s buckets%n",
                input.getFileName(), orders.size(), productIds.size(), Instant.ofEpochMilli(first),
                Instant.ofEpochMilli(last), bucket);
        Configuration conf = conf(bucket);
        System.out.println("rules: " + EngineOptions.alertRules(conf));
        long t0 = System.nanoTime();
        List<Alert> alerts = runAlerts(orders, conf);
        System.out.printf(Locale.ROOT, "pipeline: %.1f s, %,d alert records%n", (System.nanoTime() - t0) / 1e9, alerts.size());
        if (dump != null) {
            writeDump(alerts);
        }

        // days the shop traded: a day with no orders at all is no day to count alerts on
        Set<Long> tradingDays = new HashSet<>();
        orders.forEach(o -> tradingDays.add(size.start(o.eventTime())));
        printKinds(alerts, size);
        Map<Long, Integer> perDay = new TreeMap<>();
        for (Alert a : alerts) {
            if (a.status == Alert.Status.OPEN) {
                perDay.merge(size.start(a.bucketStart), 1, Integer::sum);
            }
        }
        List<Integer> counts = new ArrayList<>();
        for (long d : tradingDays) {
            counts.add(perDay.getOrDefault(d, 0));
        }
        counts.sort(null);
        double mean = counts.stream().mapToInt(Integer::intValue).average().orElse(0);
        System.out.printf(Locale.ROOT, "%nalerts opened per trading day (%d days): mean %.1f, median %d, p90 %d, max %d%n",
                counts.size(), mean, counts.get(counts.size() / 2), counts.get((int) (0.9 * (counts.size() - 1))),
                counts.get(counts.size() - 1));
        // a closed day still closes a (zero) bucket for every product, and the rules judge it
        int onTradingDays = counts.stream().mapToInt(Integer::intValue).sum();
        int all = perDay.values().stream().mapToInt(Integer::intValue).sum();
        long closedDays = perDay.keySet().stream().filter(d -> !tradingDays.contains(d)).count();
        System.out.printf(Locale.ROOT, "alerts opened on days without any order (shop closed): %d more, on %d days;"
                + " all %d over the %d trading days: %.2f a trading day%n", all - onTradingDays, closedDays, all,
                counts.size(), (double) all / counts.size());
        Map<String, Integer> perMonth = new TreeMap<>();
        perDay.forEach((d, n) -> perMonth.merge(LocalDate.ofInstant(Instant.ofEpochMilli(d), ZoneOffset.UTC).toString()
                .substring(0, 7), n, Integer::sum));
        System.out.println("alerts opened per month: " + perMonth);

        System.out.println("\nexamples (the most improbable of each kind, then a few ordinary ones):");
        for (Alert.Kind k : Alert.Kind.values()) {
            alerts.stream().filter(a -> a.kind == k && a.status == Alert.Status.OPEN)
                    .sorted(Comparator.comparing((Alert a) -> a.tailProbability == null ? 1.0 : a.tailProbability))
                    .limit(2).forEach(a -> System.out.println("  " + AlertConsole.format(a)));
        }
        List<Alert> opens = alerts.stream().filter(a -> a.status == Alert.Status.OPEN).toList();
        for (int i = 0; i < Math.min(examples, opens.size()); i++) {
            System.out.println("  " + AlertConsole.format(opens.get((int) ((long) i * opens.size() / examples))));
        }
        return 0;
    }

    private void writeDump(List<Alert> alerts) throws java.io.IOException {
        try (java.io.BufferedWriter w = java.nio.file.Files.newBufferedWriter(dump)) {
            for (Alert a : alerts) {
                w.write(io.flowcast.core.json.Json.toString(a));
                w.write('\n');
            }
        }
    }

    private static void printKinds(List<Alert> alerts, BucketSize size) {
        Map<Alert.Kind, int[]> byKind = new EnumMap<>(Alert.Kind.class);
        for (Alert a : alerts) {
            byKind.computeIfAbsent(a.kind, k -> new int[3])[a.status.ordinal()]++;
        }
        System.out.println("\nalert records by kind (open / update / resolved):");
        byKind.forEach((k, n) -> System.out.printf(Locale.ROOT, "  %-10s %6d %6d %6d%n", k, n[0], n[1], n[2]));
        long buckets = alerts.stream().mapToLong(a -> a.bucketStart).distinct().count();
        if (!alerts.isEmpty()) {
            long span = alerts.get(alerts.size() - 1).bucketStart - alerts.get(0).bucketStart + size.millis();
            long opens = alerts.stream().filter(a -> a.status == Alert.Status.OPEN).count();
            System.out.printf(Locale.ROOT, "  %d opened over %.1f days: %.1f a day (%d buckets with any alert record)%n",
                    opens, span / 86_400_000.0, opens * 86_400_000.0 / span, buckets);
        }
        if (size.millis() < 86_400_000L) {
            printShiftsByHour(alerts);
        }
    }

    /**
     * Shift opens by hour of day: a forecast that misses the daily cycle shows as SHIFT_UP at the
     * daily peak and SHIFT_DOWN at night (as `auto` after issue 11 did; docs/alerts.md).
     */
    private static void printShiftsByHour(List<Alert> alerts) {
        System.out.println("shift opens by hour of day (UTC), 00-23:");
        for (Alert.Kind kind : List.of(Alert.Kind.SHIFT_UP, Alert.Kind.SHIFT_DOWN)) {
            int[] byHour = new int[24];
            alerts.stream().filter(a -> a.kind == kind && a.status == Alert.Status.OPEN)
                    .forEach(a -> byHour[(int) Math.floorMod(a.bucketStart / 3_600_000L, 24L)]++);
            StringBuilder line = new StringBuilder();
            for (int n : byHour) {
                line.append(String.format(Locale.ROOT, "%4d", n));
            }
            System.out.printf(Locale.ROOT, "  %-10s%s%n", kind, line);
        }
    }
}
