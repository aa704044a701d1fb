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

    /** One row of {@link #forecast} per series, in order. */
    default double[][] forecastBatch(List<? extends DemandSeries> batch, int horizon) {
        double[][] out = new double[batch.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = forecast(batch.get(i), horizon);
        }
        return out;
    }
}
