package io.flowcast.core.engine;

import io.flowcast.core.alerts.AlertState;
import io.flowcast.core.buckets.BucketHistory;
import io.flowcast.core.calendar.ClosedDays;
import io.flowcast.core.features.FeatureState;
import io.flowcast.core.forecast.ForecastErrors;
import io.flowcast.core.forecast.SelectorState;
import io.flowcast.core.lstm.LstmState;

/**
 * A product's history, recent errors, LSTM state and alert state: the large part of its state,
 * read and written only when a bucket closes or a late sum corrects one, never per incoming sum.
 */
public class ProductState {
    public BucketHistory history;
    public ForecastErrors errors;
    /** Running feature statistics since the product's first bucket: the LSTM's per-product scaling. */
    public FeatureState features = new FeatureState();
    /** The LSTM's (h, c) after the newest closed bucket, tagged with the model version that made it. */
    public LstmState lstm = new LstmState();
    /** What the alert rules remember; null with alerts off, or once they forgot a dormant product. */
    public AlertState alerts;
    /** auto's memory of its candidates' forecasts and errors on this product; null for a fixed forecaster. */
    public SelectorState selection;
    /**
     * Not state: the closed days {@link ForecastEngine} learnt from {@code history} when its newest
     * bucket was {@code closedDaysAt}, so the next close scores its actual without learning them again.
     * Not serialized; null after a restore (then learnt again).
     */
    public transient ClosedDays closedDays;
    public transient long closedDaysAt;

    public ProductState() {}

    public ProductState(int lookback, long bucketSizeMillis, int horizon, int residualWindow) {
        this.history = new BucketHistory(lookback, bucketSizeMillis);
        this.errors = new ForecastErrors(horizon, residualWindow);
    }
}
