package io.flowcast.job.config;

import io.flowcast.core.alerts.AlertRules;
import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.calendar.HolidayCalendar;
import io.flowcast.core.engine.EngineSettings;
import io.flowcast.core.engine.ModelServing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;

/** The engine's settings and alert rules from the job options. */
public final class EngineOptions {
    private EngineOptions() {}

    /** The engine settings, alerts off ({@link EngineSettings#withAlerts} turns them on). */
    public static EngineSettings settings(Configuration conf) {
        return new EngineSettings(BucketSize.of(conf.get(JobOptions.BUCKET_SIZE)), conf.get(JobOptions.LOOKBACK),
                conf.get(JobOptions.HORIZON), conf.get(JobOptions.RESIDUAL_WINDOW),
                conf.get(JobOptions.PRODUCT_IDLE_TIMEOUT), conf.get(JobOptions.FORECASTER),
                conf.get(JobOptions.LSTM_MIN_HISTORY), null, conf.get(JobOptions.DORMANT_AFTER),
                HolidayCalendar.parse(conf.get(JobOptions.HOLIDAYS)), conf.get(JobOptions.AUTO_COMBINE));
    }

    /** The model of {@code --model-file} as JSON, or null without one. */
    public static String modelFileJson(Configuration conf) {
        String modelFile = conf.get(JobOptions.MODEL_FILE);
        if (modelFile.isEmpty()) {
            return null;
        }
        try {
            return Files.readString(Path.of(modelFile));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --model-file " + modelFile + ": " + e.getMessage(), e);
        }
    }

    /** PEM texts of {@code --model-public-keys}; empty (with a warning) when models are not authenticated. */
    public static java.util.List<String> modelPublicKeys(Configuration conf) {
        java.util.List<String> keys;
        try {
            keys = io.flowcast.core.models.ModelKeys.readPublicPems(conf.get(JobOptions.MODEL_PUBLIC_KEYS));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --model-public-keys: " + e.getMessage(), e);
        }
        if (keys.isEmpty()) {
            org.slf4j.LoggerFactory.getLogger(EngineOptions.class).warn("models are not authenticated: without "
                    + "--model-public-keys anyone who can write to the models topic decides what the LSTM forecasts "
                    + "(./flowcast keys generate; docs/hostile-input.md)");
        }
        return keys;
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

    /** Which LSTM the keyed operator serves: the model name, the model file (checked here) and the trusted keys. */
    public static ModelServing modelServing(Configuration conf) {
        return new ModelServing(settings(conf), conf.get(JobOptions.MODEL_NAME), modelFileJson(conf),
                modelPublicKeys(conf));
    }
}
