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
}
