package io.flowcast.core.alerts;

/**
 * Two-sided tabular CUSUM (Page 1954) on standardised forecast errors: catches a run of small
 * misses in one direction that no single bucket shows. With slack k and threshold h,
 * {@code S+ = max(0, S+ + z - k)} and {@code S- = max(0, S- - z - k)}; a sum above h is a shift.
 * A shift of one sigma is found after about h / (1 - k) buckets.
 */
public final class Cusum {
    /** z of the 0.9 quantile of the standard normal: (p90 - p10) / (2 * Z90) is a sigma. */
    static final double Z90 = 1.2815515655446004;
    /**
     * A single bucket adds at most this many sigmas: one spike (its own alert) must not look like a
     * shift, and one huge miss must not keep a shift open for dozens of buckets.
     */
    public static final double MAX_Z = 3.0;

    private Cusum() {}

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
