package io.flowcast.core.engine;

import io.flowcast.core.alerts.AlertRules;
import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.calendar.HolidayCalendar;
import io.flowcast.core.forecast.Forecasters;
import java.io.Serializable;
import java.time.Duration;

/**
 * What the engine is told once: bucket size, history kept, horizon, residual window, when an idle
 * product is forgotten, which forecaster, how much history the LSTM needs and the alert rules
 * ({@code null}: no alerts), the holidays closed days are learnt on, and whether {@code auto}
 * combines its candidates (else serves the best one).
 *
 * @param idleTimeout zero: a whole lookback without sales (the history then holds only zeros anyway)
 */
public record EngineSettings(BucketSize bucketSize, int lookback, int horizon, int residualWindow, Duration idleTimeout,
                             String forecaster, int lstmMinHistory, AlertRules alertRules, HolidayCalendar holidays,
                             boolean autoCombine) implements Serializable {
    public EngineSettings {
        if (lookback < 2 || horizon < 1) {
            throw new IllegalArgumentException("lookback must be >= 2 and horizon >= 1");
        }
        if (!ForecastEngine.LSTM.equals(forecaster)) {
            Forecasters.byName(forecaster, bucketSize); // an unknown name fails here, where the settings are made
        }
        holidays = holidays == null ? HolidayCalendar.none() : holidays;
    }

    /** Without a holiday calendar (closed weekdays are still learnt), auto combining. */
    public EngineSettings(BucketSize bucketSize, int lookback, int horizon, int residualWindow, Duration idleTimeout,
                          String forecaster, int lstmMinHistory, AlertRules alertRules) {
        this(bucketSize, lookback, horizon, residualWindow, idleTimeout, forecaster, lstmMinHistory, alertRules,
                HolidayCalendar.none(), true);
    }

    public long idleTimeoutMillis() {
        return idleTimeout.isZero() ? lookback * bucketSize.millis() : idleTimeout.toMillis();
    }

    public EngineSettings withAlerts(AlertRules rules) {
        return new EngineSettings(bucketSize, lookback, horizon, residualWindow, idleTimeout, forecaster, lstmMinHistory,
                rules, holidays, autoCombine);
    }

    public EngineSettings withCalendar(HolidayCalendar calendar, boolean combine) {
        return new EngineSettings(bucketSize, lookback, horizon, residualWindow, idleTimeout, forecaster, lstmMinHistory,
                alertRules, calendar, combine);
    }
}
