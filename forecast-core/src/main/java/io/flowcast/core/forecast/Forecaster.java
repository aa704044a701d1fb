package io.flowcast.core.forecast;

import io.flowcast.core.buckets.DemandSeries;
import java.util.List;

/**
 * Point forecasts of future bucket demand from a product's closed buckets. Batched, so a model
 * that is cheaper per series in bulk (the LSTM) can serve many products in one call.
 * Implementations are stateless and thread-safe unless they say otherwise.
 */
public interface Forecaster {
    /** Short stable name carried in every forecast, e.g. {@code seasonal-naive}. */
    String name();

    /** Point forecasts for steps 1..horizon after the newest bucket; never negative, never NaN. */
    double[] forecast(DemandSeries series, int horizon);

    /**
     * True if it models the season itself (a weekly pattern in daily buckets), so it should see
     * closed days as they are; false if it averages over buckets and should see open days only
     * ({@link io.flowcast.core.calendar.OpenDaySeries}).
     */
    default boolean usesSeason() {
        return false;
    }

    /**
     * True if its forecast aims at the median (it minimises absolute error) rather than the mean;
     * {@link AutoForecaster} builds the p50 from these.
     */
    default boolean forecastsMedian() {
        return false;
    }

    /** One row of {@link #forecast} per series, in order. */
    default double[][] forecastBatch(List<? extends DemandSeries> batch, int horizon) {
        double[][] out = new double[batch.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = forecast(batch.get(i), horizon);
        }
        return out;
    }
}
