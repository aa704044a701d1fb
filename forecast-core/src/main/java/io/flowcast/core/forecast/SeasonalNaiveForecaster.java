package io.flowcast.core.forecast;


/**
 * Repeats the last full season: step h copies the bucket one, two, ... seasons back that falls on
 * the same position in the season. The benchmark every other forecaster (and MASE) is measured against.
 */
public final class SeasonalNaiveForecaster extends UnitsForecaster {
    public static final String NAME = "seasonal-naive";

    private final int period;

    /** {@code period} in buckets; 0 means no season, which makes this the plain naive (last value) forecast. */
    public SeasonalNaiveForecaster(int period) {
        if (period < 0) {
            throw new IllegalArgumentException("period must not be negative, got " + period);
        }
        this.period = period;
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
        if (period == 0 || n < period) {
            // not one full season yet: the last value is the best guess that needs no season
            return SeriesMath.flat(y[n - 1], horizon);
        }
        double[] out = new double[horizon];
        int t = n - 1;
        for (int h = 1; h <= horizon; h++) {
            int seasonsBack = (h + period - 1) / period; // ceil(h / period)
            out[h - 1] = SeriesMath.clamp(y[t + h - period * seasonsBack]);
        }
        return out;
    }

    @Override
    public String toString() {
        return NAME + "(" + period + ")";
    }
}
