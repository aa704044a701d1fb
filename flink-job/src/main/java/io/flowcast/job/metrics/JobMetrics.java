package io.flowcast.job.metrics;

import io.flowcast.core.events.DeadLetter;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Names of the job's Flink metrics, in one place so dashboards and docs match the code. Through
 * Flink's Prometheus reporter an operator metric {@code flowcastOrdersIn} is scraped as
 * {@code flink_taskmanager_job_task_operator_flowcastOrdersIn}; a key-value group becomes a label
 * ({@code flowcastDeadLetters_count{reason="BAD_QUANTITY"}}). {@code deploy/grafana/flowcast.json}
 * uses exactly these names, and a test scrapes a running job for each of them.
 */
public final class JobMetrics {
    public static final String ORDERS_IN = "flowcastOrdersIn";
    public static final String DEAD_LETTERS_GROUP = "flowcastDeadLetters";
    public static final String LATE_CORRECTIONS = "flowcastLateCorrections";
    public static final String FORECASTS_OUT = "flowcastForecasts";
    public static final String LSTM_FORECASTS_OUT = "flowcastLstmForecasts";
    /** Forecasts by {@code forecaster} and {@code modelVersion} labels. */
    public static final String FORECASTS_BY_MODEL_GROUP = "flowcastForecastsOut";
    /** Time the engine takes to make a forecast (and alerts) at a bucket close or late correction, nanoseconds. */
    public static final String FORECAST_NANOS = "flowcastForecastNanos";
    public static final String MODELS_ACCEPTED = "flowcastModelsAccepted";
    public static final String MODELS_REFUSED = "flowcastModelsRefused";
    public static final String PRODUCTS_ACTIVE = "flowcastProductsActive";
    public static final String PRODUCTS_EXPIRED = "flowcastProductsExpired";
    /** Gauge: orders held for being ahead of their partition's event time (issue 10). */
    public static final String ORDERS_HELD = "flowcastOrdersHeld";

    /** Reporter name in Flink's configuration: {@code metrics.reporter.prom.*}. */
    static final String REPORTER = "prom";

    private JobMetrics() {}

    /** One counter per reason: {@code flowcastDeadLetters.reason.BAD_QUANTITY}. */
    public static Counter deadLetters(MetricGroup group, DeadLetter.Reason reason) {
        return group.addGroup(DEAD_LETTERS_GROUP).addGroup("reason", reason.name()).counter("count");
    }

    /** Forecast-time histogram over the last 1,000 forecasts of a subtask (Prometheus: a summary with quantiles). */
    public static Histogram forecastNanos(MetricGroup group) {
        return group.histogram(FORECAST_NANOS, new DescriptiveStatisticsHistogram(1_000));
    }

    /**
     * Turns on Flink's Prometheus reporter on {@code port} (a port or a range such as 9249-9259; a
     * blank port leaves it off). For local runs (MiniCluster); a cluster reads its reporters from
     * its own config.yaml.
     */
    public static void prometheusReporter(Configuration flink, String port) {
        if (port == null || port.isBlank()) {
            return;
        }
        flink.set(ConfigOptions.key("metrics.reporter." + REPORTER + ".factory.class").stringType().noDefaultValue(),
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        flink.set(ConfigOptions.key("metrics.reporter." + REPORTER + ".port").stringType().noDefaultValue(), port.trim());
    }

    /** Counters of forecasts by forecaster and model version, created as new pairs appear (a handful per job). */
    public static final class ForecastCounters {
        private final MetricGroup group;
        private final Map<String, Counter> counters = new HashMap<>();

        public ForecastCounters(MetricGroup operatorGroup) {
            this.group = operatorGroup.addGroup(FORECASTS_BY_MODEL_GROUP);
        }

        public void inc(String forecaster, String modelVersion) {
            counters.computeIfAbsent(forecaster + '\u0000' + modelVersion, k -> group.addGroup("forecaster", forecaster)
                    .addGroup("modelVersion", modelVersion).counter("count")).inc();
        }
    }
}
