package io.flowcast.job.functions;

import io.flowcast.core.buckets.BucketAggregate;
import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.buckets.DemandSeries;
import io.flowcast.core.events.DeadLetter;
import io.flowcast.core.events.Forecast;
import io.flowcast.core.events.ModelRecord;
import io.flowcast.core.features.FeatureEncoder;
import io.flowcast.core.features.FeatureSpec;
import io.flowcast.core.features.FeatureState;
import io.flowcast.core.calendar.ClosedDays;
import io.flowcast.core.calendar.HolidayCalendar;
import io.flowcast.core.forecast.AutoForecaster;
import io.flowcast.core.forecast.Forecaster;
import io.flowcast.core.forecast.SelectorState;
import io.flowcast.core.forecast.ForecasterSelector;
import io.flowcast.core.forecast.Forecasters;
import io.flowcast.core.json.Json;
import io.flowcast.job.config.JobOptions;
import io.flowcast.job.metrics.JobMetrics;
import io.flowcast.job.records.BucketDelta;
import io.flowcast.job.records.ProductClock;
import io.flowcast.job.records.ProductState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-product heart of the job: sums orders into rolling buckets, closes each bucket on an
 * event-time timer (a bucket without orders closes as zero: demand of zero is data), keeps the
 * last N closed buckets in a ring buffer and emits an H-step forecast with quantiles at every close.
 * A late sum for a closed bucket corrects it and re-emits the forecast with a higher revision.
 *
 * <p>The broadcast side carries LSTM models. An accepted model is kept in broadcast state (so a
 * restart from a checkpoint serves it again) and swapped in between two records; each product's
 * LSTM (h, c) lives in its keyed state, so a closed bucket costs one LSTM step, and a product whose
 * state belongs to an older model re-warms over its ring buffer once. Products with too little
 * history, or no model yet, are served by the baselines and labelled so.
 */
