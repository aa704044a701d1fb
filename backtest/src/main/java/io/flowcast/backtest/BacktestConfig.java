package io.flowcast.backtest;

import io.flowcast.backtest.sources.OrderInput;
import io.flowcast.core.buckets.BucketSize;
import io.flowcast.job.config.JobOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.configuration.Configuration;

/**
 * What a backtest replays and how: the input, the bucket size, horizon and lookback, the runs
 * (forecasters) side by side, and where the report goes. The job options of each run follow from
 * it ({@link #jobOptions(RunSpec)}).
 *
 * <p>Replay defaults that differ from the live job, and why:
 * <ul>
 *   <li>{@code --state-backend hashmap}: state on the heap, several times faster than RocksDB for a
 *       bounded replay that needs no state larger than memory and no checkpoints;</li>
 *   <li>{@code --product-idle-timeout} far beyond any replay ({@link #NO_EXPIRY}): whether the live
 *       function drops an idle product depends on whether the product's next order reached it before
 *       the watermark closed the idle bucket, a matter of timing, so with expiry two replays could
 *       differ. Without it every product closes every bucket from its first to its last order.</li>
 * </ul>
 * Pass the live job's value with {@code jobOption("product-idle-timeout", ...)} to replay exactly
 * what a live job with expiry did (then determinism holds only where no product went idle that long).
 */
public final class BacktestConfig {
    /** A product-idle-timeout that no replay reaches. */
    public static final String NO_EXPIRY = "36500d";

    private final OrderInput input;
    private final BucketSize bucketSize;
    private final int horizon;
    private final int lookback;
    private final List<RunSpec> runs;
    private final Path outDir;
    private final int productsToChart;
    private final int parallelism;
    private final Map<String, String> jobOptions;
    private final double fastUnitsPerBucket;
    /** Only forecasts for buckets starting at or after this are scored (a hold-out window); MIN = all. */
    private final long scoreFrom;
    private final List<String> chartProducts;
    /** Rolling origins every this many millis from scoreFrom; 0 scores every forecast. */
    private final long originEvery;
    /** Score only the N products with most selling days before scoreFrom; 0 = all. */
    private final int topProducts;
    /** Write every scored forecast step to {@link ForecastCsv#FILE} in the report directory. */
    private final boolean exportForecasts;

    private BacktestConfig(Builder b) {
        this.input = Objects.requireNonNull(b.input, "input");
        this.bucketSize = b.bucketSize;
        this.horizon = b.horizon;
        this.lookback = b.lookback;
        this.runs = List.copyOf(b.runs.isEmpty() ? RunSpec.parseAll(RunSpec.DEFAULT_FORECASTERS) : b.runs);
        this.outDir = b.outDir;
        this.productsToChart = b.productsToChart;
        this.parallelism = b.parallelism;
        this.jobOptions = Map.copyOf(b.jobOptions);
        this.fastUnitsPerBucket = b.fastUnitsPerBucket;
        this.scoreFrom = b.scoreFrom;
        this.chartProducts = List.copyOf(b.chartProducts);
        this.originEvery = b.originEvery;
        this.topProducts = b.topProducts;
        this.exportForecasts = b.exportForecasts;
        if (originEvery > 0 && scoreFrom == Long.MIN_VALUE) {
            throw new IllegalArgumentException("--origins-every needs the first origin: --score-from");
        }
        if (originEvery < 0 || topProducts < 0) {
            throw new IllegalArgumentException("origins-every and top-products must not be negative");
        }
        if (horizon < 1 || lookback < 2 || parallelism < 1 || productsToChart < 0) {
            throw new IllegalArgumentException("need horizon >= 1, lookback >= 2, parallelism >= 1, products-to-chart >= 0");
        }
        for (RunSpec r : runs) {
            jobOptions(r); // fail now on a bad option, not after the first replay
        }
    }

    public static Builder builder(OrderInput input) {
        return new Builder(input);
    }

