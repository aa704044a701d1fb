package io.flowcast.core.alerts;

/**
 * Two-sided tabular CUSUM (Page 1954) on standardised forecast errors: catches a run of small
 * misses in one direction that no single bucket shows. With slack k and threshold h,
 * {@code S+ = max(0, S+ + z - k)} and {@code S- = max(0, S- - z - k)}; a sum above h is a shift.
 * A shift of one sigma is found after about h / (1 - k) buckets. For counts of intermittent products,
 * whose z-scores are too skewed for this, {@link #poisson} is the count-model version.
 */
public final class Cusum {
    /** z of the 0.9 quantile of the standard normal: (p90 - p10) / (2 * Z90) is a sigma. */
    static final double Z90 = 1.2815515655446004;
    /**
     * A single bucket adds at most this many sigmas: one spike (its own alert) must not look like a
     * shift, and one huge miss must not keep a shift open for dozens of buckets.
     */
    public static final double MAX_Z = 3.0;

    /** Rate ratios the Poisson CUSUM looks for: a doubling (up) and a halving (down). */
    public static final double UP_RATIO = 2.0;
    public static final double DOWN_RATIO = 0.5;

    private Cusum() {}

    /**
     * Poisson CUSUM step (Lucas 1985, "Counted data CUSUM's") for counts of an intermittent product:
     * adds the log-likelihood ratio of rate {@code ratio * expected} against {@code expected} for this
     * bucket's count, {@code count * ln(ratio) - expected * (ratio - 1)}, floored at zero. A zero bucket
     * adds {@code expected / 2} towards a halving; a sale pulls the sum back.
     */
    public static double poisson(double s, double count, double expected, double ratio) {
        return Math.max(0, s + count * Math.log(ratio) - expected * (ratio - 1));
    }

    /** Upward sum after one more error. */
    public static double up(double s, double z, double slack) {
        return Math.max(0, s + z - slack);
    }

    /** Downward sum after one more error. */
    public static double down(double s, double z, double slack) {
        return Math.max(0, s - z - slack);
    }

    /**
     * (actual - point) / sigma, clipped to +-{@link #MAX_Z}. Sigma comes from the forecast's 80%
     * interval, (p90 - p10) / (2 * 1.2816), at least one unit: a product forecast as exactly zero
     * with a zero-width interval would otherwise divide by zero.
     */
    public static double standardise(double actual, double point, double p10, double p90) {
        double sigma = Math.max((p90 - p10) / (2 * Z90), 1.0);
        double z = (actual - point) / sigma;
        return Math.max(-MAX_Z, Math.min(MAX_Z, z));
    }
}
