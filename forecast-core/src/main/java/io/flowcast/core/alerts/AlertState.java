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
    static final int KINDS = Alert.Kind.values().length;

    /** Bucket the pending expectation is for, or NONE. */
    public long expectedFor = NONE;
    public double expPoint;
    public double expP10;
    public double expP50;
    public double expP90;

    /** The newest judged bucket and the expectation it was judged against, or NONE. */
    public long judgedBucket = NONE;
    public double judgedPoint;
    public double judgedP10;
    public double judgedP50;
    public double judgedP90;
    /** What the newest judged bucket's history said, so a correction is judged the same way. */
    public boolean judgedIntermittent;
    public boolean judgedAlwaysSold;
    public double judgedDispersion;
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
        units[next] = actual;
        expected[next] = point;
        squaredErrors[next] = squaredError;
        next = (next + 1) % units.length;
        count = Math.min(count + 1, units.length);
    }

    /** Replaces the newest entry (a late correction of the newest bucket). */
    void replaceNewest(double actual, double squaredError) {
        int i = Math.floorMod(next - 1, units.length);
        units[i] = actual;
        squaredErrors[i] = squaredError;
    }

    /**
     * Variance-to-mean ratio of the recent errors: sum (actual - point)^2 / sum point, at least 1
     * (the Poisson) and at most 100; 1 while nothing was expected yet.
     */
    public double dispersion() {
        double sq = 0;
        double mean = 0;
        for (int i = 0; i < count; i++) {
            sq += squaredErrors[i];
            mean += expected[i];
        }
        if (!(mean > 0)) {
            return 1.0;
        }
        return Math.max(1.0, Math.min(100.0, sq / mean));
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
