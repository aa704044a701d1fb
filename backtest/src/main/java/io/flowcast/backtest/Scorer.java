package io.flowcast.backtest;

import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.events.Forecast;
import io.flowcast.core.events.ForecastStep;
import io.flowcast.core.forecast.Intermittency;
import io.flowcast.core.metrics.DemandSegment;
import io.flowcast.core.metrics.ErrorAccumulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores one run's forecasts against the actuals that arrived later, as they stream in, with the
 * {@link ErrorAccumulator} of forecast-core.
 *
 * <p>Every forecast carries the actual of its own bucket, so the actual of a target bucket is the
 * {@code actual} of the same product's forecast whose {@code bucketStart} is that target; where a
 * bucket was re-issued after a late correction the highest revision wins, for the actual and for the
 * forecast made at that bucket (the job's last word on it). Step h of a forecast made at bucket t is
 * scored if bucket t + h got an actual; targets past the end of the replay are not.
 *
 * <p><b>Memory does not grow with the number of forecasts.</b> Per product it keeps a ring of the
 * last {@code horizon + 1 + }{@link #REORDER} buckets (a bucket is final once a forecast
 * {@link #REORDER} buckets newer arrived: the job re-issues only its newest bucket, and one keyed
 * subtask emits a product's forecasts in order), one accumulator per step, a few counts for its
 * segment and MASE scale, and the step-1 forecasts of its last {@link #CHART_BUCKETS} buckets for
 * the report's charts: O(products x (horizon^2 + chart buckets)). A forecast older than the ring
 * arrives too late to count and is only counted ({@link #tooLate}). Scored rows go to the export as
 * each forecast's last step is scored: in arrival order per writer subtask, the writers interleaved.
 *
 * <p>MASE: each forecast is scaled by the in-sample seasonal-naive MAE of its product's actuals up to
 * and including its own bucket (period {@link BucketSize#seasonPeriod()}, 7 for daily buckets, as
 * {@link io.flowcast.core.metrics.AccuracyMetrics#maseScales}), so no future data leaks into the
 * scale. Forecasts whose product has no positive scale yet are left out of MASE only.
 *
 * <p>Segments ({@link DemandSegment#classifyHistory}: trailing zero buckets count as an interval) are
 * decided once per product on its whole replayed series, at the end, and the caller passes the same
 * map to every run, so models are compared on the same products.
 */
public final class Scorer {
    /** Row names of the segment dimension; index 0 pools every product. */
    public static final List<String> SEGMENTS = List.of("all", "fast", "slow", "intermittent");
    /** Buckets a forecast may arrive behind its product's newest one and still count. */
    public static final int REORDER = 3;
    /** Step-1 forecasts kept per product for the charts (the newest ones). */
    public static final int CHART_BUCKETS = 182;

    private final int horizon;
    private final long bucketMillis;
    private final int period;
    private final double fastUnitsPerBucket;
    private final Map<String, Track> tracks = new HashMap<>();
    private long forecasts;
    private long revisions;
    private long tooLate;
    private final Sample scatter = new Sample(RunResult.SCATTER_POINTS);
    private boolean flushed;

    /** Forecasts for target buckets before this are not scored (the replay still runs over them). */
    private long scoreFrom = Long.MIN_VALUE;
    /** Rolling origins: > 0 scores only forecasts whose first target is scoreFrom + k * originEvery. */
    private long originEvery;
    /** > 0: only the N products with the most selling days before scoreFrom are scored. */
    private int topProducts;
    /** Every scored forecast step goes here as a row, or nowhere when null. */
    private ForecastCsv.Writer export;
    private String label = "";
    private final Map<String, String> names = new HashMap<>();

    public Scorer scoreFrom(long start) {
        this.scoreFrom = start;
        return this;
    }

    /**
     * The rolling-origin protocol (R's {@code tsCV}, statsforecast's {@code cross_validation}): an
     * origin every {@code every} millis from {@link #scoreFrom}; only the forecast whose step 1 is an
     * origin is scored, all its steps. A target after a product's last closed bucket but within the
     * replay counts as zero (the product sold nothing more), so every origin forecast scores H steps;
     * origins whose step H lies past the replay's last bucket are not scored.
     */
    public Scorer origins(long every, int topProducts) {
        if (every < 0 || topProducts < 0) {
            throw new IllegalArgumentException("origins-every and top-products must not be negative");
        }
        if (every > 0 && scoreFrom == Long.MIN_VALUE) {
            throw new IllegalArgumentException("rolling origins need a first origin (score-from)");
        }
        this.originEvery = every;
        this.topProducts = topProducts;
        return this;
    }

    /**
     * Rows of this run ({@code label}) go to {@code writer} as they are scored. With
     * {@code topProducts} every product's rows are written, and {@link #score} tells the writer which
     * products to keep ({@link ForecastCsv.Writer#keepOnly}) once they are known.
     */
    public Scorer export(ForecastCsv.Writer writer, String label) {
        this.export = writer;
        this.label = label;
        return this;
    }

    public Scorer(int horizon, BucketSize bucketSize, double fastUnitsPerBucket) {
        this.horizon = horizon;
        this.bucketMillis = bucketSize.millis();
        this.period = Math.max(1, bucketSize.seasonPeriod());
        this.fastUnitsPerBucket = fastUnitsPerBucket;
    }

    public static int segmentIndex(DemandSegment s) {
        return s.ordinal() + 1;
    }

    /** Takes one forecast; a product's forecasts may arrive up to {@link #REORDER} buckets out of order. */
    public void accept(Forecast f) {
        if (f.bucketSizeMillis != bucketMillis) {
            throw new IllegalArgumentException("forecast bucket size " + f.bucketSizeMillis + " ms, backtest uses "
                    + bucketMillis);
        }
        if (flushed) {
            throw new IllegalStateException("already scored");
        }
        forecasts++;
        if (f.revision > 0) {
            revisions++;
        }
        long b = Math.floorDiv(f.bucketStart, bucketMillis);
        Track t = tracks.computeIfAbsent(f.productId, id -> new Track(id, b));
        if (b <= t.finalUpTo) {
            tooLate++;
            return;
        }
        if (b > t.newest) {
            for (long x = t.finalUpTo + 1; x <= b - 1 - REORDER; x++) {
                finalizeBucket(t, x);
            }
            t.newest = b;
        }
        if (b < t.first) {
            t.first = b;
        }
        int s = t.slot(b);
        if (t.bucket[s] != b) {
            t.clear(s, b);
        }
        if (f.revision >= t.revision[s]) {
            t.revision[s] = f.revision;
            t.actual[s] = f.actual;
            Arrays.fill(t.steps, s * horizon * 4, (s + 1) * horizon * 4, Double.NaN); // a revision may have fewer steps
            if (export != null) {
                t.model[s] = names.computeIfAbsent(f.forecaster + ',' + f.modelVersion, k -> k); // one copy per name
            }
            for (ForecastStep step : f.steps) {
                if (step.step >= 1 && step.step <= horizon) {
                    int k = (s * horizon + step.step - 1) * 4;
                    t.steps[k] = step.point;
                    t.steps[k + 1] = step.p10;
                    t.steps[k + 2] = step.p50;
                    t.steps[k + 3] = step.p90;
                }
            }
        }
    }

    /**
     * Takes over the products {@code part} scored (a scorer with the same settings, fed by another
     * writer subtask: no product in both) before any scores are read; {@code part} is spent.
     */
    public void merge(Scorer part) {
        if (flushed || part.flushed || part.horizon != horizon || part.bucketMillis != bucketMillis) {
            throw new IllegalStateException("merge scorers of one run before scoring");
        }
        part.tracks.forEach((id, t) -> {
            if (tracks.putIfAbsent(id, t) != null) {
                throw new IllegalStateException("product " + id + " was scored by two writers");
            }
        });
        forecasts += part.forecasts;
        revisions += part.revisions;
        tooLate += part.tooLate;
        scatter.merge(part.scatter);
    }

    /**
     * Bucket x of t is final: its actual joins the product's counts and scale, the step-1 forecast for
     * it joins the chart, and the forecast whose last step it is, is scored.
     */
    private void finalizeBucket(Track t, long x) {
        if (x < t.first) {
            t.finalUpTo = x; // before the product's first bucket: nothing to finalize
            return;
        }
        int s = t.slot(x);
        if (t.bucket[s] != x) {
            t.clear(s, x); // no forecast for this bucket (a gap, e.g. a dormant product)
        }
        double a = t.actual[s];
        long i = x - t.first;
        t.length = i + 1;
        if (!Double.isNaN(a)) {
            t.units += a;
            if (a > 0) {
                t.nonzero++;
                t.sumPositive += a;
                t.lastNonzero = i;
                if ((x + 1) * bucketMillis <= scoreFrom) {
                    t.sellingDaysBefore++;
                }
            }
        }
        double old = t.recent[(int) Math.floorMod(x, (long) period)];
        if (i >= period && !Double.isNaN(a) && !Double.isNaN(old)) {
            t.scaleSum += Math.abs(a - old);
            t.scaleCount++;
        }
        t.recent[(int) Math.floorMod(x, (long) period)] = a;
        t.scale[s] = t.scaleCount == 0 ? Double.NaN : t.scaleSum / t.scaleCount;
        int prev = t.slot(x - 1);
        if (t.bucket[prev] == x - 1) {
            int k = prev * horizon * 4;
            t.chart(x, a, t.steps[k], t.steps[k + 1], t.steps[k + 3]);
        } else {
            t.chart(x, a, Double.NaN, Double.NaN, Double.NaN);
        }
        t.finalUpTo = x;
        scoreForecast(t, x - horizon, x);
    }

    /** Scores the forecast made at bucket f of t (if any) with the actuals final up to bucket {@code last}. */
    private void scoreForecast(Track t, long f, long last) {
        if (f < t.first) {
            return;
        }
        int s = t.slot(f);
        if (t.bucket[s] != f || t.revision[s] < 0) {
            return;
        }
        long firstTarget = (f + 1) * bucketMillis;
        if (originEvery > 0 && (firstTarget < scoreFrom || (firstTarget - scoreFrom) % originEvery != 0
                || f + horizon > last)) {
            return; // not an origin, or one whose last step the replay does not reach
        }
        for (int h = 1; h <= horizon; h++) {
            long target = (f + h) * bucketMillis;
            if (target < scoreFrom) {
                continue; // a target before the hold-out window
            }
            double actual = f + h <= t.finalUpTo ? t.actual[t.slot(f + h)] : Double.NaN;
            if (Double.isNaN(actual) && originEvery > 0 && f + h <= last) {
                actual = 0; // no forecast for the bucket (the product stopped, or slept): nothing sold
            }
            int k = (s * horizon + h - 1) * 4;
            double point = t.steps[k];
            if (Double.isNaN(actual) || Double.isNaN(point)) {
                continue;
            }
            double p10 = t.steps[k + 1];
            double p50 = t.steps[k + 2];
            double p90 = t.steps[k + 3];
            if (export != null) {
                export.row(label, t.id, firstTarget, h, target, actual, point, p10, p50, p90, t.model[s]);
            }
            t.acc[h - 1].add(actual, point, p10, p50, p90, t.scale[s]);
            if (h == 1) {
                scatter.add(t.id.hashCode() * 31L + f, actual, point);
            }
        }
    }

    /** The end of the replay: every pending bucket is final; forecasts whose steps ran past it are scored. */
    private void flush() {
        if (flushed) {
            return;
        }
        flushed = true;
        long last = Long.MIN_VALUE;
        for (Track t : tracks.values()) {
            last = Math.max(last, t.newest);
        }
        for (Track t : new TreeMap<>(tracks).values()) {
            for (long x = t.finalUpTo + 1; x <= t.newest; x++) {
                finalizeBucket(t, x);
            }
            for (long f = t.newest - horizon + 1; f <= t.newest; f++) {
                scoreForecast(t, f, last);
            }
        }
    }

    public long forecasts() {
        return forecasts;
    }

    /** Forecasts that arrived more than {@link #REORDER} buckets behind their product's newest: not scored. */
    public long tooLate() {
        return tooLate;
    }

    public int products() {
        return tracks.size();
    }

    /** Array slots held over every product and the scatter sample: what this scorer's memory grows with. */
    long retainedValues() {
        long n = 3L * scatter.keys.length;
        for (Track t : tracks.values()) {
            n += t.bucket.length * 5L + t.steps.length + t.recent.length + t.chart.length
                    + (long) t.acc.length * ErrorAccumulator.class.getDeclaredFields().length;
        }
        return n;
    }

    /** Each product's segment from its actuals, buckets without a forecast counted as zero. Ends the input. */
    public Map<String, DemandSegment> segments() {
        flush();
        Map<String, DemandSegment> out = new HashMap<>();
        tracks.forEach((id, t) -> out.put(id, t.segment(fastUnitsPerBucket)));
        return out;
    }

    /** Units sold per product over the replay. Ends the input. */
    public Map<String, Double> totalUnits() {
        flush();
        Map<String, Double> out = new HashMap<>();
        tracks.forEach((id, t) -> out.put(id, t.units));
        return out;
    }

    /**
     * The scores, after the input ended. Products missing from {@code segments} are classified here.
     * Deterministic: products are merged in id order.
     */
    public RunResult score(String label, Map<String, DemandSegment> segments, double replaySeconds, long recordsRead) {
        flush();
        ErrorAccumulator[][] acc = new ErrorAccumulator[SEGMENTS.size()][horizon];
        for (ErrorAccumulator[] row : acc) {
            for (int h = 0; h < horizon; h++) {
                row[h] = new ErrorAccumulator();
            }
        }
        Map<String, ErrorAccumulator> perProduct = new TreeMap<>();
        java.util.Set<String> scored = scoredProducts();
        if (export != null && scored != null) {
            export.keepOnly(this.label, scored);
        }
        for (Map.Entry<String, Track> e : new TreeMap<>(tracks).entrySet()) {
            Track t = e.getValue();
            if (scored != null && !scored.contains(e.getKey())) {
                continue;
            }
            DemandSegment seg = segments.get(e.getKey());
            if (seg == null) {
                seg = t.segment(fastUnitsPerBucket);
            }
            ErrorAccumulator product = new ErrorAccumulator();
            for (int h = 0; h < horizon; h++) {
                acc[0][h].merge(t.acc[h]);
                acc[segmentIndex(seg)][h].merge(t.acc[h]);
                product.merge(t.acc[h]);
            }
            perProduct.put(e.getKey(), product);
        }
        return new RunResult(label, forecasts, revisions, tooLate, tracks.size(), replaySeconds, recordsRead, acc, perProduct,
                scatter.actual(), scatter.point());
    }

    /**
     * The products scored: with {@code topProducts}, the N with the most selling days (buckets with
     * units > 0) before {@link #scoreFrom}, ties by id; null for all of them. Ends the input.
     */
    public java.util.Set<String> scoredProducts() {
        if (topProducts <= 0) {
            return null;
        }
        flush();
        List<String> ids = new ArrayList<>(tracks.keySet());
        ids.sort(java.util.Comparator.comparing((String id) -> -tracks.get(id).sellingDaysBefore).thenComparing(id -> id));
        return new java.util.HashSet<>(ids.subList(0, Math.min(topProducts, ids.size())));
    }

    /**
     * A product's actuals and this run's step-1 forecasts aligned by target bucket (index i holds the
     * forecast made at bucket i - 1 for bucket i) over its last {@link #CHART_BUCKETS} buckets, for the
     * charts; null if the product was not seen. Ends the input.
     */
    public ProductSeries series(String productId) {
        flush();
        Track t = tracks.get(productId);
        if (t == null) {
            return null;
        }
        int n = (int) Math.min(CHART_BUCKETS, t.finalUpTo - t.first + 1);
        long from = t.finalUpTo - n + 1;
        double[] actual = new double[n];
        double[] point = new double[n];
        double[] p10 = new double[n];
        double[] p90 = new double[n];
        for (int i = 0; i < n; i++) {
            int c = (int) Math.floorMod(from + i, (long) CHART_BUCKETS) * 4;
            actual[i] = t.chart[c];
            point[i] = t.chart[c + 1];
            p10[i] = t.chart[c + 2];
            p90[i] = t.chart[c + 3];
        }
        return new ProductSeries(productId, from * bucketMillis, bucketMillis, actual, point, p10, p90);
    }

    /** One product: a ring of its newest buckets and what is summed over all of them. */
    private final class Track {
        final String id;
        long first;
        long newest;
        /** Buckets up to this one are final (their actual and forecast will not change). */
        long finalUpTo;
        /** Per ring slot: the bucket number it holds, its revision, actual, MASE scale, model, steps. */
        final long[] bucket;
        final int[] revision;
        final double[] actual;
        final double[] scale;
        final String[] model;
        /** Per slot, per step: point, p10, p50, p90. */
        final double[] steps;
        final ErrorAccumulator[] acc;
        /** Actuals of the last {@code period} final buckets, by bucket number mod period (NaN: none). */
        final double[] recent;
        double scaleSum;
        long scaleCount;
        /** Per chart slot (bucket number mod CHART_BUCKETS): actual, point, p10, p90 of step 1. */
        final float[] chart = new float[CHART_BUCKETS * 4];
        long length;
        long nonzero;
        long lastNonzero = -1;
        double sumPositive;
        double units;
        int sellingDaysBefore;

        Track(String id, long firstBucket) {
            this.id = id;
            this.first = firstBucket;
            this.newest = firstBucket;
            this.finalUpTo = firstBucket - 1 - REORDER; // room for a few earlier buckets arriving late
            int slots = horizon + 1 + REORDER;
            bucket = new long[slots];
            Arrays.fill(bucket, Long.MIN_VALUE);
            revision = new int[slots];
            actual = new double[slots];
            scale = new double[slots];
            model = new String[slots];
            steps = new double[slots * horizon * 4];
            acc = new ErrorAccumulator[horizon];
            for (int h = 0; h < horizon; h++) {
                acc[h] = new ErrorAccumulator();
            }
            recent = new double[period];
            Arrays.fill(recent, Double.NaN);
            Arrays.fill(chart, Float.NaN);
        }

        int slot(long b) {
            return (int) Math.floorMod(b, (long) bucket.length);
        }

        void clear(int s, long b) {
            bucket[s] = b;
            revision[s] = -1;
            actual[s] = Double.NaN;
            scale[s] = Double.NaN;
            model[s] = null;
            Arrays.fill(steps, s * horizon * 4, (s + 1) * horizon * 4, Double.NaN);
        }

        void chart(long b, double a, double point, double p10, double p90) {
            int c = (int) Math.floorMod(b, (long) CHART_BUCKETS) * 4;
            chart[c] = (float) a;
            chart[c + 1] = (float) point;
            chart[c + 2] = (float) p10;
            chart[c + 3] = (float) p90;
        }

        /** {@link DemandSegment#classifyHistory} from the counts (the same rules, without the series). */
        DemandSegment segment(double fast) {
            if (nonzero == 0 || (double) length / nonzero >= Intermittency.ADI_CUTOFF
                    || (lastNonzero + 1.0) / nonzero >= Intermittency.ADI_CUTOFF) {
                return DemandSegment.INTERMITTENT;
            }
            return sumPositive / length >= fast ? DemandSegment.FAST : DemandSegment.SLOW;
        }
    }

    /**
     * At most {@code max} (actual, point) pairs, kept by a hash of their key: a pair stays while its
     * hash's low {@code level} bits are zero, and the level rises when the sample is full. The same
     * pairs are kept, in key order, whatever order they arrive in.
     */
    static final class Sample {
        private final int max;
        private long[] keys;
        private double[] actual;
        private double[] point;
        private int size;
        private int level;

        Sample(int max) {
            this.max = max;
            this.keys = new long[max];
            this.actual = new double[max];
            this.point = new double[max];
        }

        void add(long key, double a, double p) {
            long hash = mix(key);
            if ((hash & ((1L << level) - 1)) != 0) {
                return;
            }
            while (size == keys.length) { // a rise may keep every pair
                rise(level + 1);
                if ((hash & ((1L << level) - 1)) != 0) {
                    return;
                }
            }
            keys[size] = key;
            actual[size] = a;
            point[size] = p;
            size++;
        }

        /**
         * The pairs {@code other} kept, as if all its pairs had arrived here: the level first rises to
         * other's (this sample would have dropped the rest too), so what stays does not depend on the order.
         */
        void merge(Sample other) {
            rise(Math.max(level, other.level));
            for (int i = 0; i < other.size; i++) {
                add(other.keys[i], other.actual[i], other.point[i]);
            }
        }

        private void rise(int to) {
            level = to;
            int kept = 0;
            for (int i = 0; i < size; i++) {
                if ((mix(keys[i]) & ((1L << level) - 1)) == 0) {
                    keys[kept] = keys[i];
                    actual[kept] = actual[i];
                    point[kept] = point[i];
                    kept++;
                }
            }
            size = kept;
        }

        double[] actual() {
            return ordered(actual);
        }

        double[] point() {
            return ordered(point);
        }

        private double[] ordered(double[] values) {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            // equal keys (two products' hashes can collide) by value: the order then never depends on arrival
            Arrays.sort(order, java.util.Comparator.<Integer>comparingLong(i -> keys[i])
                    .thenComparingDouble(i -> actual[i]).thenComparingDouble(i -> point[i]));
            double[] out = new double[size];
            for (int i = 0; i < size; i++) {
                out[i] = values[order[i]];
            }
            return out;
        }

        private static long mix(long z) { // SplitMix64's finaliser
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }
    }

    /** For tests and the report: the accumulators of one segment pooled over all steps. */
    static ErrorAccumulator pooled(ErrorAccumulator[] bySteps) {
        ErrorAccumulator all = new ErrorAccumulator();
        for (ErrorAccumulator a : bySteps) {
            all.merge(a);
        }
        return all;
    }

    /** Lists the steps 1..horizon, for report columns. */
    static List<Integer> steps(int horizon) {
        List<Integer> out = new ArrayList<>();
        for (int h = 1; h <= horizon; h++) {
            out.add(h);
        }
        return out;
    }
}
