package io.flowcast.core.engine;

import io.flowcast.core.alerts.AlertRules;
import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.forecast.Forecasters;
import java.io.Serializable;
import java.time.Duration;

/**
 * What the engine is told once: bucket size, history kept, horizon, residual window, when an idle
 * product is forgotten, which forecaster, how much history the LSTM needs and the alert rules
 * ({@code null}: no alerts).
 *
 * @param idleTimeout zero: a whole lookback without sales (the history then holds only zeros anyway)
 */
public record EngineSettings(BucketSize bucketSize, int lookback, int horizon, int residualWindow, Duration idleTimeout,
                             String forecaster, int lstmMinHistory, AlertRules alertRules) implements Serializable {
    public EngineSettings {
        if (lookback < 2 || horizon < 1) {
            throw new IllegalArgumentException("lookback must be >= 2 and horizon >= 1");
        }
        Forecasters.byName(forecaster, bucketSize); // an unknown name fails here, where the settings are made
    }

    public long idleTimeoutMillis() {
        return idleTimeout.isZero() ? lookback * bucketSize.millis() : idleTimeout.toMillis();
    }

    public EngineSettings withAlerts(AlertRules rules) {
        return new EngineSettings(bucketSize, lookback, horizon, residualWindow, idleTimeout, forecaster, lstmMinHistory,
                rules);
    }
}
