package io.flowcast.job.functions;

import io.flowcast.core.buckets.BucketAggregate;
import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.events.DeadLetter;
import io.flowcast.core.events.Forecast;
import io.flowcast.core.forecast.Forecaster;
import io.flowcast.core.forecast.ForecasterSelector;
import io.flowcast.core.forecast.Forecasters;
import io.flowcast.core.json.Json;
import io.flowcast.job.config.JobOptions;
import io.flowcast.job.metrics.JobMetrics;
import io.flowcast.job.records.BucketDelta;
import io.flowcast.job.records.ProductState;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The per-product heart of the job: sums orders into rolling buckets, closes each bucket on an
 * event-time timer (a bucket without orders closes as zero: demand of zero is data), keeps the
 * last N closed buckets in a ring buffer and emits an H-step forecast with quantiles at every close.
 * A late sum for a closed bucket corrects it and re-emits the forecast with a higher revision.
 */
public class ProductForecastFunction extends KeyedProcessFunction<String, BucketDelta, Forecast> {
    private static final long serialVersionUID = 1L;

    public static final ValueStateDescriptor<ProductState> PRODUCT_STATE =
            new ValueStateDescriptor<>("product", TypeInformation.of(ProductState.class));
    public static final MapStateDescriptor<Long, BucketAggregate> OPEN_BUCKETS =
            new MapStateDescriptor<>("open-buckets", Types.LONG, TypeInformation.of(BucketAggregate.class));
    /** Sums for buckets that fell out of the ring buffer: should not happen when lateness < lookback. */
    public static final OutputTag<DeadLetter> UNPLACEABLE = new OutputTag<>("unplaceable-sums") {};

    private final BucketSize bucketSize;
    private final int lookback;
    private final int horizon;
    private final int residualWindow;
    private final long idleTimeoutMillis;
    private final String forecasterName;

    private transient ValueState<ProductState> productState;
    private transient MapState<Long, BucketAggregate> openBuckets;
    private transient ForecasterSelector selector;
    private transient Forecaster fixedForecaster;
    private transient Counter forecasts;
    private transient Counter lateCorrections;
    private transient Counter productsActive;
    private transient Counter productsExpired;

    public ProductForecastFunction(BucketSize bucketSize, int lookback, int horizon, int residualWindow,
                                   Duration idleTimeout, String forecasterName) {
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
    }

    public static ProductForecastFunction fromOptions(Configuration conf) {
        return new ProductForecastFunction(BucketSize.of(conf.get(JobOptions.BUCKET_SIZE)),
                conf.get(JobOptions.LOOKBACK), conf.get(JobOptions.HORIZON), conf.get(JobOptions.RESIDUAL_WINDOW),
                conf.get(JobOptions.PRODUCT_IDLE_TIMEOUT), conf.get(JobOptions.FORECASTER));
    }

    @Override
    public void open(OpenContext openContext) {
        productState = getRuntimeContext().getState(PRODUCT_STATE);
        openBuckets = getRuntimeContext().getMapState(OPEN_BUCKETS);
        selector = ForecasterSelector.forBuckets(bucketSize);
        fixedForecaster = "auto".equals(forecasterName) ? null : Forecasters.byName(forecasterName, bucketSize);
        var metrics = getRuntimeContext().getMetricGroup();
        forecasts = metrics.counter(JobMetrics.FORECASTS_OUT);
        lateCorrections = metrics.counter(JobMetrics.LATE_CORRECTIONS);
        productsActive = metrics.counter(JobMetrics.PRODUCTS_ACTIVE);
        productsExpired = metrics.counter(JobMetrics.PRODUCTS_EXPIRED);
    }

    @Override
    public void processElement(BucketDelta delta, Context ctx, Collector<Forecast> out) throws Exception {
        ProductState st = productState.value();
        if (st == null) {
            st = new ProductState(lookback, bucketSize.millis(), horizon, residualWindow);
            productsActive.inc();
        }
        st.lastOrderTime = Math.max(st.lastOrderTime, delta.latestEventTime);

        if (!st.history.isEmpty() && delta.bucketStart <= st.history.newestStart) {
            // the bucket already closed: the pre-aggregator let it through, so it is within the allowed lateness
            if (st.history.addLate(delta.bucketStart, delta.sum)) {
                lateCorrections.inc();
                st.revision++;
                out.collect(forecast(st, ctx.getCurrentKey()));
            } else {
                DeadLetter d = DeadLetter.of(DeadLetter.Reason.LATE,
                        "bucket is older than the " + lookback + " buckets kept", Json.toString(delta));
                d.time = System.currentTimeMillis();
                ctx.output(UNPLACEABLE, d);
            }
            productState.update(st);
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
        if (st.history.isEmpty() && (st.nextCloseTimer == Long.MIN_VALUE || closeAt < st.nextCloseTimer)) {
            // a new product: its first bucket is the earliest it has orders in
            if (st.nextCloseTimer != Long.MIN_VALUE) {
                ctx.timerService().deleteEventTimeTimer(st.nextCloseTimer);
            }
            ctx.timerService().registerEventTimeTimer(closeAt);
            st.nextCloseTimer = closeAt;
        }
        productState.update(st);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Forecast> out) throws Exception {
        ProductState st = productState.value();
        if (st == null || timestamp != st.nextCloseTimer) {
            return; // a stale timer of a product whose state was dropped
        }
        long bucketStart = timestamp - bucketSize.millis() + 1;
        BucketAggregate closed = openBuckets.get(bucketStart);
        if (closed != null) {
            openBuckets.remove(bucketStart);
        }
        double actual = closed == null ? 0 : closed.units;
        st.errors.recordActual(bucketStart, actual);
        st.history.append(bucketStart, closed);
        st.revision = 0;

        if (timestamp - st.lastOrderTime >= idleTimeoutMillis) { // no open bucket can be newer than the last order
            // idle for the whole timeout: drop everything so state does not grow with every product ever sold
            productState.clear();
            openBuckets.clear();
            productsActive.dec();
            productsExpired.inc();
            return;
        }
        out.collect(forecast(st, ctx.getCurrentKey()));
        boolean endOfInput = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
        if (endOfInput && bucketStart >= bucketSize.start(st.lastOrderTime)) {
            // a bounded replay ended: close up to the product's last order, not an endless run of zeros
            st.nextCloseTimer = Long.MIN_VALUE;
        } else {
            st.nextCloseTimer = bucketSize.closeTime(bucketStart + bucketSize.millis());
            ctx.timerService().registerEventTimeTimer(st.nextCloseTimer);
        }
        productState.update(st);
    }

    /** The forecast after the newest closed bucket; remembered for scoring only on first issue. */
    private Forecast forecast(ProductState st, String productId) {
        Forecaster forecaster = fixedForecaster != null ? fixedForecaster : selector.choose(st.history);
        double[] point = forecaster.forecast(st.history, horizon);
        long newest = st.history.newestStart;
        Forecast f = new Forecast();
        f.productId = productId;
        f.bucketStart = newest;
        f.bucketSizeMillis = bucketSize.millis();
        f.actual = st.history.units(st.history.length() - 1);
        f.actualOrders = st.history.orders[st.history.head];
        f.steps = st.errors.steps(newest, bucketSize.millis(), point);
        f.forecaster = forecaster.name();
        f.modelVersion = "baseline";
        f.revision = st.revision;
        f.producedAt = System.currentTimeMillis();
        if (st.revision == 0) {
            st.errors.remember(newest, bucketSize.millis(), point);
        }
        st.lastForecaster = f.forecaster;
        forecasts.inc();
        return f;
    }
}
