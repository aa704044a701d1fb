package io.flowcast.job.metrics;

import io.flowcast.core.engine.Emission;
import io.flowcast.core.engine.ForecastEngine;
import io.flowcast.core.events.Alert;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/** The keyed operator's counters, counted from what the engine hands back. */
public final class KeyedMetrics {
    /** Names kept from when the alerts ran in their own operator. */
    public static final String ALERTS_OPENED = "alertsOpened";
    public static final String ALERTS_RESOLVED = "alertsResolved";

    public final Counter lateCorrections;
    public final Counter productsActive;
    public final Counter productsExpired;
    public final Counter modelsAccepted;
    public final Counter modelsRefused;
    private final Counter forecasts;
    private final Counter lstmForecasts;
    private final Counter alertsOpened;
    private final Counter alertsResolved;

    public KeyedMetrics(MetricGroup group) {
        forecasts = group.counter(JobMetrics.FORECASTS_OUT);
        lstmForecasts = group.counter(JobMetrics.LSTM_FORECASTS_OUT);
        lateCorrections = group.counter(JobMetrics.LATE_CORRECTIONS);
        productsActive = group.counter(JobMetrics.PRODUCTS_ACTIVE);
        productsExpired = group.counter(JobMetrics.PRODUCTS_EXPIRED);
        modelsAccepted = group.counter(JobMetrics.MODELS_ACCEPTED);
        modelsRefused = group.counter(JobMetrics.MODELS_REFUSED);
        alertsOpened = group.counter(ALERTS_OPENED);
        alertsResolved = group.counter(ALERTS_RESOLVED);
    }

    public void emitted(Emission e) {
        forecasts.inc();
        if (ForecastEngine.LSTM.equals(e.forecast().forecaster)) {
            lstmForecasts.inc();
        }
        for (Alert a : e.alerts()) {
            if (a.status == Alert.Status.OPEN) {
                alertsOpened.inc();
            } else if (a.status == Alert.Status.RESOLVED) {
                alertsResolved.inc();
            }
        }
    }
}
