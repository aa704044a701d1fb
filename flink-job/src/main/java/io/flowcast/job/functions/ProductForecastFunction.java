package io.flowcast.job.functions;

import io.flowcast.core.alerts.AlertRules;
import io.flowcast.core.buckets.BucketAggregate;
import io.flowcast.core.engine.Emission;
import io.flowcast.core.engine.EngineSettings;
import io.flowcast.core.engine.ForecastEngine;
import io.flowcast.core.engine.ModelAcceptance;
import io.flowcast.core.engine.ProductState;
import io.flowcast.core.engine.ProductTimeline;
import io.flowcast.core.engine.ServedModel;
import io.flowcast.core.events.Alert;
import io.flowcast.core.events.DeadLetter;
import io.flowcast.core.events.Forecast;
import io.flowcast.core.json.Json;
import io.flowcast.job.config.EngineOptions;
import io.flowcast.job.config.JobOptions;
import io.flowcast.job.metrics.KeyedMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.flowcast.job.records.BucketDelta;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keyed operator: a thin shell around {@link ForecastEngine}. Moves each product's state in and
 * out, keeps the open buckets' sums and the close timers, and sends forecasts as main output, alerts
 * and unplaceable late sums as side outputs. The broadcast side carries LSTM models: an accepted one
 * is kept in broadcast state (a restore serves it again) and decoded once per version.
 */
public class ProductForecastFunction extends KeyedBroadcastProcessFunction<String, BucketDelta, String, Forecast> {
    private static final long serialVersionUID = 2L;
    private static final Logger LOG = LoggerFactory.getLogger(ProductForecastFunction.class);

    public static final ValueStateDescriptor<ProductTimeline> TIMELINE =
            new ValueStateDescriptor<>("product-timeline", TypeInformation.of(ProductTimeline.class));
    public static final ValueStateDescriptor<ProductState> PRODUCT_STATE =
            new ValueStateDescriptor<>("product-state", TypeInformation.of(ProductState.class));
    public static final MapStateDescriptor<Long, BucketAggregate> OPEN_BUCKETS =
            new MapStateDescriptor<>("open-buckets", Types.LONG, TypeInformation.of(BucketAggregate.class));
    /** Accepted model per model name, as its JSON: a String keeps the broadcast state free of Kryo. */
    public static final MapStateDescriptor<String, String> MODELS =
            new MapStateDescriptor<>("models", Types.STRING, Types.STRING);
    /** Sums for buckets that fell out of the history: should not happen when lateness < lookback. */
    public static final OutputTag<DeadLetter> UNPLACEABLE = new OutputTag<>("unplaceable-sums") {};
    public static final OutputTag<Alert> ALERTS = new OutputTag<>("alerts") {};

    private EngineSettings settings;
    private final AlertRules alertRules;
    private final String modelName;
    /** A model to serve before any arrives on the broadcast side (a replay's model file), or null. */
    private final String initialModelJson;

    private transient ForecastEngine engine;
    private transient ModelAcceptance acceptance;
    private transient ServedModel served;
    private transient ValueState<ProductTimeline> timeline;
    private transient ValueState<ProductState> productState;
    private transient MapState<Long, BucketAggregate> openBuckets;
    private transient KeyedMetrics metrics;

    /** {@code alertRules} are used once {@link #enableAlerts()} is called, before the job runs. */
    public ProductForecastFunction(EngineSettings settings, AlertRules alertRules, String modelName,
                                   String initialModelJson) {
        this.settings = settings;
        this.alertRules = alertRules;
        this.modelName = modelName;
        this.initialModelJson = initialModelJson;
        if (initialModelJson != null) {
            // checked here, on the client, so a bad file fails the submission with its reason
            ModelAcceptance.requireServable(initialModelJson, ForecastEngine.modelSpec(settings), "--model-file");
        }
    }

    /** From the job options, alerts off until {@link #enableAlerts()}. */
    public static ProductForecastFunction fromOptions(Configuration conf) {
        String modelFile = conf.get(JobOptions.MODEL_FILE);
        String modelJson = null;
        if (!modelFile.isEmpty()) {
            try {
                modelJson = Files.readString(Path.of(modelFile));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --model-file " + modelFile + ": " + e.getMessage(), e);
            }
        }
        return new ProductForecastFunction(EngineOptions.settings(conf), EngineOptions.alertRules(conf),
                conf.get(JobOptions.MODEL_NAME), modelJson);
    }

    /** Judges the alert rules on every forecast and sends the alerts to {@link #ALERTS}. */
    public void enableAlerts() {
        settings = settings.withAlerts(alertRules);
    }

