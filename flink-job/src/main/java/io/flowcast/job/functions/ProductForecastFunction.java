package io.flowcast.job.functions;

import io.flowcast.core.alerts.AlertRules;
import io.flowcast.core.engine.Emission;
import io.flowcast.core.engine.EngineSettings;
import io.flowcast.core.engine.ForecastEngine;
import io.flowcast.core.engine.ModelServing;
import io.flowcast.core.engine.ProductState;
import io.flowcast.core.engine.ProductTimeline;
import io.flowcast.core.engine.ServedModel;
import io.flowcast.core.events.Alert;
import io.flowcast.core.events.DeadLetter;
import io.flowcast.core.events.Forecast;
import io.flowcast.core.json.Json;
import io.flowcast.job.metrics.KeyedMetrics;
import io.flowcast.job.records.BucketDelta;
import io.flowcast.job.state.KeyedStates;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The keyed operator, a thin shell around {@link ForecastEngine}: moves each product's state in and
 * out, registers the close timers, sends forecasts as main output and alerts and unplaceable late
 * sums as side outputs. The broadcast side carries LSTM models: one that {@link ModelServing} accepts
 * is kept in broadcast state ({@link KeyedStates#MODELS}: a restore serves it again).
 */
public class ProductForecastFunction extends KeyedBroadcastProcessFunction<String, BucketDelta, String, Forecast> {
    private static final long serialVersionUID = 3L;

    /** Sums for buckets that fell out of the history: should not happen when lateness < lookback. */
    public static final OutputTag<DeadLetter> UNPLACEABLE = new OutputTag<>("unplaceable-sums") {};
    public static final OutputTag<Alert> ALERTS = new OutputTag<>("alerts") {};

    private EngineSettings settings;
    private final AlertRules alertRules;
    private final ModelServing models;

    private transient ForecastEngine engine;
    private transient ValueState<ProductTimeline> timeline;
    private transient ValueState<ProductState> productState;
    private transient KeyedMetrics metrics;

    /** {@code alertRules} apply once {@link #enableAlerts()} is called, before the job runs. */
    public ProductForecastFunction(EngineSettings settings, AlertRules alertRules, ModelServing models) {
        this.settings = settings;
        this.alertRules = alertRules;
        this.models = models;
    }

    /** Judges the alert rules on every forecast and sends the alerts to {@link #ALERTS}. */
    public void enableAlerts() {
        settings = settings.withAlerts(alertRules);
    }

    @Override
    public void open(OpenContext openContext) {
        engine = new ForecastEngine(settings);
        models.open(settings);
        timeline = getRuntimeContext().getState(KeyedStates.TIMELINE);
        productState = getRuntimeContext().getState(KeyedStates.PRODUCT_STATE);
        metrics = new KeyedMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processBroadcastElement(String json, Context ctx, Collector<Forecast> out) throws Exception {
        var d = models.judge(json, ctx.getBroadcastState(KeyedStates.MODELS).get(models.modelName()));
        if (metrics.judged(d)) {
            ctx.getBroadcastState(KeyedStates.MODELS).put(models.modelName(), Json.toString(d.record())); // without the DL4J zip
        }
    }

    @Override
    public void processElement(BucketDelta delta, ReadOnlyContext ctx, Collector<Forecast> out) throws Exception {
        FailureInjection.maybeFail();
        ProductTimeline t = timeline.value();
        if (t == null) {
            t = new ProductTimeline();
            metrics.productStarted();
        }
        if (!engine.onSum(t, delta.bucketStart, delta.sum, delta.latestEventTime)) {
            ctx.timerService().registerEventTimeTimer(t.nextCloseTimer); // a no-op when it is registered
        } else {
            ProductState st = productState.value();
            emit(engine.correct(t, st, ctx.getCurrentKey(), delta.bucketStart, delta.sum, model(ctx),
                    System.currentTimeMillis(), () -> Json.toString(delta)), ctx, out);
            productState.update(st);
        }
        timeline.update(t);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Forecast> out) throws Exception {
        ProductTimeline t = timeline.value();
        if (t == null || timestamp != t.nextCloseTimer) {
            return; // a stale timer: the product's state was dropped or its first bucket moved earlier
        }
        long bucketStart = engine.bucketClosedAt(timestamp);
        boolean endOfInput = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
        if (engine.isIdle(t, bucketStart)) {
            productState.update(engine.afterExpiry(productState.value())); // null clears it
            t = engine.expire(t); // null: no later orders wait, the product is forgotten
            metrics.productExpired(t == null);
        } else if (engine.isDormant(t, bucketStart)) {
            engine.sleep(t, bucketStart, endOfInput); // O(1): the product state is not touched
        } else {
            ProductState st = engine.stateFor(productState.value());
            emit(engine.close(t, st, ctx.getCurrentKey(), bucketStart, model(ctx), endOfInput,
                    System.currentTimeMillis()), ctx, out);
            productState.update(st);
        }
        if (t != null && t.nextCloseTimer != ForecastEngine.NO_TIMER) {
            ctx.timerService().registerEventTimeTimer(t.nextCloseTimer);
        }
        timeline.update(t); // null clears it
    }

    private void emit(Emission e, ReadOnlyContext ctx, Collector<Forecast> out) {
        if (e.forecast() != null) {
            out.collect(e.forecast());
        }
        e.alerts().forEach(a -> ctx.output(ALERTS, a));
        if (e.deadLetter() != null) {
            ctx.output(UNPLACEABLE, e.deadLetter());
        }
        metrics.emitted(e);
    }

    private ServedModel model(ReadOnlyContext ctx) throws Exception {
        return models.serve(ctx.getBroadcastState(KeyedStates.MODELS).get(models.modelName()));
    }
}
