package io.flowcast.core.forecast;

import io.flowcast.core.events.ForecastStep;
import java.util.Arrays;

/**
 * A product's recent forecast errors, kept in keyed state, that turn a point forecast into
 * p10/p50/p90: split conformal on residuals. Each step h gets its own ring of the last
 * {@code window} signed residuals (actual - forecast made h buckets earlier) and its quantiles
 * are added to the point forecast.
 *
 * <p>Primitives and primitive arrays only: it is read and written once per product per bucket in
 * RocksDB, so it stays flat. Each residual is kept once, in its step's sorted run, with a one-byte
 * stamp saying when it came (so the oldest can leave a full window; hence W <= 256). With horizon H
 * and window W it holds H*H + H*W doubles and H*W bytes, e.g. 24 steps x 50 residuals: 1,776
 * doubles and 1,200 bytes, about 15 KiB.
 *
 * <p>Used per closed bucket: {@link #recordActual} for the bucket that closed, then
 * {@link #steps} for the new forecast, then {@link #remember} it. Call {@link #recordActual} for
 * every closed bucket, zero ones included: skipping buckets without sales would score only the
 * buckets that sold and bias the quantiles upwards. Not thread-safe (keyed state is only touched by
 * its own subtask).
 *
 * <p>Until a step has {@link #minResiduals} residuals its interval falls back to the series scale:
 * half-width = z(0.9) * sqrt(pi/2) * scale * sqrt(h), where scale is the mean absolute one-step
 * change of the actuals seen so far (sqrt(pi/2) turns a mean absolute deviation into a normal sigma;
 * sqrt(h) is a random walk's widening), or a caller-supplied scale; with no actual change seen
 * yet, a Poisson guess sigma = sqrt(point) replaces scale * sqrt(pi/2).
 */
public class ForecastErrors {
    public static final int DEFAULT_MIN_RESIDUALS = 8;
    /** The largest residual window: the stamps are one byte. */
    public static final int MAX_WINDOW = 256;
    /** z of the 0.9 quantile of the standard normal: p10/p90 of the fallback interval. */
    static final double Z90 = 1.2815515655446004;
    /** sigma / mean absolute deviation of a normal distribution, sqrt(pi / 2). */
    static final double SIGMA_PER_MEAN_ABS = 1.2533141373155003;
    private static final long NONE = Long.MIN_VALUE;

    public int horizon;
    public int window;
    /** Residuals a step needs before its own quantiles replace the fallback interval. */
    public int minResiduals = DEFAULT_MIN_RESIDUALS;
    /** Bucket size of the remembered forecasts; a change clears everything. 0 until the first one. */
    public long bucketSizeMillis;
    /** Per slot, the bucket start a forecast was issued at ({@code Long.MIN_VALUE} if empty). */
    public long[] issuedAt;
    /**
     * The point forecasts by the bucket they cover: step h of the forecast issued in slot s at
     * {@link #at}(s, h), so the steps one close scores lie side by side.
     */
    public double[] issuedPoints;
    /**
     * Per step, its signed residuals kept sorted (first residualCount entries at (h - 1) * window): an
     * insert per new residual is O(window), while sorting at every forecast was 31% of the keyed
     * operator's CPU in the throughput benchmark (docs/benchmarks.md).
     */
    public double[] sortedResiduals;
    /** Beside each sorted residual, the low byte of its arrival number: the oldest is the one to drop. */
    public byte[] stamps;
    /** Per step, residuals held (at most window). */
    public int[] residualCount;
    /** Per step, residuals ever pushed (the next one's arrival number). */
    public int[] residualSeq;
    /** The newest bucket whose actual was recorded; older or repeated ones are ignored. */
    public long lastActualStart = NONE;
    public double lastActual;
    /** Sum and count of |actual - previous actual| over consecutive buckets: the fallback scale. */
    public double sumAbsChange;
    public long changeCount;

    /** For Flink's POJO serializer only. */
    public ForecastErrors() {}

    public ForecastErrors(int horizon, int window) {
        this(horizon, window, DEFAULT_MIN_RESIDUALS);
    }

