package io.flowcast.backtest;

import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.events.Forecast;
import io.flowcast.core.events.ForecastStep;
import io.flowcast.core.metrics.AccuracyMetrics;
import io.flowcast.core.metrics.DemandSegment;
import io.flowcast.core.metrics.ErrorAccumulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores one run's forecasts against the actuals that arrived later, with the
 * {@link ErrorAccumulator} of forecast-core.
 *
 * <p>Every forecast carries the actual of its own bucket, so the actual of a target bucket is the
 * {@code actual} of the same product's forecast whose {@code bucketStart} is that target; where a
 * bucket was re-issued after a late correction the highest revision wins, for the actual and for the
 * forecast made at that bucket (the job's last word on it). Step h of a forecast made at bucket t is
 * scored if bucket t + h got an actual; targets past the end of the replay are not.
 *
 * <p>MASE: each forecast is scaled by the in-sample seasonal-naive MAE of its product's actuals up to
 * and including its own bucket ({@link AccuracyMetrics#maseScales}, period
 * {@link BucketSize#seasonPeriod()}, 7 for daily buckets), so no future data leaks into the scale.
 * Forecasts whose product has no positive scale yet (fewer than period + 1 buckets, or a flat
 * history) are left out of MASE only; the accumulators count them everywhere else.
 *
 * <p>Segments ({@link DemandSegment#classifyHistory}: trailing zero buckets count as an interval) are
 * decided once per product on its whole replayed series, and the caller passes the same map to every
 * run, so models are compared on the same products.
 *
 * <p>Memory: per product, arrays over its buckets (about 30 doubles per bucket at horizon 7).
 */
public final class Scorer {
    /** Row names of the segment dimension; index 0 pools every product. */
    public static final List<String> SEGMENTS = List.of("all", "fast", "slow", "intermittent");

    private final int horizon;
    private final long bucketMillis;
    private final int period;
    private final double fastUnitsPerBucket;
    private final Map<String, Track> tracks = new HashMap<>();
    /** Read by the progress thread. */
    private volatile long forecasts;
    private long revisions;

    /** Forecasts for target buckets before this are not scored (the replay still runs over them). */
    private long scoreFrom = Long.MIN_VALUE;
    /** Rolling origins: > 0 scores only forecasts whose first target is scoreFrom + k * originEvery. */
    private long originEvery;
    /** > 0: only the N products with the most selling days before scoreFrom are scored. */
    private int topProducts;
    /** Every scored forecast step goes here as a row, or nowhere when null. */
    private ForecastCsv.Writer export;
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

    public Scorer export(ForecastCsv.Writer writer) {
        this.export = writer;
        return this;
    }

    public Scorer(int horizon, BucketSize bucketSize, double fastUnitsPerBucket) {
        this.horizon = horizon;
        this.bucketMillis = bucketSize.millis();
        this.period = bucketSize.seasonPeriod();
        this.fastUnitsPerBucket = fastUnitsPerBucket;
    }

    public static int segmentIndex(DemandSegment s) {
        return s.ordinal() + 1;
    }

    /** Takes one forecast, in any order. */
    public void accept(Forecast f) {
        if (f.bucketSizeMillis != bucketMillis) {
            throw new IllegalArgumentException("forecast bucket size " + f.bucketSizeMillis + " ms, backtest uses "
                    + bucketMillis);
        }
        forecasts = forecasts + 1; // one writer: the backtest thread
        if (f.revision > 0) {
            revisions++;
        }
        Track t = tracks.get(f.productId);
        if (t == null) {
            t = new Track(f.bucketStart, horizon);
            tracks.put(f.productId, t);
        }
        int i = t.indexOf(f.bucketStart, bucketMillis);
        if (f.revision >= t.revision[i]) {
            int base = i * horizon * 4;
            if (t.revision[i] >= 0) {
                Arrays.fill(t.steps, base, base + horizon * 4, Double.NaN); // a revision may have fewer steps
            }
            t.revision[i] = f.revision;
            t.actual[i] = f.actual;
            if (export != null) {
                String key = f.forecaster + ',' + f.modelVersion;
                t.model[i] = names.computeIfAbsent(key, k -> k); // one copy per distinct name
            }
            for (ForecastStep s : f.steps) {
                if (s.step >= 1 && s.step <= horizon) {
                    int k = base + (s.step - 1) * 4;
                    t.steps[k] = s.point;
                    t.steps[k + 1] = s.p10;
                    t.steps[k + 2] = s.p50;
                    t.steps[k + 3] = s.p90;
                }
            }
        }
    }

    public long forecasts() {
        return forecasts;
    }

    public int products() {
        return tracks.size();
    }

    /** Each product's segment from its actuals, buckets without a forecast counted as zero. */
    public Map<String, DemandSegment> segments() {
        Map<String, DemandSegment> out = new HashMap<>();
        tracks.forEach((id, t) -> {
            double[] units = Arrays.copyOf(t.actual, t.length);
            for (int i = 0; i < units.length; i++) {
                if (Double.isNaN(units[i])) {
                    units[i] = 0;
                }
            }
            out.put(id, DemandSegment.classifyHistory(units, fastUnitsPerBucket));
        });
        return out;
    }

    /** Units sold per product over the replay. */
    public Map<String, Double> totalUnits() {
        Map<String, Double> out = new HashMap<>();
        tracks.forEach((id, t) -> {
            double sum = 0;
            for (int i = 0; i < t.length; i++) {
                sum += Double.isNaN(t.actual[i]) ? 0 : t.actual[i];
            }
            out.put(id, sum);
        });
        return out;
    }

    /**
     * Scores every forecast. Products missing from {@code segments} are classified here.
     * Deterministic: products are visited in id order.
     */
    public RunResult score(String label, Map<String, DemandSegment> segments, double replaySeconds, long recordsRead) {
        ErrorAccumulator[][] acc = new ErrorAccumulator[SEGMENTS.size()][horizon];
        for (ErrorAccumulator[] row : acc) {
            for (int h = 0; h < horizon; h++) {
                row[h] = new ErrorAccumulator();
            }
        }
        Map<String, ErrorAccumulator> perProduct = new TreeMap<>();
        DoubleList scatterActual = new DoubleList();
        DoubleList scatterPoint = new DoubleList();
        Map<String, DemandSegment> own = null;
        java.util.Set<String> scored = scoredProducts();
        long lastBucket = Long.MIN_VALUE;
        for (Track t : tracks.values()) {
            lastBucket = Math.max(lastBucket, t.first + (long) (t.length - 1) * bucketMillis);
        }
        for (Map.Entry<String, Track> e : new TreeMap<>(tracks).entrySet()) {
            Track t = e.getValue();
            if (scored != null && !scored.contains(e.getKey())) {
                continue;
            }
            DemandSegment seg = segments.get(e.getKey());
            if (seg == null) {
                own = own == null ? segments() : own;
                seg = own.get(e.getKey());
            }
            ErrorAccumulator product = new ErrorAccumulator();
            double[] a = Arrays.copyOf(t.actual, t.length);
            double[] scales = AccuracyMetrics.maseScales(a, period);
            for (int i = 0; i < t.length; i++) {
                if (t.revision[i] < 0) {
                    continue;
                }
                long firstTarget = t.first + (long) (i + 1) * bucketMillis;
                if (originEvery > 0 && (firstTarget < scoreFrom || (firstTarget - scoreFrom) % originEvery != 0
                        || firstTarget + (horizon - 1) * bucketMillis > lastBucket)) {
                    continue; // not an origin, or one whose last step the replay does not reach
                }
                for (int h = 1; h <= horizon; h++) {
                    long target = t.first + (long) (i + h) * bucketMillis;
                    if (target < scoreFrom) {
                        continue; // a target before the hold-out window
                    }
                    double actual = i + h < t.length ? a[i + h] : Double.NaN;
                    if (Double.isNaN(actual) && originEvery > 0 && target <= lastBucket) {
                        actual = 0; // the product's buckets stopped at its last order; the replay went on
                    }
                    int k = (i * horizon + h - 1) * 4;
                    double point = t.steps[k];
                    if (Double.isNaN(actual) || Double.isNaN(point)) {
                        continue;
                    }
                    double p10 = t.steps[k + 1];
                    double p50 = t.steps[k + 2];
                    double p90 = t.steps[k + 3];
                    if (export != null) {
                        export.row(label, e.getKey(), firstTarget, h, target, actual, point, p10, p50, p90, t.model[i]);
                    }
                    acc[0][h - 1].add(actual, point, p10, p50, p90, scales[i]);
                    acc[segmentIndex(seg)][h - 1].add(actual, point, p10, p50, p90, scales[i]);
                    product.add(actual, point, p10, p50, p90, scales[i]);
                    if (h == 1) {
                        scatterActual.add(actual);
                        scatterPoint.add(point);
                    }
                }
            }
            perProduct.put(e.getKey(), product);
        }
        return new RunResult(label, forecasts, revisions, tracks.size(), replaySeconds, recordsRead, acc, perProduct,
                scatterActual.sample(RunResult.SCATTER_POINTS), scatterPoint.sample(RunResult.SCATTER_POINTS));
    }

    /**
     * The products scored: with {@code topProducts}, the N with the most selling days (buckets with
     * units > 0) before {@link #scoreFrom}, ties by id; null for all of them.
     */
    java.util.Set<String> scoredProducts() {
        if (topProducts <= 0) {
            return null;
        }
        Map<String, Integer> sellingDays = new HashMap<>();
        tracks.forEach((id, t) -> {
            int days = 0;
            for (int i = 0; i < t.length && t.first + (long) i * bucketMillis < scoreFrom; i++) {
                if (t.actual[i] > 0) {
                    days++;
                }
            }
            sellingDays.put(id, days);
        });
        List<String> ids = new ArrayList<>(sellingDays.keySet());
        ids.sort(java.util.Comparator.comparing((String id) -> -sellingDays.get(id)).thenComparing(id -> id));
        return new java.util.HashSet<>(ids.subList(0, Math.min(topProducts, ids.size())));
    }

    /**
     * A product's actuals and this run's step-1 forecasts aligned by target bucket (index i holds the
     * forecast made at bucket i - 1 for bucket i), for the charts; null if the product was not seen.
     */
    public ProductSeries series(String productId) {
        Track t = tracks.get(productId);
        if (t == null) {
            return null;
        }
        double[] point = new double[t.length];
        double[] p10 = new double[t.length];
        double[] p90 = new double[t.length];
        Arrays.fill(point, Double.NaN);
        Arrays.fill(p10, Double.NaN);
        Arrays.fill(p90, Double.NaN);
        for (int i = 0; i + 1 < t.length; i++) {
            if (t.revision[i] >= 0) {
                int k = i * horizon * 4;
                point[i + 1] = t.steps[k];
                p10[i + 1] = t.steps[k + 1];
                p90[i + 1] = t.steps[k + 3];
            }
        }
        return new ProductSeries(productId, t.first, bucketMillis, Arrays.copyOf(t.actual, t.length), point, p10, p90);
    }

    /** One product's buckets: actuals and everything forecast at each, indexed from its first bucket. */
    private static final class Track {
        long first;
        int length;
        int horizon;
        double[] actual;
        int[] revision;
        /** Per bucket, "forecaster,modelVersion" of its forecast (only when exporting). */
        String[] model;
        /** Per bucket, per step: point, p10, p50, p90. */
        double[] steps;

        Track(long first, int horizon) {
            this.first = first;
            this.horizon = horizon;
            allocate(16);
        }

        private void allocate(int capacity) {
            actual = new double[capacity];
            revision = new int[capacity];
            model = new String[capacity];
            steps = new double[capacity * horizon * 4];
            Arrays.fill(actual, Double.NaN);
            Arrays.fill(revision, -1);
            Arrays.fill(steps, Double.NaN);
        }

        int indexOf(long bucketStart, long bucketMillis) {
            long d = Math.floorDiv(bucketStart - first, bucketMillis);
            if (d < 0) { // an earlier bucket than the first seen: shift everything right
                int shift = (int) -d;
                double[] oldActual = actual;
                int[] oldRevision = revision;
                double[] oldSteps = steps;
                String[] oldModel = model;
                allocate(Math.max(actual.length, length + shift) * 2);
                System.arraycopy(oldActual, 0, actual, shift, length);
                System.arraycopy(oldRevision, 0, revision, shift, length);
                System.arraycopy(oldModel, 0, model, shift, length);
                System.arraycopy(oldSteps, 0, steps, shift * horizon * 4, length * horizon * 4);
                first = bucketStart;
                length += shift;
                return 0;
            }
            int i = (int) d;
            if (i >= actual.length) {
                int cap = Math.max(actual.length * 2, i + 1);
                int oldLen = actual.length;
                actual = Arrays.copyOf(actual, cap);
                revision = Arrays.copyOf(revision, cap);
                model = Arrays.copyOf(model, cap);
                steps = Arrays.copyOf(steps, cap * horizon * 4);
                Arrays.fill(actual, oldLen, cap, Double.NaN);
                Arrays.fill(revision, oldLen, cap, -1);
                Arrays.fill(steps, oldLen * horizon * 4, steps.length, Double.NaN);
            }
            length = Math.max(length, i + 1);
            return i;
        }
    }

    /** A growable array of doubles. */
    static final class DoubleList {
        private double[] values = new double[1024];
        private int size;

        void add(double v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        /** At most {@code max} values, evenly strided, in order: deterministic, unlike a random sample. */
        double[] sample(int max) {
            if (size <= max) {
                return Arrays.copyOf(values, size);
            }
            double[] out = new double[max];
            for (int i = 0; i < max; i++) {
                out[i] = values[(int) ((long) i * size / max)];
            }
            return out;
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
