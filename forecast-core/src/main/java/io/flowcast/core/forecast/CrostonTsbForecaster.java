package io.flowcast.core.forecast;


/**
 * TSB (Teunter, Syntetos and Babai 2011), Croston's method for intermittent demand with the
 * demand probability updated every bucket, so a product that stops selling sees its forecast decay
 * instead of staying frozen at the last sale (Croston's weakness, and obsolescence is common here).
 *
 * <p>Demand size z is smoothed with {@code alpha} on nonzero buckets only; probability p with
 * {@code beta} on every bucket. Forecast p * z, flat. Initialised from the history itself: z from
 * the first nonzero bucket, p from the share of nonzero buckets, then the recursion runs over
 * every bucket (z from the second nonzero one on), so the start matters less with a long history.
 */
public final class CrostonTsbForecaster extends UnitsForecaster {
    public static final String NAME = "tsb";
    public static final double DEFAULT_ALPHA = 0.1;
    public static final double DEFAULT_BETA = 0.1;

    private final double alpha;
    private final double beta;

    public CrostonTsbForecaster() {
        this(DEFAULT_ALPHA, DEFAULT_BETA);
    }

    /** {@code alpha} smooths the demand size, {@code beta} the demand probability; both in (0, 1]. */
    public CrostonTsbForecaster(double alpha, double beta) {
        if (!(alpha > 0 && alpha <= 1) || !(beta > 0 && beta <= 1)) {
            throw new IllegalArgumentException("alpha and beta must be in (0, 1], got " + alpha + ", " + beta);
        }
        this.alpha = alpha;
        this.beta = beta;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    double[] forecast(double[] y, int horizon) {
        int n = y.length;
        int nonzero = SeriesMath.countSold(y);
        if (nonzero == 0) {
            return new double[horizon]; // empty or never sold
        }
        int first = 0;
        while (!(y[first] > 0)) {
            first++;
        }
        double z = y[first];
        double p = (double) nonzero / n;
        for (int t = 0; t < n; t++) {
            if (y[t] > 0) {
                if (t > first) {
                    z += alpha * (y[t] - z);
                }
                p += beta * (1 - p);
            } else {
                p += beta * (0 - p);
            }
        }
        return SeriesMath.flat(p * z, horizon);
    }

    @Override
    public String toString() {
        return NAME + "(alpha=" + alpha + ", beta=" + beta + ")";
    }
}
