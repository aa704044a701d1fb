package io.flowcast.job.config;

import io.flowcast.core.alerts.AlertRules;
import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.calendar.HolidayCalendar;
import io.flowcast.core.engine.EngineSettings;
import org.apache.flink.configuration.Configuration;

/** The engine's settings and alert rules from the job options. */
public final class EngineOptions {
    private EngineOptions() {}

    /** The engine settings, alerts off ({@link EngineSettings#withAlerts} turns them on). */
    public static EngineSettings settings(Configuration conf) {
        return new EngineSettings(BucketSize.of(conf.get(JobOptions.BUCKET_SIZE)), conf.get(JobOptions.LOOKBACK),
                conf.get(JobOptions.HORIZON), conf.get(JobOptions.RESIDUAL_WINDOW),
                conf.get(JobOptions.PRODUCT_IDLE_TIMEOUT), conf.get(JobOptions.FORECASTER),
                conf.get(JobOptions.LSTM_MIN_HISTORY), null, HolidayCalendar.parse(conf.get(JobOptions.HOLIDAYS)),
                conf.get(JobOptions.AUTO_COMBINE));
    }

    public static AlertRules alertRules(Configuration conf) {
        int history = conf.get(JobOptions.ALERT_HISTORY);
        int warmUp = conf.get(JobOptions.ALERT_WARM_UP);
        if (warmUp < 0) {
            warmUp = AlertRules.warmUpFor(BucketSize.of(conf.get(JobOptions.BUCKET_SIZE)).seasonPeriod(), history);
        }
        return new AlertRules(conf.get(JobOptions.ALERT_SPIKE_MARGIN), conf.get(JobOptions.ALERT_TAIL_PROBABILITY),
                conf.get(JobOptions.ALERT_CUSUM_THRESHOLD), AlertRules.DEFAULT_CUSUM_SLACK,
                conf.get(JobOptions.ALERT_COOLDOWN), conf.get(JobOptions.ALERT_MIN_VOLUME), history,
                conf.get(JobOptions.ALERT_LINE_HEADROOM), warmUp);
    }
}