    @Override
    public void open(OpenContext openContext) {
        engine = new ForecastEngine(settings);
        acceptance = new ModelAcceptance(modelName, ForecastEngine.modelSpec(settings));
        timeline = getRuntimeContext().getState(TIMELINE);
        productState = getRuntimeContext().getState(PRODUCT_STATE);
        openBuckets = getRuntimeContext().getMapState(OPEN_BUCKETS);
        metrics = new KeyedMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processBroadcastElement(String json, Context ctx, Collector<Forecast> out) throws Exception {
        String current = ctx.getBroadcastState(MODELS).get(modelName);
        var verdict = acceptance.judge(json, current != null ? current : initialModelJson);
        if (verdict.outcome() == ModelAcceptance.Outcome.ACCEPT) {
            ctx.getBroadcastState(MODELS).put(modelName, json);
            metrics.modelsAccepted.inc();
            LOG.info("accepted model {} {}", modelName, verdict.version());
        } else if (verdict.outcome() == ModelAcceptance.Outcome.REFUSE) {
            metrics.modelsRefused.inc();
            LOG.warn("refused model {} {}: {}; the current model keeps serving", modelName, verdict.version(),
                    verdict.reason());
        }
    }

    @Override
    public void processElement(BucketDelta delta, ReadOnlyContext ctx, Collector<Forecast> out) throws Exception {
        ProductTimeline t = timeline.value();
        if (t == null) {
            t = new ProductTimeline();
            metrics.productsActive.inc();
        }
        long timerBefore = t.nextCloseTimer;
        if (engine.onSum(t, delta.bucketStart, delta.latestEventTime)) {
            ProductState st = productState.value();
            Emission e = engine.correct(t, st, ctx.getCurrentKey(), delta.bucketStart, delta.sum, model(ctx), now());
            if (e == null) {
                ctx.output(UNPLACEABLE, engine.unplaceable(Json.toString(delta), now()));
            } else {
                metrics.lateCorrections.inc();
                emit(e, ctx, out);
                productState.update(st);
            }
        } else {
            BucketAggregate open = openBuckets.get(delta.bucketStart);
            if (open != null) {
                open.merge(delta.sum);
            }
            openBuckets.put(delta.bucketStart, open != null ? open : delta.sum);
            if (t.nextCloseTimer != timerBefore) {
                if (timerBefore != ForecastEngine.NO_TIMER) {
                    ctx.timerService().deleteEventTimeTimer(timerBefore);
                }
                ctx.timerService().registerEventTimeTimer(t.nextCloseTimer);
            }
        }
        timeline.update(t);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Forecast> out) throws Exception {
        ProductTimeline t = timeline.value();
        if (t == null || timestamp != t.nextCloseTimer) {
            return; // a stale timer of a product whose state was dropped
        }
        long bucketStart = engine.bucketClosedAt(timestamp);
        BucketAggregate sum = openBuckets.get(bucketStart);
        if (engine.isIdle(t, bucketStart, sum != null)) {
            expire(t, ctx);
            return;
        }
        ProductState st = engine.stateFor(productState.value());
        if (sum != null) {
            openBuckets.remove(bucketStart);
        }
        boolean endOfInput = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
        emit(engine.close(t, st, ctx.getCurrentKey(), bucketStart, sum, model(ctx), endOfInput, now()), ctx, out);
        if (t.nextCloseTimer != ForecastEngine.NO_TIMER) {
            ctx.timerService().registerEventTimeTimer(t.nextCloseTimer);
        }
        productState.update(st);
        timeline.update(t);
    }

    private void expire(ProductTimeline t, OnTimerContext ctx) throws Exception {
        metrics.productsExpired.inc();
        ProductState kept = engine.afterExpiry(productState.value());
        productState.update(kept); // null clears it
        long earliestOpen = ForecastEngine.NO_TIMER;
        for (Long start : openBuckets.keys()) {
            earliestOpen = earliestOpen == ForecastEngine.NO_TIMER ? start : Math.min(earliestOpen, start);
        }
        ProductTimeline fresh = engine.expire(t, earliestOpen);
        if (fresh == null) {
            timeline.clear();
            metrics.productsActive.dec();
        } else {
            ctx.timerService().registerEventTimeTimer(fresh.nextCloseTimer);
            timeline.update(fresh);
        }
    }

    private void emit(Emission e, ReadOnlyContext ctx, Collector<Forecast> out) {
        out.collect(e.forecast());
        metrics.emitted(e);
        for (Alert a : e.alerts()) {
            ctx.output(ALERTS, a);
        }
    }

    /** The accepted model from broadcast state (else the model file), decoded once per version. */
    private ServedModel model(ReadOnlyContext ctx) throws Exception {
        String json = ctx.getBroadcastState(MODELS).get(modelName);
        served = ServedModel.of(json != null ? json : initialModelJson, served);
        return served;
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
