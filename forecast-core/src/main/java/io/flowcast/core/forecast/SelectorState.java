package io.flowcast.core.forecast;

import java.util.Arrays;

/**
 * One product's memory for {@link AutoForecaster}: the forecasts each candidate made at the last
 * {@code horizon} closed buckets, and each candidate's exponentially weighted squared error on
 * this product. A Flink POJO of primitive arrays (no Kryo), K * H * H + 3 * K doubles: 10
 * slots (9 daily candidates and the LSTM) at horizon 7 are 520 doubles, about 4 KB.
 */
public class SelectorState {
    private static final long NONE = Long.MIN_VALUE;

    public int candidates;
    /**
     * Which candidates the slots hold ({@link AutoForecaster#candidateSet}): errors learnt for other
     * candidates in the same slots must not weight these. 0: not known (state layout 2).
     */
    public int candidateSet;
    public int horizon;
    public long bucketSizeMillis;
    /** Per slot (bucket number mod horizon), the bucket start the forecasts were made at. */
    public long[] issuedAt;
    /**
     * Candidate c's step h of the forecast issued in slot s at {@link #at}(s, c, h): kept by the bucket
     * the step covers, so the values one close scores lie side by side (kept by issue, they were up
     * to 144 cache lines apart). NaN where a candidate gave none; cells not written hold 0 and are
     * never read.
     */
    public double[] issued;
    /** Per candidate, the decayed sums of squared and of absolute errors, and the decayed count of errors. */
    public double[] sumSquares;
    public double[] sumAbs;
    public double[] count;
    /** Newest bucket scored; older or repeated ones are ignored (late corrections are not re-scored). */
    public long lastScored = NONE;

    /** For Flink's POJO serializer only. */
    public SelectorState() {}

    public SelectorState(int candidates, int candidateSet, int horizon) {
        this.candidates = candidates;
        this.candidateSet = candidateSet;
        this.horizon = horizon;
        this.issuedAt = new long[horizon];
        Arrays.fill(issuedAt, NONE);
        // no fill: a slot is read only once its issuedAt is set, and setting it writes all of the slot
        // (NaN where a candidate gave none); filling 5-7K NaNs took 11% of a long-tail job's thread
        this.issued = new double[horizon * candidates * horizon];
        this.sumSquares = new double[candidates];
        this.sumAbs = new double[candidates];
        this.count = new double[candidates];
    }

    /** Mean squared error of candidate c on this product, NaN before it has any. */
    public double mse(int c) {
        return count[c] > 0 ? sumSquares[c] / count[c] : Double.NaN;
    }

    /** Mean absolute error of candidate c on this product, NaN before it has any. */
    public double mae(int c) {
        return count[c] > 0 ? sumAbs[c] / count[c] : Double.NaN;
    }

    /** The index in {@link #issued} of candidate c's step h (1-based) of the forecast issued in slot {@code issueSlot}. */
    public int at(int issueSlot, int c, int h) {
        return (((issueSlot + h) % horizon) * horizon + h - 1) * candidates + c;
    }

    int slot(long bucketStart) {
        return (int) Math.floorMod(Math.floorDiv(bucketStart, bucketSizeMillis), (long) horizon);
    }

    static boolean isNone(long t) {
        return t == NONE;
    }
}
