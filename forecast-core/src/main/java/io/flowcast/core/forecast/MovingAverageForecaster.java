package io.flowcast.core.forecast;


/** Flat forecast at the mean of the last {@code window} buckets: the fallback for products with little history. */
public final class MovingAverageForecaster extends UnitsForecaster {
    public static final String NAME = "moving-average";

    private final int window;

    public MovingAverageForecaster(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, got " + window);
        }
        this.window = window;
    }

    public int window() {
        return window;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    double[] forecast(double[] y, int horizon) {
        return SeriesMath.flat(SeriesMath.meanOfLast(y, window), horizon);
    }

    @Override
    public String toString() {
        return NAME + "(" + window + ")";
    }
}