public class ProductForecastFunction extends KeyedBroadcastProcessFunction<String, BucketDelta, String, Forecast> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ProductForecastFunction.class);

    public static final ValueStateDescriptor<ProductClock> PRODUCT_CLOCK =
            new ValueStateDescriptor<>("product-clock", TypeInformation.of(ProductClock.class));
    public static final ValueStateDescriptor<ProductState> PRODUCT_STATE =
            new ValueStateDescriptor<>("product", TypeInformation.of(ProductState.class));
    public static final MapStateDescriptor<Long, BucketAggregate> OPEN_BUCKETS =
            new MapStateDescriptor<>("open-buckets", Types.LONG, TypeInformation.of(BucketAggregate.class));
    /** Accepted model per model name, as its JSON: a String keeps the broadcast state free of Kryo. */
    public static final MapStateDescriptor<String, String> MODELS =
            new MapStateDescriptor<>("models", Types.STRING, Types.STRING);
    /** Sums for buckets that fell out of the ring buffer: should not happen when lateness < lookback. */
    public static final OutputTag<DeadLetter> UNPLACEABLE = new OutputTag<>("unplaceable-sums") {};
    public static final String BASELINE = "baseline";
    public static final String LSTM = "lstm";

    private final BucketSize bucketSize;
    private final int lookback;
    private final int horizon;
    private final int residualWindow;
    private final long idleTimeoutMillis;
    private final String forecasterName;
    private final String modelName;
    private final int lstmMinHistory;
    /** A model to serve before any arrives on the broadcast side (a replay's model file), or null. */
    private final String initialModelJson;
    private HolidayCalendar holidays = HolidayCalendar.none();
    private boolean autoCombine = true;

    private transient ValueState<ProductClock> productClock;
    private transient ValueState<ProductState> productState;
    private transient MapState<Long, BucketAggregate> openBuckets;
    private transient ForecasterSelector selector;
    private transient Forecaster fixedForecaster;
    /** Set for {@code auto}: every candidate forecasts, weighted by its errors on the product. */
    private transient AutoForecaster auto;
    private transient FeatureSpec expectedSpec;
    private transient FeatureEncoder encoder;
    private transient float[] x;
    private transient ServingModel serving;
    private transient Counter forecasts;
    private transient Counter lstmForecasts;
    private transient Counter lateCorrections;
    private transient Counter productsActive;
    private transient Counter productsExpired;
    private transient Counter modelsAccepted;
    private transient Counter modelsRefused;

    public ProductForecastFunction(BucketSize bucketSize, int lookback, int horizon, int residualWindow,
                                   Duration idleTimeout, String forecasterName, String modelName, int lstmMinHistory) {
        this(bucketSize, lookback, horizon, residualWindow, idleTimeout, forecasterName, modelName, lstmMinHistory, null);
    }

    public ProductForecastFunction(BucketSize bucketSize, int lookback, int horizon, int residualWindow,
                                   Duration idleTimeout, String forecasterName, String modelName, int lstmMinHistory,
                                   String initialModelJson) {
        if (lookback < 2 || horizon < 1) {
            throw new IllegalArgumentException("lookback must be >= 2 and horizon >= 1");
        }
        this.bucketSize = bucketSize;
        this.lookback = lookback;
        this.horizon = horizon;
        this.residualWindow = residualWindow;
        // zero: once a product sold nothing for a whole lookback, its ring holds only zeros anyway
        this.idleTimeoutMillis = idleTimeout.isZero() ? lookback * bucketSize.millis() : idleTimeout.toMillis();
        this.forecasterName = forecasterName;
        this.modelName = modelName;
        this.lstmMinHistory = lstmMinHistory;
        this.initialModelJson = initialModelJson;
        if (initialModelJson != null) {
            // checked here, on the client, so a bad file fails the submission with its reason
            List<String> why = check(Json.fromString(initialModelJson, ModelRecord.class),
                    FeatureSpec.of(bucketSize, horizon, 1));
            if (!why.isEmpty()) {
                throw new IllegalArgumentException("--model-file is not a model this job can serve: " + why);
            }
        }
    }

    public static ProductForecastFunction fromOptions(Configuration conf) {
        String modelFile = conf.get(JobOptions.MODEL_FILE);
        String modelJson = null;
        if (!modelFile.isEmpty()) {
            try {
                modelJson = java.nio.file.Files.readString(java.nio.file.Path.of(modelFile));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot read --model-file " + modelFile + ": " + e.getMessage(), e);
            }
        }
        return new ProductForecastFunction(BucketSize.of(conf.get(JobOptions.BUCKET_SIZE)),
                conf.get(JobOptions.LOOKBACK), conf.get(JobOptions.HORIZON), conf.get(JobOptions.RESIDUAL_WINDOW),
                conf.get(JobOptions.PRODUCT_IDLE_TIMEOUT), conf.get(JobOptions.FORECASTER),
                conf.get(JobOptions.MODEL_NAME), conf.get(JobOptions.LSTM_MIN_HISTORY), modelJson)
                .withCalendar(HolidayCalendar.parse(conf.get(JobOptions.HOLIDAYS)), conf.get(JobOptions.AUTO_COMBINE));
    }

    /** The holidays closed days are learnt on, and whether auto combines (else selects). */
    public ProductForecastFunction withCalendar(HolidayCalendar holidays, boolean combine) {
        this.holidays = holidays;
        this.autoCombine = combine;
        return this;
    }

    @Override
    public void open(OpenContext openContext) {
        productClock = getRuntimeContext().getState(PRODUCT_CLOCK);
        productState = getRuntimeContext().getState(PRODUCT_STATE);
        openBuckets = getRuntimeContext().getMapState(OPEN_BUCKETS);
        selector = ForecasterSelector.forBuckets(bucketSize);
        boolean autoOrLstm = Forecasters.AUTO.equals(forecasterName) || LSTM.equals(forecasterName);
        fixedForecaster = autoOrLstm ? null : Forecasters.byName(forecasterName, bucketSize);
        auto = Forecasters.AUTO.equals(forecasterName) ? AutoForecaster.forBuckets(bucketSize, horizon, autoCombine) : null;
        expectedSpec = FeatureSpec.of(bucketSize, horizon, 1); // hidden size is the model's own choice
        encoder = new FeatureEncoder(expectedSpec);
        x = new float[expectedSpec.nIn];
        var metrics = getRuntimeContext().getMetricGroup();
        forecasts = metrics.counter(JobMetrics.FORECASTS_OUT);
        lstmForecasts = metrics.counter(JobMetrics.LSTM_FORECASTS_OUT);
        lateCorrections = metrics.counter(JobMetrics.LATE_CORRECTIONS);
        productsActive = metrics.counter(JobMetrics.PRODUCTS_ACTIVE);
        productsExpired = metrics.counter(JobMetrics.PRODUCTS_EXPIRED);
        modelsAccepted = metrics.counter(JobMetrics.MODELS_ACCEPTED);
        modelsRefused = metrics.counter(JobMetrics.MODELS_REFUSED);
    }

    /** Checks a model record: everything that would make the job refuse it; empty when it may serve. */
    public static List<String> check(ModelRecord record, FeatureSpec expected) {
        List<String> why = new ArrayList<>(record.verify(expected));
        if (why.isEmpty()) {
            why.addAll(record.probe());
        }
        return why;
    }

    @Override
    public void processBroadcastElement(String json, Context ctx, Collector<Forecast> out) throws Exception {
        ModelRecord record;
        try {
            record = Json.fromString(json, ModelRecord.class);
        } catch (RuntimeException e) {
            refuse("?", "not a model record: " + e.getMessage());
            return;
        }
        if (!modelName.equals(record.modelName)) {
            return; // another model on the same topic
        }
        BroadcastState<String, String> models = ctx.getBroadcastState(MODELS);
        String currentJson = models.get(modelName) != null ? models.get(modelName) : initialModelJson;
        String currentVersion = currentJson == null ? null : Json.fromString(currentJson, ModelRecord.class).version;
        if (!ModelRecord.isNewer(record.version, currentVersion)) {
            return; // the compacted topic replayed an old or the same version
        }
        List<String> why = check(record, expectedSpec);
        if (!why.isEmpty()) {
            refuse(record.version, String.join("; ", why));
            return;
        }
        models.put(modelName, json);
        modelsAccepted.inc();
        LOG.info("accepted model {} {} ({})", modelName, record.version, record.summary());
    }

    private void refuse(String version, String why) {
        modelsRefused.inc();
        LOG.warn("refused model {} {}: {}; the current model keeps serving", modelName, version, why);
    }

    /** The accepted model from broadcast state, decoded once per version (also after a restore). */
    private ServingModel model(ReadOnlyContext ctx) throws Exception {
        String json = ctx.getBroadcastState(MODELS).get(modelName);
        if (json == null) {
            json = initialModelJson;
        }
        if (json == null) {
            return null;
        }
        if (serving == null || !json.equals(serving.json)) {
            serving = new ServingModel(json, Json.fromString(json, ModelRecord.class));
        }
        return serving;
    }

    @Override
    public void processElement(BucketDelta delta, ReadOnlyContext ctx, Collector<Forecast> out) throws Exception {
        ProductClock clock = productClock.value();
        if (clock == null) {
            clock = new ProductClock();
            productsActive.inc();
        }
        clock.lastOrderTime = Math.max(clock.lastOrderTime, delta.latestEventTime);

        if (clock.hasClosedBuckets() && delta.bucketStart <= clock.newestClosedStart) {
            // the bucket already closed: the pre-aggregator let it through, so it is within the allowed lateness
            ProductState st = productState.value();
            if (correct(st, delta)) {
                lateCorrections.inc();
                clock.revision++;
                ServingModel model = model(ctx);
                double[] lstmPoint = null;
                if (model != null) {
                    lstmPoint = new double[horizon];
                    model.stepper.rewarm(st.features, st.lstm, st.history, lstmPoint);
                }
                out.collect(forecast(st, clock, ctx.getCurrentKey(), model, lstmPoint));
                productState.update(st);
            } else {
                DeadLetter d = DeadLetter.of(DeadLetter.Reason.LATE,
                        "bucket is older than the " + lookback + " buckets kept", Json.toString(delta));
                d.time = System.currentTimeMillis();
                ctx.output(UNPLACEABLE, d);
            }
            productClock.update(clock);
            return;
        }

        BucketAggregate open = openBuckets.get(delta.bucketStart);
        if (open == null) {
            openBuckets.put(delta.bucketStart, delta.sum);
        } else {
            open.merge(delta.sum);
            openBuckets.put(delta.bucketStart, open);
        }
        long closeAt = bucketSize.closeTime(delta.bucketStart);
        if (!clock.hasClosedBuckets() && (clock.nextCloseTimer == Long.MIN_VALUE || closeAt < clock.nextCloseTimer)) {
            // a new product: its first bucket is the earliest it has orders in
            if (clock.nextCloseTimer != Long.MIN_VALUE) {
                ctx.timerService().deleteEventTimeTimer(clock.nextCloseTimer);
            }
            ctx.timerService().registerEventTimeTimer(closeAt);
            clock.nextCloseTimer = closeAt;
        }
        productClock.update(clock);
    }

    /**
     * No sales in closed buckets for the whole idle timeout: drop the history so state does not grow
     * with every product ever sold. Orders already waiting in later open buckets stay, and the
     * product starts over from the earliest of them, exactly as if they had arrived after the drop.
     */
    private void expire(ProductClock clock, ReadOnlyContext ctx) throws Exception {
        productState.clear();
        productsExpired.inc();
        long earliestOpen = Long.MAX_VALUE;
        for (Long start : openBuckets.keys()) {
            earliestOpen = Math.min(earliestOpen, start);
        }
        if (earliestOpen == Long.MAX_VALUE) {
            productClock.clear();
            productsActive.dec();
            return;
        }
        ProductClock fresh = new ProductClock();
        fresh.lastOrderTime = clock.lastOrderTime;
        fresh.nextCloseTimer = bucketSize.closeTime(earliestOpen);
        ctx.timerService().registerEventTimeTimer(fresh.nextCloseTimer);
        productClock.update(fresh);
    }

    /** Adds a late sum to its closed bucket and replays the feature statistics from there; false if not held. */
    private boolean correct(ProductState st, BucketDelta delta) {
        int i = st.history.indexOf(delta.bucketStart);
        if (i < 0) {
            return false;
        }
        FeatureState replay = encoder.rewind(st.features, st.history, i); // with the values as they were
        st.history.addLate(delta.bucketStart, delta.sum);
        for (int j = i; j < st.history.length(); j++) {
            encoder.step(replay, st.history, j, x);
        }
        st.features = replay;
        return true;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Forecast> out) throws Exception {
        ProductClock clock = productClock.value();
        if (clock == null || timestamp != clock.nextCloseTimer) {
            return; // a stale timer of a product whose state was dropped
        }
        long bucketStart = timestamp - bucketSize.millis() + 1;
        BucketAggregate closed = openBuckets.get(bucketStart);
        if (closed == null && clock.hasClosedBuckets() && bucketStart - clock.lastSaleStart >= idleTimeoutMillis) {
            expire(clock, ctx);
            return;
        }
        ProductState st = productState.value();
        if (st == null) {
            st = new ProductState(lookback, bucketSize.millis(), horizon, residualWindow);
        }
        if (closed != null) {
            openBuckets.remove(bucketStart);
            clock.lastSaleStart = bucketStart;
        }
        // closed days are forecast as 0 with a zero-width interval: their errors say nothing about open days
        boolean closedDay = ClosedDays.learn(st.history, holidays).isClosed(bucketStart);
        double units = closed == null ? 0 : closed.units;
        if (!closedDay) {
            st.errors.recordActual(bucketStart, units);
        }
        if (auto != null) {
            auto.recordActual(selection(st), bucketStart, units, closedDay);
        }
        st.history.append(bucketStart, closed);
        ServingModel model = model(ctx);
        double[] lstmPoint = null;
        int newest = st.history.length() - 1;
        if (model == null) {
            encoder.step(st.features, st.history, newest, x); // the scaling statistics run from the first bucket
        } else {
            // one LSTM step per bucket; a new model, or state from before a restore, re-warms over the ring once
            lstmPoint = new double[horizon];
            model.stepper.onBucketClosed(st.features, st.lstm, st.history, lstmPoint);
        }
        clock.newestClosedStart = bucketStart;
        clock.revision = 0;
        out.collect(forecast(st, clock, ctx.getCurrentKey(), model, lstmPoint));

        boolean endOfInput = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
        if (endOfInput && bucketStart >= bucketSize.start(clock.lastOrderTime)) {
            // a bounded replay ended: close up to the product's last order, not an endless run of zeros
            clock.nextCloseTimer = Long.MIN_VALUE;
        } else {
            clock.nextCloseTimer = bucketSize.closeTime(bucketStart + bucketSize.millis());
            ctx.timerService().registerEventTimeTimer(clock.nextCloseTimer);
        }
        productState.update(st);
        productClock.update(clock);
    }

    /**
     * The forecast after the newest closed bucket: the LSTM's when it serves this product, else a
     * baseline's; remembered for scoring only on first issue.
     */
    private Forecast forecast(ProductState st, ProductClock clock, String productId, ServingModel model,
                              double[] lstmPoint) {
        double[] point;
        String name;
        String version = BASELINE;
        double[] p50 = null;
        ClosedDays closedDays = ClosedDays.learn(st.history, holidays);
        boolean lstmServes = lstmPoint != null && fixedForecaster == null && st.history.length() >= lstmMinHistory;
        if (auto != null) {
            AutoForecaster.Result r = auto.forecast(selection(st), st.history, closedDays, lstmServes ? lstmPoint : null);
            point = r.point();
            name = r.name();
            p50 = r.p50();
        } else if (lstmServes) {
            point = closedDays.forecast(new FixedPoint(lstmPoint), st.history, horizon);
            name = LSTM;
        } else {
            Forecaster forecaster = fixedForecaster != null ? fixedForecaster : selector.choose(st.history);
            point = closedDays.forecast(forecaster, st.history, horizon);
            name = forecaster.name();
        }
        if (LSTM.equals(name)) {
            version = model.version;
            lstmForecasts.inc();
        }
        long newest = st.history.newestStart;
        Forecast f = new Forecast();
        f.productId = productId;
        f.bucketStart = newest;
        f.bucketSizeMillis = bucketSize.millis();
        f.actual = st.history.units(st.history.length() - 1);
        f.actualOrders = st.history.orders[st.history.head];
        f.expectedOrders = round3(expectedOrders(st.history.orderLines()));
        f.steps = st.errors.steps(newest, bucketSize.millis(), point);
        for (var step : f.steps) {
            if (p50 != null) {
                // the median candidates' p50; the interval widens to hold it (p10 <= p50 <= p90)
                step.p50 = Math.max(0, p50[step.step - 1]);
                step.p10 = Math.min(step.p10, step.p50);
                step.p90 = Math.max(step.p90, step.p50);
            }
            if (closedDays.isClosed(step.bucketStart)) {
                step.point = step.p10 = step.p50 = step.p90 = 0; // the shop is closed: nothing sells, for sure
            }
            // a thousandth of a unit is finer than any demand; shorter numbers are cheaper JSON
            step.point = round3(step.point);
            step.p10 = round3(step.p10);
            step.p50 = round3(step.p50);
            step.p90 = round3(step.p90);
        }
        f.forecaster = name;
        f.modelVersion = version;
        f.revision = clock.revision;
        f.producedAt = System.currentTimeMillis();
        if (clock.revision == 0) {
            st.errors.remember(newest, bucketSize.millis(), point);
        }
        forecasts.inc();
        return f;
    }

    private SelectorState selection(ProductState st) {
        if (st.selection == null || st.selection.candidates != auto.slots()) {
            st.selection = auto.newState();
        }
        return st.selection;
    }

    /** The LSTM's point forecast as a forecaster (it models the season), for the closed-day rule. */
    private record FixedPoint(double[] point) implements Forecaster {
        @Override
        public String name() {
            return LSTM;
        }

        @Override
        public double[] forecast(DemandSeries series, int horizon) {
            return point.clone();
        }

        @Override
        public boolean usesSeason() {
            return true;
        }
    }

    /** The baseline on the order-line counts (the LSTM forecasts units only): what the alerts' count model expects. */
    private double expectedOrders(DemandSeries lines) {
        Forecaster forecaster = fixedForecaster != null ? fixedForecaster : selector.choose(lines);
        return forecaster.forecast(lines, 1)[0];
    }

    private static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