    public ForecastErrors(int horizon, int window, int minResiduals) {
        if (horizon < 1 || window < 1 || minResiduals < 1 || window > MAX_WINDOW) {
            throw new IllegalArgumentException("horizon, window and minResiduals must be positive and window at most "
                    + MAX_WINDOW + ", got " + horizon + ", " + window + ", " + minResiduals);
        }
        this.horizon = horizon;
        this.window = window;
        this.minResiduals = minResiduals;
        this.issuedAt = new long[horizon];
        Arrays.fill(issuedAt, NONE);
        this.issuedPoints = new double[horizon * horizon];
        this.sortedResiduals = new double[horizon * window];
        this.stamps = new byte[horizon * window];
        this.residualCount = new int[horizon];
        this.residualSeq = new int[horizon];
    }

    /**
     * Stores the point forecast issued after closing bucket {@code issuedAtBucketStart}. A forecast
     * for the same bucket (a late correction's revision) replaces the earlier one: the slot is the
     * bucket number modulo horizon, which also drops forecasts too old to cover any future bucket.
     * Steps beyond {@code point.length} are not scored.
     */
    public void remember(long issuedAtBucketStart, long bucketSizeMillis, double[] point) {
        if (bucketSizeMillis <= 0) {
            throw new IllegalArgumentException("bucket size must be positive, got " + bucketSizeMillis);
        }
        if (this.bucketSizeMillis != bucketSizeMillis) {
            clearForecastsAndResiduals();
            this.bucketSizeMillis = bucketSizeMillis;
        }
        int slot = slot(issuedAtBucketStart);
        issuedAt[slot] = issuedAtBucketStart;
        for (int h = 1; h <= horizon; h++) {
            issuedPoints[at(slot, h)] = h <= point.length ? point[h - 1] : Double.NaN;
        }
    }

    /**
     * Scores the bucket starting at {@code bucketStart}: for each remembered forecast that covered
     * it at step h (bucketStart == issuedAt + h * size) pushes actual - forecast into ring h.
     * A bucket at or before the newest recorded one is ignored, so replays and late corrections
     * do not count a bucket twice (a corrected actual is not re-scored).
     */
    public void recordActual(long bucketStart, double actual) {
        if (Double.isNaN(actual) || (lastActualStart != NONE && bucketStart <= lastActualStart)) {
            return;
        }
        if (bucketSizeMillis > 0) {
            if (lastActualStart != NONE && bucketStart == lastActualStart + bucketSizeMillis) {
                sumAbsChange += Math.abs(actual - lastActual);
                changeCount++;
            }
            int covering = slot(bucketStart) * horizon;
            for (int h = 1; h <= horizon; h++) {
                long issued = bucketStart - h * bucketSizeMillis;
                int slot = slot(issued);
                double forecast = issuedPoints[covering + h - 1];
                if (issuedAt[slot] == issued && !Double.isNaN(forecast)) {
                    pushResidual(h, actual - forecast);
                }
            }
        }
        lastActualStart = bucketStart;
        lastActual = actual;
    }

    /** The forecast steps for {@code point} with the fallback scale learnt from the recorded actuals. */
    public ForecastStep[] steps(long lastClosedStart, long bucketSizeMillis, double[] point) {
        return steps(lastClosedStart, bucketSizeMillis, point, Double.NaN);
    }

