package io.flowcast.job.records;

import io.flowcast.core.buckets.BucketHistory;
import io.flowcast.core.forecast.ForecastErrors;

/** Everything the job keeps per product besides its open buckets: one keyed-state value. */
public class ProductState {
    public BucketHistory history;
    public ForecastErrors errors;
    /** Newest event time seen for the product: when it goes idle, its state is dropped. */
    public long lastOrderTime = Long.MIN_VALUE;
    /** The registered event-time timer that closes the next bucket, or Long.MIN_VALUE. */
    public long nextCloseTimer = Long.MIN_VALUE;
    /** Revision of the newest bucket's forecast: bumped by each late correction. */
    public int revision;
    /** Name of the forecaster that made the newest forecast. */
    public String lastForecaster;

    public ProductState() {}

    public ProductState(int lookback, long bucketSizeMillis, int horizon, int residualWindow) {
        this.history = new BucketHistory(lookback, bucketSizeMillis);
        this.errors = new ForecastErrors(horizon, residualWindow);
    }
}
