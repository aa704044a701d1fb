package io.flowcast.core.forecast;

import io.flowcast.core.events.ForecastStep;
import java.util.Arrays;

/**
 * A product's recent forecast errors, kept in keyed state, that turn a point forecast into
 * p10/p50/p90: split conformal on residuals. Each step h gets its own ring of the last
 * {@code window} signed residuals (actual - forecast made h buckets earlier) and its quantiles
 * are added to the point forecast.
 *
 * <p>A Flink POJO of primitives and primitive arrays only (no List/Map, so no Kryo): it is read and
 * written once per product per bucket in RocksDB, so it stays flat. With horizon H and window W it
 * holds H*H + H*W doubles, e.g. 14 steps x 56 residuals = 980 doubles, under 8 KiB.
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
    /** Per slot, its point forecast for steps 1..horizon: slot * horizon + (h - 1). */
    public double[] issuedPoints;
    /** Per step, a ring of signed residuals: (h - 1) * window + i. */
    public double[] residuals;
    /** Per step, residuals held (at most window). */
    public int[] residualCount;
    /** Per step, the ring slot the next residual goes to. */
    public int[] residualNext;
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
        if (horizon < 1 || window < 1 || minResiduals < 1) {
            throw new IllegalArgumentException("horizon, window and minResiduals must be positive, got "
                    + horizon + ", " + window + ", " + minResiduals);
        }
        this.horizon = horizon;
        this.window = window;
        this.minResiduals = minResiduals;
        this.issuedAt = new long[horizon];
        Arrays.fill(issuedAt, NONE);
        this.issuedPoints = new double[horizon * horizon];
        this.residuals = new double[horizon * window];
        this.residualCount = new int[horizon];
        this.residualNext = new int[horizon];
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
            issuedPoints[slot * horizon + h - 1] = h <= point.length ? point[h - 1] : Double.NaN;
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
            for (int h = 1; h <= horizon; h++) {
                long issued = bucketStart - h * bucketSizeMillis;
                int slot = slot(issued);
                double forecast = issuedPoints[slot * horizon + h - 1];
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
        double[] scratch = new double[window];
        for (int h = 1; h <= point.length; h++) {
            double p = point[h - 1] > 0 ? point[h - 1] : 0;
            double lo;
            double mid;
            double hi;
            int n = h <= horizon ? residualCount[h - 1] : 0;
            if (n >= minResiduals) {
                System.arraycopy(residuals, (h - 1) * window, scratch, 0, n);
                // only six order statistics are read: selecting them is several times cheaper than a
                // full sort, which was the job's hottest spot (a sort per step per forecast)
                selectForQuantiles(scratch, n, QUANTILES);
                lo = p + quantileOfSorted(scratch, n, 0.1);
                mid = p + quantileOfSorted(scratch, n, 0.5);
                hi = p + quantileOfSorted(scratch, n, 0.9);
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
        double[] out = new double[n];
        int first = n < window ? 0 : residualNext[h - 1];
        for (int i = 0; i < n; i++) {
            out[i] = residuals[(h - 1) * window + (first + i) % window];
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
        return quantileOfSorted(sorted, sorted.length, q);
    }

    private static final double[] QUANTILES = {0.9, 0.5, 0.1};

    /**
     * Rearranges {@code values[0..n)} so that every index {@link #quantileOfSorted} reads for the
     * given quantiles (highest first) holds what a full sort would put there: quickselect with a
     * three-way partition (residuals of intermittent products repeat a lot), each selection
     * confined to the part left of the previous one. Same values as sorting, in O(n) on average.
     */
    static void selectForQuantiles(double[] values, int n, double[] quantilesDescending) {
        int fixedFrom = n; // values[fixedFrom..n) hold their sorted values (or are not needed)
        for (double q : quantilesDescending) {
            double pos = q * (n - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(lo + 1, n - 1);
            for (int k : new int[] {hi, lo}) {
                if (k < fixedFrom) {
                    select(values, 0, fixedFrom - 1, k);
                    fixedFrom = k;
                }
            }
        }
    }

    /** Puts the k-th smallest of {@code a[left..right]} at k, smaller ones before it, larger after. */
    static void select(double[] a, int left, int right, int k) {
        while (right > left) {
            if (right - left < 12) {
                for (int i = left + 1; i <= right; i++) {
                    double v = a[i];
                    int j = i - 1;
                    while (j >= left && a[j] > v) {
                        a[j + 1] = a[j];
                        j--;
                    }
                    a[j + 1] = v;
                }
                return;
            }
            int mid = (left + right) >>> 1;
            double x = a[left];
            double y = a[mid];
            double z = a[right];
            double pivot = x < y ? (y < z ? y : Math.max(x, z)) : (x < z ? x : Math.max(y, z));
            int lt = left;
            int i = left;
            int gt = right;
            while (i <= gt) {
                double v = a[i];
                if (v < pivot) {
                    a[i++] = a[lt];
                    a[lt++] = v;
                } else if (v > pivot) {
                    a[i] = a[gt];
                    a[gt--] = v;
                } else {
                    i++;
                }
            }
            if (k < lt) {
                right = lt - 1;
            } else if (k > gt) {
                left = gt + 1;
            } else {
                return;
            }
        }
    }

    static double quantileOfSorted(double[] sorted, int n, double q) {
        if (n == 0) {
            return Double.NaN;
        }
        double pos = q * (n - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, n - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private void pushResidual(int h, double residual) {
        int base = (h - 1) * window;
        residuals[base + residualNext[h - 1]] = residual;
        residualNext[h - 1] = (residualNext[h - 1] + 1) % window;
        residualCount[h - 1] = Math.min(residualCount[h - 1] + 1, window);
    }

    private int slot(long bucketStart) {
        return (int) Math.floorMod(Math.floorDiv(bucketStart, bucketSizeMillis), (long) horizon);
    }

    private void clearForecastsAndResiduals() {
        Arrays.fill(issuedAt, NONE);
        Arrays.fill(issuedPoints, 0);
        Arrays.fill(residuals, 0);
        Arrays.fill(residualCount, 0);
        Arrays.fill(residualNext, 0);
    }

    @Override
    public String toString() {
        return "ForecastErrors{horizon=" + horizon + ", window=" + window + ", residuals per step="
                + Arrays.toString(residualCount) + "}";
    }
}