    /**
     * The job options of one run, parsed by the job's own parser. Order of precedence: the run's
     * own options, then {@link Builder#jobOption}, then the backtest's settings.
     */
    public Configuration jobOptions(RunSpec run) {
        Configuration conf = new Configuration();
        conf.set(JobOptions.BUCKET_SIZE, java.time.Duration.ofMillis(bucketSize.millis()));
        conf.set(JobOptions.HORIZON, horizon);
        conf.set(JobOptions.LOOKBACK, lookback);
        conf.set(JobOptions.PARALLELISM, parallelism);
        conf.set(JobOptions.BOUNDED, true);
        conf.set(JobOptions.STATE_BACKEND, "hashmap");
        conf.set(JobOptions.PRODUCT_IDLE_TIMEOUT, BucketSize.parseDuration(NO_EXPIRY));
        // options given as text (--job-option, the run's own) are checked by the job's parser, the run's last
        conf.addAll(JobOptions.fromMap(jobOptions));
        conf.addAll(JobOptions.fromMap(Map.of(JobOptions.FORECASTER.key(), run.forecaster())));
        conf.addAll(JobOptions.fromMap(run.options()));
        return conf;
    }

    /** The options every run shares (no run's own options): what the shared source is built with. */
    public Configuration commonJobOptions() {
        return jobOptions(new RunSpec("common", "auto", Map.of()));
    }

    public OrderInput input() { return input; }
    public BucketSize bucketSize() { return bucketSize; }
    public int horizon() { return horizon; }
    public int lookback() { return lookback; }
    public List<RunSpec> runs() { return runs; }
    public Path outDir() { return outDir; }
    public int productsToChart() { return productsToChart; }
    public int parallelism() { return parallelism; }
    public Map<String, String> extraJobOptions() { return jobOptions; }
    public double fastUnitsPerBucket() { return fastUnitsPerBucket; }
    public long scoreFrom() { return scoreFrom; }
    /** Products always charted, besides the top sellers and the worst. */
    public List<String> chartProducts() { return chartProducts; }
    public long originEvery() { return originEvery; }
    public int topProducts() { return topProducts; }
    public boolean exportForecasts() { return exportForecasts; }

    /** Settings with the defaults of {@code flowcast backtest}. */
    public static final class Builder {
        private final OrderInput input;
        private BucketSize bucketSize = BucketSize.parse("1d");
        private int horizon = 7;
        private int lookback = JobOptions.LOOKBACK.defaultValue();
        private final List<RunSpec> runs = new ArrayList<>();
        private Path outDir = Path.of("backtest-report");
        private int productsToChart = 6;
        private int parallelism = 2;
        private final Map<String, String> jobOptions = new LinkedHashMap<>();
        private double fastUnitsPerBucket = io.flowcast.core.metrics.DemandSegment.DEFAULT_FAST_UNITS_PER_BUCKET;
        private long scoreFrom = Long.MIN_VALUE;
        private final List<String> chartProducts = new ArrayList<>();
        private long originEvery;
        private int topProducts;
        private boolean exportForecasts;

        private Builder(OrderInput input) {
            this.input = input;
        }

        public Builder bucketSize(String v) { bucketSize = BucketSize.parse(v); return this; }
        public Builder horizon(int v) { horizon = v; return this; }
        public Builder lookback(int v) { lookback = v; return this; }
        public Builder run(String spec) { runs.add(RunSpec.parse(spec)); return this; }
        public Builder runs(List<String> specs) { runs.clear(); runs.addAll(RunSpec.parseAll(specs)); return this; }
        public Builder outDir(Path v) { outDir = v; return this; }
        public Builder productsToChart(int v) { productsToChart = v; return this; }
        public Builder parallelism(int v) { parallelism = v; return this; }
        /** Any job option by its key (as on the job's command line), for every run. */
        public Builder jobOption(String key, String value) { jobOptions.put(key, value); return this; }
        public Builder fastUnitsPerBucket(double v) { fastUnitsPerBucket = v; return this; }
        public Builder scoreFrom(long v) { scoreFrom = v; return this; }
        public Builder chartProduct(String id) { chartProducts.add(id); return this; }
        public Builder originEvery(long millis) { originEvery = millis; return this; }
        public Builder topProducts(int n) { topProducts = n; return this; }
        public Builder exportForecasts(boolean v) { exportForecasts = v; return this; }

        public BacktestConfig build() {
            return new BacktestConfig(this);
        }
    }
}
