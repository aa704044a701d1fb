package io.flowcast.core.alerts;

import io.flowcast.core.events.Alert;
import java.util.Arrays;

/**
 * What the alert rules remember per product between buckets, as keyed state: the expectation for
 * the next bucket (step 1 of the newest forecast), the one the newest bucket was judged against
 * (for late corrections), the CUSUM sums, the open alerts and cool-downs per kind and short rings
 * of recent units and errors. Primitives and primitive arrays only, so Flink's POJO serializer
 * handles it without Kryo; with 24 buckets of history it is under 1 KiB.
 */
public class AlertState {
    public static final long NONE = Long.MIN_VALUE;
    /** A squared error that does not count towards the dispersion (the bucket was a spike). */
    public static final double EXCLUDED = -1;
    static final int KINDS = Alert.Kind.values().length;
    /** Median of a chi-squared variable with one degree of freedom: the median squared z. */
    static final double MEDIAN_CHI2_1 = 0.4549364231195724;

    /** Bucket the pending expectation is for, or NONE. */
    public long expectedFor = NONE;
    public double expPoint;
    public double expP10;
    public double expP50;
    public double expP90;
    /** Order lines the pending expectation's forecast expected, -1 if it did not say. */
    public double expOrders = -1;

    /** The newest judged bucket and the expectation it was judged against, or NONE. */
    public long judgedBucket = NONE;
    public double judgedPoint;
    public double judgedP10;
    public double judgedP50;
    public double judgedP90;
    public double judgedOrders = -1;
    /** What the newest judged bucket's history said, so a correction is judged the same way. */
    public boolean judgedIntermittent;
    public boolean judgedAlwaysSold;
    public double judgedDispersion;
    /** Units per order line at the newest judged bucket; NaN without line counts. */
    public double judgedUnitsPerLine = Double.NaN;
    /** Whether the newest judged bucket was past the warm-up, so a correction is judged the same way. */
    public boolean judgedWarm;
    /**
     * True while the CUSUM sums are a Poisson CUSUM on order lines (log-likelihood ratios), as for an
     * intermittent product; else a z-score CUSUM (sigmas). A switch starts the sums from zero.
     */
    public boolean cusumOnCounts;
    /** CUSUM sums before the newest judged bucket was added, so a correction can redo that step. */
    public double cusumUpBefore;
    public double cusumDownBefore;
    public int runUpBefore;
    public int runDownBefore;

    public double cusumUp;
    public double cusumDown;
    /** Buckets in a row the upward / downward sum has been above zero: for the reason text. */
    public int runUp;
    public int runDown;

    /** Per kind (ordinal): bucket the open alert opened in, or NONE. */
    public long[] openedAt;
    /** Per kind: the first bucket a new alert of that kind may open in again. */
    public long[] cooldownUntil;

    /** Rings of the last historyBuckets units, point forecasts and squared errors. */
    public double[] units;
    public double[] expected;
    public double[] squaredErrors;
    /** Ring of the recent order lines, when the forecasts carry them (for units per line). */
    public double[] lines;
    public int count;
    public int next;

    /** For Flink's POJO serializer only. */
    public AlertState() {}

    public AlertState(int historyBuckets) {
        openedAt = new long[KINDS];
        Arrays.fill(openedAt, NONE);
        cooldownUntil = new long[KINDS];
        Arrays.fill(cooldownUntil, NONE);
        units = new double[historyBuckets];
        expected = new double[historyBuckets];
        squaredErrors = new double[historyBuckets];
        lines = new double[historyBuckets];
    }

    public boolean isOpen(Alert.Kind kind) {
        return openedAt[kind.ordinal()] != NONE;
    }

    public boolean anyOpen() {
        for (long o : openedAt) {
            if (o != NONE) {
                return true;
            }
        }
        return false;
    }

    /** Units of the recent buckets, oldest first. */
    public double[] recentUnits() {
        return ordered(units);
    }

    void push(double actual, double point, double squaredError) {
        push(actual, point, squaredError, 0);
    }

    void push(double actual, double point, double squaredError, double lineCount) {
        units[next] = actual;
        expected[next] = point;
        squaredErrors[next] = squaredError;
        lines[next] = lineCount;
        next = (next + 1) % units.length;
        count = Math.min(count + 1, units.length);
    }

    /** Replaces the newest entry (a late correction of the newest bucket). */
    void replaceNewest(double actual, double squaredError, double lineCount) {
        int i = Math.floorMod(next - 1, units.length);
        units[i] = actual;
        squaredErrors[i] = squaredError;
        lines[i] = lineCount;
    }

    /** Mean units per order line over the recent buckets; NaN if no line was counted. */
    public double unitsPerLine() {
        double u = 0;
        double l = 0;
        for (int i = 0; i < count; i++) {
            u += units[i];
            l += lines[i];
        }
        return l > 0 ? u / l : Double.NaN;
    }

    /**
     * Variance-to-mean ratio of the recent errors, at least 1 (the Poisson) and at most 100; 1 while
     * nothing was expected yet. For an intermittent product the pooled ratio sum (actual - point)^2 /
     * sum point: its rare sales are the distribution. For a product that sells in most buckets the
     * robust median of (actual - point)^2 / max(point, 1), divided by 0.455 (the median of a squared
     * standard normal): one wholesale order or one spike in the history must not make every later
     * spike look ordinary.
     */
    public double dispersion(boolean intermittent) {
        return dispersion(squaredErrors, expected, count, intermittent);
    }

    private static double dispersion(double[] squaredErrors, double[] expected, int count, boolean intermittent) {
        double sq = 0;
        double mean = 0;
        double[] ratios = new double[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (squaredErrors[i] < 0) {
                continue; // EXCLUDED
            }
            sq += squaredErrors[i];
            mean += expected[i];
            if (expected[i] > 0) {
                ratios[n++] = squaredErrors[i] / Math.max(expected[i], 1.0);
            }
        }
        if (!(mean > 0)) {
            return 1.0;
        }
        double phi;
        if (intermittent || n == 0) {
            phi = sq / mean;
        } else {
            Arrays.sort(ratios, 0, n);
            double median = n % 2 == 1 ? ratios[n / 2] : (ratios[n / 2 - 1] + ratios[n / 2]) / 2;
            phi = median / MEDIAN_CHI2_1;
        }
        return Math.max(1.0, Math.min(100.0, phi));
    }

    private double[] ordered(double[] ring) {
        double[] out = new double[count];
        int first = count < ring.length ? 0 : next;
        for (int i = 0; i < count; i++) {
            out[i] = ring[(first + i) % ring.length];
        }
        return out;
    }
}
