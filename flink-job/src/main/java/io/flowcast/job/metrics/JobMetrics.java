package io.flowcast.job.metrics;

import io.flowcast.core.events.DeadLetter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/** Names of the job's Flink metrics, in one place so dashboards and docs match the code. */
public final class JobMetrics {
    public static final String ORDERS_IN = "flowcastOrdersIn";
    public static final String DEAD_LETTERS_GROUP = "flowcastDeadLetters";
    public static final String LATE_CORRECTIONS = "flowcastLateCorrections";
    public static final String LATE_DROPPED = "flowcastLateDeadLettered";
    public static final String FORECASTS_OUT = "flowcastForecasts";
    public static final String LSTM_FORECASTS_OUT = "flowcastLstmForecasts";
    public static final String MODELS_ACCEPTED = "flowcastModelsAccepted";
    public static final String MODELS_REFUSED = "flowcastModelsRefused";
    public static final String PRODUCTS_ACTIVE = "flowcastProductsActive";
    public static final String PRODUCTS_EXPIRED = "flowcastProductsExpired";
    /** Gauge: orders held for being ahead of their partition's event time (issue 10). */
    public static final String ORDERS_HELD = "flowcastOrdersHeld";

    private JobMetrics() {}

    /** One counter per reason: {@code flowcastDeadLetters.reason.BAD_QUANTITY}. */
    public static Counter deadLetters(MetricGroup group, DeadLetter.Reason reason) {
        return group.addGroup(DEAD_LETTERS_GROUP).addGroup("reason", reason.name()).counter("count");
    }
}
