package io.flowcast.core.forecast;

/**
 * Robust-seasonal's weekly shape at a plain mean's level: the mean of the last {@code window}
 * buckets (every bucket, closed days too, so the level is per calendar bucket), spread over the
 * period in proportion to {@link RobustSeasonalForecaster}'s forecast of the next period. A mean
 * forecast with a season: robust-seasonal alone clips the big orders out of its level (its total
 * is 57% of the units sold on the retail hold-out), the long means have the level but no season.
 * Period 1: the plain mean. It reads every bucket ({@link #usesSeason}), closed days included, so
 * the shape puts the shop's closed days near zero and the level is per calendar bucket.
 */
public final class SeasonalMeanForecaster extends UnitsForecaster {
    public static final String NAME = "seasonal-mean";

    private final RobustSeasonalForecaster shape;
    private final int window;

    /** {@code window}: buckets in the level's mean (a multiple of the period keeps every position equally in it). */
    public SeasonalMeanForecaster(int period, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, got " + window);
        }
        this.shape = new RobustSeasonalForecaster(period);
        this.window = window;
    }

    @Override
    public boolean usesSeason() {
        return true;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    double[] forecast(double[] y, int horizon) {
        double level = SeriesMath.meanOfLast(y, window);
        int m = shape.period();
        if (m == 1) {
            return SeriesMath.flat(level, horizon);
        }
        // the shape: robust-seasonal's next period over its sum; its own level (big orders clipped) drops out
        double[] s = shape.forecast(y, Math.max(horizon, m)); // one pass a close for all of them: see RobustSeasonalForecaster
        double shapeSum = 0;
        for (int i = 0; i < m; i++) {
            shapeSum += s[i];
        }
        double[] out = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            out[h] = shapeSum > 0 ? SeriesMath.clamp(level * m * s[h] / shapeSum) : level;
        }
        return out;
    }

    @Override
    public String toString() {
        return NAME + "(" + shape.period() + " x " + window + ")";
    }
}
