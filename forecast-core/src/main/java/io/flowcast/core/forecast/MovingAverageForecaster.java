package io.flowcast.core.forecast;

import io.flowcast.core.buckets.DemandSeries;

/** Flat forecast at the mean of the last {@code window} buckets: the fallback for products with little history. */
public final class MovingAverageForecaster implements Forecaster {
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
    public double[] forecast(DemandSeries series, int horizon) {
        SeriesMath.checkHorizon(horizon);
        double[] y = SeriesMath.cleanUnits(series);
        int n = y.length;
        if (n == 0) {
            return new double[horizon];
        }
        int k = Math.min(window, n);
        double sum = 0;
        for (int i = n - k; i < n; i++) {
            sum += y[i];
        }
        return SeriesMath.flat(sum / k, horizon);
    }

    @Override
    public String toString() {
        return NAME + "(" + window + ")";
    }
}
