package io.flowcast.core.engine;

import io.flowcast.core.alerts.AlertRules;
import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.calendar.HolidayCalendar;
import io.flowcast.core.forecast.ForecastErrors;
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
 * @param dormantAfter buckets without a sale after which a product with no alert open is dormant:
 *     its further empty buckets cost O(1) and emit nothing, and are filled in when it sells again
 *     (0: never dormant, every bucket is forecast)
 */
public record EngineSettings(BucketSize bucketSize, int lookback, int horizon, int residualWindow, Duration idleTimeout,
                             String forecaster, int lstmMinHistory, AlertRules alertRules, int dormantAfter,
                             HolidayCalendar holidays, boolean autoCombine) implements Serializable {
    /** The job's defaults: its options take them from here, as the engine benchmark does. */
    public static final Duration DEFAULT_BUCKET_SIZE = Duration.ofHours(1);
    public static final int DEFAULT_LOOKBACK = 168;
    public static final int DEFAULT_HORIZON = 24;
    public static final int DEFAULT_RESIDUAL_WINDOW = 50;
    public static final int DEFAULT_LSTM_MIN_HISTORY = 14;

    public EngineSettings {
        if (lookback < 2 || horizon < 1) {
            throw new IllegalArgumentException("lookback must be >= 2 and horizon >= 1");
        }
        if (residualWindow < 1 || residualWindow > ForecastErrors.MAX_WINDOW) {
            throw new IllegalArgumentException("the residual window must be 1.." + ForecastErrors.MAX_WINDOW
                    + ", got " + residualWindow);
        }
        if (dormantAfter < 0) {
            throw new IllegalArgumentException("dormantAfter must not be negative, got " + dormantAfter);
        }
        if (!ForecastEngine.LSTM.equals(forecaster)) {
            Forecasters.byName(forecaster, bucketSize); // an unknown name fails here, where the settings are made
        }
        holidays = holidays == null ? HolidayCalendar.none() : holidays;
    }

    /** Without a holiday calendar (closed weekdays are still learnt), auto combining. */
    public EngineSettings(BucketSize bucketSize, int lookback, int horizon, int residualWindow, Duration idleTimeout,
                          String forecaster, int lstmMinHistory, AlertRules alertRules, int dormantAfter) {
        this(bucketSize, lookback, horizon, residualWindow, idleTimeout, forecaster, lstmMinHistory, alertRules,
                dormantAfter, HolidayCalendar.none(), true);
    }

    /** Never dormant: every bucket of every product is forecast. */
    public EngineSettings(BucketSize bucketSize, int lookback, int horizon, int residualWindow, Duration idleTimeout,
                          String forecaster, int lstmMinHistory, AlertRules alertRules) {
        this(bucketSize, lookback, horizon, residualWindow, idleTimeout, forecaster, lstmMinHistory, alertRules, 0);
    }

    public long idleTimeoutMillis() {
        return idleTimeout.isZero() ? lookback * bucketSize.millis() : idleTimeout.toMillis();
    }

    public EngineSettings withAlerts(AlertRules rules) {
        return new EngineSettings(bucketSize, lookback, horizon, residualWindow, idleTimeout, forecaster, lstmMinHistory,
                rules, dormantAfter, holidays, autoCombine);
    }

    public EngineSettings withCalendar(HolidayCalendar calendar, boolean combine) {
        return new EngineSettings(bucketSize, lookback, horizon, residualWindow, idleTimeout, forecaster, lstmMinHistory,
                alertRules, dormantAfter, calendar, combine);
    }
}