    /**
     * Step h covers {@code lastClosedStart + h * size}; p50/p10/p90 = point + the 0.5/0.1/0.9
     * empirical quantile (linear interpolation) of step h's residuals, clamped at 0 and monotone.
     * {@code fallbackScale} is the mean absolute one-step change of the series for steps without
     * {@link #minResiduals} residuals; NaN to use the one learnt from recorded actuals.
     */
    public ForecastStep[] steps(long lastClosedStart, long bucketSizeMillis, double[] point, double fallbackScale) {
        double scale = !Double.isNaN(fallbackScale) ? Math.max(fallbackScale, 0)
                : changeCount > 0 ? sumAbsChange / changeCount : Double.NaN;
        ForecastStep[] out = new ForecastStep[point.length];
        for (int h = 1; h <= point.length; h++) {
            double p = point[h - 1] > 0 ? point[h - 1] : 0;
            double lo;
            double mid;
            double hi;
            int n = h <= horizon ? residualCount[h - 1] : 0;
            if (n >= minResiduals) {
                int base = (h - 1) * window;
                lo = p + quantileOfSorted(sortedResiduals, base, n, 0.1);
                mid = p + quantileOfSorted(sortedResiduals, base, n, 0.5);
                hi = p + quantileOfSorted(sortedResiduals, base, n, 0.9);
            } else {
                double sigma = Double.isNaN(scale) ? Math.sqrt(p) : SIGMA_PER_MEAN_ABS * scale;
                double halfWidth = Z90 * sigma * Math.sqrt(h);
                lo = p - halfWidth;
                mid = p;
                hi = p + halfWidth;
            }
            lo = Math.max(lo, 0);
            mid = Math.max(mid, lo);
            hi = Math.max(hi, mid);
            out[h - 1] = new ForecastStep(h, lastClosedStart + h * bucketSizeMillis, p, lo, mid, hi);
        }
        return out;
    }

    /** Residuals held for step h, oldest first. */
    public double[] residuals(int h) {
        int n = residualCount[h - 1];
        int base = (h - 1) * window;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int age = (residualSeq[h - 1] - 1 - stamps[base + i]) & 0xFF; // 0 for the newest
            out[n - 1 - age] = sortedResiduals[base + i];
        }
        return out;
    }

    public int residualCount(int h) {
        return residualCount[h - 1];
    }

    /** Empirical quantile with linear interpolation between order statistics (R type 7, numpy's default); NaN if empty. */
    public static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return quantileOfSorted(sorted, 0, sorted.length, q);
    }

    /** Quantile of the n sorted values starting at {@code from}. */
    static double quantileOfSorted(double[] sorted, int from, int n, double q) {
        if (n == 0) {
            return Double.NaN;
        }
        double pos = q * (n - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, n - 1);
        return sorted[from + lo] + (pos - lo) * (sorted[from + hi] - sorted[from + lo]);
    }

    private void pushResidual(int h, double residual) {
        int base = (h - 1) * window;
        int n = residualCount[h - 1];
        int seq = residualSeq[h - 1];
        if (n == window) {
            // full: the residual that came window arrivals ago leaves
            byte oldest = (byte) (seq - window);
            int at = base;
            while (stamps[at] != oldest) {
                at++;
            }
            System.arraycopy(sortedResiduals, at + 1, sortedResiduals, at, base + n - at - 1);
            System.arraycopy(stamps, at + 1, stamps, at, base + n - at - 1);
            n--;
        }
        int ins = Arrays.binarySearch(sortedResiduals, base, base + n, residual);
        if (ins < 0) {
            ins = -ins - 1;
        }
        System.arraycopy(sortedResiduals, ins, sortedResiduals, ins + 1, base + n - ins);
        System.arraycopy(stamps, ins, stamps, ins + 1, base + n - ins);
        sortedResiduals[ins] = residual;
        stamps[ins] = (byte) seq;
        residualSeq[h - 1] = seq + 1;
        residualCount[h - 1] = n + 1;
    }

    /** The index in {@link #issuedPoints} of step h (1-based) of the forecast issued in slot {@code issueSlot}. */
    public int at(int issueSlot, int h) {
        return ((issueSlot + h) % horizon) * horizon + h - 1;
    }

    private int slot(long bucketStart) {
        return (int) Math.floorMod(Math.floorDiv(bucketStart, bucketSizeMillis), (long) horizon);
    }

    private void clearForecastsAndResiduals() {
        Arrays.fill(issuedAt, NONE);
        Arrays.fill(issuedPoints, 0);
        Arrays.fill(sortedResiduals, 0);
        Arrays.fill(stamps, (byte) 0);
        Arrays.fill(residualCount, 0);
        Arrays.fill(residualSeq, 0);
    }

    @Override
    public String toString() {
        return "ForecastErrors{horizon=" + horizon + ", window=" + window + ", residuals per step="
                + Arrays.toString(residualCount) + "}";
    }
}
