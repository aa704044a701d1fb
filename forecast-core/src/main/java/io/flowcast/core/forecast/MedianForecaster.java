package io.flowcast.core.forecast;

import io.flowcast.core.buckets.DemandSeries;
import java.util.Arrays;

/**
 * The median of recent buckets: a forecast of the p50, not of the mean. Lumpy demand (a few
 * wholesale-sized days among many small ones) has its median well below its mean, and the median
 * is what minimises absolute error (WAPE). With {@code period} 1, the median of the last
 * {@code window} buckets, flat ({@code median}); with a season, step h takes the median of the last
 * {@code window} buckets at the same position in the season ({@code seasonal-median}, e.g. the
 * last 12 Mondays).
 */
public final class MedianForecaster implements Forecaster {
    public static final String NAME = "median";
    public static final String SEASONAL_NAME = "seasonal-median";

    private final int window;
    private final int period;

    /** {@code window} buckets (period 1) or seasons (period > 1). */
    public MedianForecaster(int window, int period) {
        if (window < 1 || period < 1) {
            throw new IllegalArgumentException("window and period must be at least 1, got " + window + ", " + period);
        }
        this.window = window;
        this.period = period;
    }

    @Override
    public boolean forecastsMedian() {
        return true;
    }

    @Override
    public String name() {
        return period > 1 ? SEASONAL_NAME : NAME;
    }

    @Override
    public boolean usesSeason() {
        return period > 1;
    }

    @Override
    public double[] forecast(DemandSeries series, int horizon) {
        SeriesMath.checkHorizon(horizon);
        double[] y = SeriesMath.cleanUnits(series);
        int n = y.length;
        double[] out = new double[horizon];
        if (n == 0) {
            return out;
        }
        double[] buf = new double[window];
        if (period == 1) {
            int k = Math.min(window, n);
            System.arraycopy(y, n - k, buf, 0, k);
            Arrays.fill(out, median(buf, k));
            return out;
        }
        for (int h = 1; h <= horizon; h++) {
            // the newest bucket at the same season position as step h, then every period before it
            int i = n - period + ((h - 1) % period);
            int k = 0;
            for (; i >= 0 && k < window; i -= period) {
                buf[k++] = y[i];
            }
            out[h - 1] = k == 0 ? 0 : median(buf, k);
        }
        return out;
    }

    private static double median(double[] v, int k) {
        Arrays.sort(v, 0, k);
        return k % 2 == 1 ? v[k / 2] : (v[k / 2 - 1] + v[k / 2]) / 2;
    }

    @Override
    public String toString() {
        return name() + "(" + window + (period > 1 ? " x " + period : "") + ")";
    }
}
