package io.flowcast.job.metrics;

import io.flowcast.core.engine.Emission;
import io.flowcast.core.engine.ForecastEngine;
import io.flowcast.core.events.Alert;
import io.flowcast.core.models.ModelGate;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The keyed operator's counters, counted from what the engine hands back. */
public final class KeyedMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(KeyedMetrics.class);
    /** Names kept from when the alerts ran in their own operator. */
    public static final String ALERTS_OPENED = "alertsOpened";
    public static final String ALERTS_RESOLVED = "alertsResolved";

    private final Counter productsActive;
    private final Counter productsExpired;
    /** Time the engine takes to make a forecast (LSTM step or baseline, quantiles, alerts). */
    private final Histogram forecastNanos;
    private final Counter lateCorrections;
    private final Counter modelsAccepted;
    private final Counter modelsRefused;
    private final JobMetrics.ForecastCounters forecastsByModel;
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
        forecastNanos = JobMetrics.forecastNanos(group);
        forecastsByModel = new JobMetrics.ForecastCounters(group);
    }

    /** A product's first sum (or its first after it expired). */
    public void productStarted() {
        productsActive.inc();
    }

    /** An idle product expired; {@code forgotten}: nothing of it is left (no later orders waiting). */
    public void productExpired(boolean forgotten) {
        productsExpired.inc();
        if (forgotten) {
            productsActive.dec();
        }
    }

    /** Counts and logs the gate's decision on a model record; true when it is accepted. */
    public boolean judged(ModelGate.Decision d) {
        if (d.accepted()) {
            modelsAccepted.inc();
            LOG.info("accepted model {}{}", d.label(),
                    d.record().rolledBackFrom == null ? "" : ", a rollback from " + d.record().rolledBackFrom);
        } else if (d.verdict() == ModelGate.Verdict.REFUSE) {
            modelsRefused.inc();
            LOG.warn("refused model {}: {}; the current model keeps serving", d.label(), d.reason());
        }
        return d.accepted();
    }

    public void emitted(Emission e) {
        if (e.forecast() != null) {
            forecasts.inc();
            forecastNanos.update(e.nanos());
            forecastsByModel.inc(e.forecast().forecaster, e.forecast().modelVersion);
            if (e.forecast().revision > 0) {
                lateCorrections.inc();
            }
            if (ForecastEngine.LSTM.equals(e.forecast().forecaster)) {
                lstmForecasts.inc();
            }
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
