package io.flowcast.core.forecast;


/**
 * Additive Holt-Winters with a damped trend for products with at least two seasons of history,
 * damped Holt (level and trend, no season) otherwise. Smoothing parameters are fixed, not fitted:
 * fitting per product per bucket would cost more than the whole rest of the operator, and fixed
 * conservative values are hard to beat on noisy retail demand.
 *
 * <p>Defaults: alpha 0.3 (level), beta 0.05 (trend), gamma 0.1 (season), phi 0.9 (trend damping,
 * so a trend flattens out instead of running away over a long horizon).
 *
 * <p>Initialisation, seasonal (period m, n >= 2m): level = mean of the first season, trend =
 * (mean of second season - mean of first season) / m, season[i] = average over the first two
 * seasons of each bucket's deviation from its season mean; the recursion then runs from bucket m
 * to the newest. Non-seasonal: level = first bucket, trend = 0 (a trend must earn itself through
 * beta), the recursion runs from bucket 1; with one bucket this is simple exponential smoothing.
 */
public final class ExponentialSmoothingForecaster extends UnitsForecaster {
    public static final String NAME = "exp-smoothing";
    public static final double DEFAULT_ALPHA = 0.3;
    public static final double DEFAULT_BETA = 0.05;
    public static final double DEFAULT_GAMMA = 0.1;
    public static final double DEFAULT_PHI = 0.9;

    private final int period;
    private final double alpha;
    private final double beta;
    private final double gamma;
    private final double phi;

    /** {@code period} in buckets, 0 for no season; the default smoothing parameters. */
    public ExponentialSmoothingForecaster(int period) {
        this(period, DEFAULT_ALPHA, DEFAULT_BETA, DEFAULT_GAMMA, DEFAULT_PHI);
    }

    public ExponentialSmoothingForecaster(int period, double alpha, double beta, double gamma, double phi) {
        if (period < 0) {
            throw new IllegalArgumentException("period must not be negative, got " + period);
        }
        SeriesMath.checkWeight("alpha", alpha);
        SeriesMath.checkWeight("beta", beta);
        SeriesMath.checkWeight("gamma", gamma);
        SeriesMath.checkWeight("phi", phi);
        this.period = period;
        this.alpha = alpha;
        this.beta = beta;
        this.gamma = gamma;
        this.phi = phi;
    }

    public int period() {
        return period;
    }

    @Override
    public boolean usesSeason() {
        return period > 0;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    double[] forecast(double[] y, int horizon) {
        int n = y.length;
        boolean seasonal = period > 0 && n >= 2 * period;
        int m = seasonal ? period : 0;
        double[] season = new double[Math.max(m, 1)];
        double level;
        double trend;
        int from;
        if (seasonal) {
            double mean1 = mean(y, 0, m);
            double mean2 = mean(y, m, 2 * m);
            level = mean1;
            trend = (mean2 - mean1) / m;
            for (int i = 0; i < m; i++) {
                season[i] = ((y[i] - mean1) + (y[m + i] - mean2)) / 2;
            }
            from = m;
        } else {
            level = y[0];
            trend = 0;
            from = 1;
        }
        for (int t = from; t < n; t++) {
            double s = seasonal ? season[t % m] : 0;
            double prevLevel = level;
            level = alpha * (y[t] - s) + (1 - alpha) * (prevLevel + phi * trend);
            trend = beta * (level - prevLevel) + (1 - beta) * phi * trend;
            if (seasonal) {
                season[t % m] = gamma * (y[t] - level) + (1 - gamma) * s;
            }
        }
        double[] out = new double[horizon];
        double damp = 0; // phi + phi^2 + ... + phi^h
        double phiPow = 1;
        for (int h = 1; h <= horizon; h++) {
            phiPow *= phi;
            damp += phiPow;
            double s = seasonal ? season[(n - 1 + h) % m] : 0;
            out[h - 1] = SeriesMath.clamp(level + damp * trend + s);
        }
        return out;
    }

    private static double mean(double[] y, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += y[i];
        }
        return sum / (to - from);
    }

    @Override
    public String toString() {
        return NAME + "(" + period + ", alpha=" + alpha + ", beta=" + beta + ", gamma=" + gamma + ", phi=" + phi + ")";
    }
}
