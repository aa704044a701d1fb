package io.flowcast.core.forecast;

import io.flowcast.core.buckets.DemandSeries;

/**
 * Point forecasts of future bucket demand from a product's closed buckets, one product per call
 * (the job forecasts a product when its bucket closes; the LSTM steps one product at a time too, as
 * batching measured no faster: docs/lstm.md). Implementations are stateless and thread-safe unless
 * they say otherwise.
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

}
