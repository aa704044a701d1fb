package io.flowcast.core.engine;

import io.flowcast.core.buckets.BucketAggregate;
import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.buckets.DemandSeries;
import io.flowcast.core.events.Alert;
import io.flowcast.core.events.DeadLetter;
import io.flowcast.core.events.Forecast;
import io.flowcast.core.features.FeatureEncoder;
import io.flowcast.core.features.FeatureSpec;
import io.flowcast.core.features.FeatureState;
import io.flowcast.core.calendar.ClosedDays;
import io.flowcast.core.calendar.HolidayCalendar;
import io.flowcast.core.forecast.AutoForecaster;
import io.flowcast.core.forecast.CleanSeries;
import io.flowcast.core.forecast.Forecaster;
import io.flowcast.core.forecast.SelectorState;
import io.flowcast.core.forecast.ForecasterSelector;
import io.flowcast.core.forecast.Forecasters;
import java.util.List;
import java.util.function.Supplier;

/**
 * One product's forecasting, without Flink: sums into rolling buckets, a bucket closes on its close
 * time (a bucket without orders closes as zero: demand of zero is data), the last N closed buckets
 * are kept and every close emits an H-step forecast with p10/p50/p90 and the alerts it causes. A
 * late sum for a closed bucket corrects it and re-emits the forecast with a higher revision. A
 * product that sold nothing for the idle timeout is forgotten.
 *
 * <p>The caller owns the state ({@link ProductTimeline}, {@link ProductState}) and the timers: it
 * calls {@link #onSum} per incoming sum, {@link #close} when {@link ProductTimeline#nextCloseTimer}
 * fires (or {@link #expire} when {@link #isIdle} says so), and stores what it got back. With
 * {@code auto} the forecast is {@link AutoForecaster}'s: every candidate, the LSTM included once a
 * model is served and the product has {@code lstmMinHistory} buckets, weighted by its recent errors
 * on the product; with {@code lstm} the LSTM's alone (a baseline until it serves); else the named
 * forecaster's. Every forecaster sees the product's learnt closed days ({@link ClosedDays}):
 * forecast 0 with a zero-width interval.
 *
 * <p>One per thread: it holds scratch buffers.
 */
public final class ForecastEngine {
    public static final long NO_TIMER = ProductTimeline.NONE;
    public static final String BASELINE = "baseline";
    public static final String LSTM = "lstm";

    private final EngineSettings settings;
    private final BucketSize bucketSize;
    private final long idleTimeoutMillis;
    /** Dormant after this much time without a sale; Long.MAX_VALUE: never. */
    private final long dormantAfterMillis;
    private final ForecasterSelector selector;
    /** The forecaster named in the settings, or null for the selector's choice per product. */
    private final Forecaster fixedForecaster;
    /** For {@code auto}: every candidate forecasts, weighted by its errors on the product; else null. */
    private final AutoForecaster auto;
    private final HolidayCalendar holidays;
    private final FeatureEncoder encoder;
    private final ProductAlerts alerts;

    public ForecastEngine(EngineSettings settings) {
        this.settings = settings;
        this.bucketSize = settings.bucketSize();
        this.idleTimeoutMillis = settings.idleTimeoutMillis();
        this.dormantAfterMillis = settings.dormantAfter() == 0 ? Long.MAX_VALUE
                : settings.dormantAfter() * bucketSize.millis();
        this.selector = ForecasterSelector.forBuckets(bucketSize);
        boolean autoOrLstm = Forecasters.AUTO.equals(settings.forecaster()) || LSTM.equals(settings.forecaster());
        this.fixedForecaster = autoOrLstm ? null : Forecasters.byName(settings.forecaster(), bucketSize);
        this.auto = Forecasters.AUTO.equals(settings.forecaster())
                ? AutoForecaster.forBuckets(bucketSize, settings.horizon(), settings.autoCombine()) : null;
        this.holidays = settings.holidays();
        this.encoder = new FeatureEncoder(modelSpec(settings));
        this.alerts = settings.alertRules() == null ? null : new ProductAlerts(settings.alertRules());
    }

    /** The features and horizon a model must have to be served under these settings (its hidden size is free). */
    public static FeatureSpec modelSpec(EngineSettings settings) {
        return FeatureSpec.of(settings.bucketSize(), settings.horizon(), 1);
    }

    public EngineSettings settings() {
        return settings;
    }

    /**
     * A sum for {@code bucketStart} with newest event time {@code eventTime} arrived. Returns false when
     * its bucket is open: the sum is kept in {@code t} until the bucket closes, and the caller makes
     * sure a timer is registered for {@code t.nextCloseTimer}. Returns true when that bucket is
     * already closed: then {@link #correct} it.
     */
    public boolean onSum(ProductTimeline t, long bucketStart, BucketAggregate sum, long eventTime) {
        t.lastOrderTime = Math.max(t.lastOrderTime, eventTime);
        if (t.hasClosedBuckets() && bucketStart <= t.newestClosedStart) {
            return true;
        }
        t.addOpen(bucketStart, sum);
        long closeAt = bucketSize.closeTime(bucketStart);
        if (!t.hasClosedBuckets() && (t.nextCloseTimer == NO_TIMER || closeAt < t.nextCloseTimer)) {
            // a new product: its first bucket is the earliest it has orders in (a timer it moved from fires
            // for nothing: it is no longer nextCloseTimer)
            t.nextCloseTimer = closeAt;
        }
        return false;
    }

    /**
     * Adds a late sum to its closed bucket and re-forecasts the newest bucket (revision + 1); when the
     * bucket is older than the history kept, only a dead letter with {@code payload} (the sum as JSON).
     */
    public Emission correct(ProductTimeline t, ProductState st, String productId, long bucketStart, BucketAggregate sum,
                            ServedModel model, long now, Supplier<String> payload) {
        long started = System.nanoTime();
        fillIn(st, t.newestClosedStart + bucketSize.millis()); // a dormant spell's empty buckets
        int i = st.history.indexOf(bucketStart);
        if (i < 0) {
            DeadLetter d = DeadLetter.of(DeadLetter.Reason.LATE,
                    "bucket is older than the " + settings.lookback() + " buckets kept", payload.get());
            d.time = now;
            return new Emission(null, List.of(), d, 0);
        }
        FeatureState replay = encoder.rewind(st.features, st.history, i); // with the values as they were
        st.history.addLate(bucketStart, sum);
        st.closedDays = null; // learnt from the uncorrected bucket
        for (int j = i; j < st.history.length(); j++) {
            encoder.observe(replay, st.history, j); // the model, if any, re-warms from these statistics below
        }
        st.features = replay;
        t.revision++;
        double[] lstmPoint = null;
        if (model != null) {
            lstmPoint = new double[settings.horizon()];
            model.stepper().rewarm(st.features, st.lstm, st.history, lstmPoint);
        }
        return emit(st, t, productId, model, lstmPoint, now, started);
    }

    /**
     * True when the bucket about to close (without a sum) finds the product dormant: nothing sold for
     * {@code dormantAfter} buckets and its last forecast left no alert state. Then {@link #sleep}
     * instead of closing it: no state read or written, no forecast (the last one stands).
     */
    public boolean isDormant(ProductTimeline t, long bucketStart) {
        return t.quiet && t.hasClosedBuckets() && !t.hasOpen(bucketStart)
                && bucketStart - t.lastSaleStart > dormantAfterMillis;
    }

    /** Closes a dormant product's empty bucket in O(1): only the timeline moves on. */
    public void sleep(ProductTimeline t, long bucketStart, boolean endOfInput) {
        t.newestClosedStart = bucketStart;
        t.revision = 0;
        scheduleNext(t, bucketStart, endOfInput);
    }

    /**
     * Appends the empty buckets a dormant spell skipped, up to (not including) {@code until}, as a
     * close of each would have: their actuals score the forecasts remembered from before the spell,
     * the feature statistics step, the LSTM state re-warms at the next close. The forecasts the spell
     * did not make are not remembered, so the residual windows skip them.
     */
    private void fillIn(ProductState st, long until) {
        long size = bucketSize.millis();
        if (st.history.isEmpty() || st.history.newestStart + size >= until) {
            return;
        }
        for (long b = st.history.newestStart + size; b < until; b += size) {
            recordActual(st, b, 0);
            st.history.append(b, null);
            encoder.observe(st.features, st.history, st.history.length() - 1); // the LSTM re-warms at the next close
        }
        st.lstm.modelVersion = null;
    }

    /** Start of the bucket a close timer at {@code timerTime} closes. */
    public long bucketClosedAt(long timerTime) {
        return timerTime - bucketSize.millis() + 1;
    }

    /** True when the bucket about to close (without a sum) ends the idle timeout: {@link #expire} instead of closing it. */
    public boolean isIdle(ProductTimeline t, long bucketStart) {
        return t.hasClosedBuckets() && !t.hasOpen(bucketStart) && bucketStart - t.lastSaleStart >= idleTimeoutMillis;
    }

    /**
     * Forgets an idle product's history. Orders already waiting in later open buckets stay, and the
     * product starts over from the earliest of them, exactly as if they had arrived after the drop.
     * Returns the fresh timeline (the caller registers its {@code nextCloseTimer}), or null when
     * nothing is waiting.
     */
    public ProductTimeline expire(ProductTimeline t) {
        if (t.earliestOpen() == NO_TIMER) {
            return null;
        }
        ProductTimeline fresh = new ProductTimeline();
        fresh.lastOrderTime = t.lastOrderTime;
        fresh.openStarts = t.openStarts;
        fresh.openSums = t.openSums;
        fresh.nextCloseTimer = bucketSize.closeTime(t.earliestOpen());
        return fresh;
    }

    /**
     * What to keep of an expired product's state: the alert state lives on until the rules forget it
     * (as when the alerts ran downstream of the forecasts), the history does not. Null for nothing.
     */
    public ProductState afterExpiry(ProductState st) {
        if (st == null || st.alerts == null) {
            return null;
        }
        ProductState kept = new ProductState();
        kept.alerts = st.alerts;
        return kept;
    }

    /** The stored state, or a fresh one for a new (or expired) product. */
    public ProductState stateFor(ProductState stored) {
        if (stored != null && stored.history != null) {
            return stored;
        }
        ProductState st = new ProductState(settings.lookback(), bucketSize.millis(), settings.horizon(),
                settings.residualWindow());
        st.alerts = stored == null ? null : stored.alerts;
        return st;
    }

    /**
     * Closes {@code bucketStart} with its sum (taken from the open buckets; none: zero demand) and
     * forecasts from there. Sets
     * {@code t.nextCloseTimer} to the next close, or NO_TIMER when the input ended ({@code endOfInput})
     * and the product's last order is closed: a bounded replay stops there, not after endless zeros.
     */
    public Emission close(ProductTimeline t, ProductState st, String productId, long bucketStart, ServedModel model,
                          boolean endOfInput, long now) {
        long started = System.nanoTime();
        BucketAggregate sum = t.takeOpen(bucketStart);
        fillIn(st, bucketStart);
        if (sum != null) {
            t.lastSaleStart = bucketStart;
        }
        recordActual(st, bucketStart, sum == null ? 0 : sum.units);
        st.history.append(bucketStart, sum);
        double[] lstmPoint = null;
        if (model == null) {
            encoder.observe(st.features, st.history, st.history.length() - 1); // scaling statistics from the first bucket
        } else {
            // one LSTM step per bucket; a new model, or state from before a restore, re-warms over the history once
            lstmPoint = new double[settings.horizon()];
            model.stepper().onBucketClosed(st.features, st.lstm, st.history, lstmPoint);
        }
        t.newestClosedStart = bucketStart;
        t.revision = 0;
        Emission e = emit(st, t, productId, model, lstmPoint, now, started);
        scheduleNext(t, bucketStart, endOfInput);
        return e;
    }

    private void scheduleNext(ProductTimeline t, long bucketStart, boolean endOfInput) {
        boolean lastOrderClosed = bucketStart >= bucketSize.start(t.lastOrderTime);
        t.nextCloseTimer = endOfInput && lastOrderClosed ? NO_TIMER : bucketSize.closeTime(bucketStart + bucketSize.millis());
    }

    private Emission emit(ProductState st, ProductTimeline t, String productId, ServedModel model, double[] lstmPoint,
                          long now, long started) {
        Forecast f = forecast(st, t, productId, model, lstmPoint, now);
        List<Alert> judged = alerts == null ? List.of() : alerts.judge(st, f, now);
        t.quiet = st.alerts == null;
        return new Emission(f, judged, null, System.nanoTime() - started);
    }

    /**
     * The forecast after the newest closed bucket: the LSTM's when it serves this product, else a
     * baseline's; remembered for the residuals only on first issue.
     */
    private Forecast forecast(ProductState st, ProductTimeline t, String productId, ServedModel model,
                              double[] lstmPoint, long now) {
        double[] point;
        String name;
        String version = BASELINE;
        double[] p50 = null;
        double[][] lstmQuantiles = null;
        ClosedDays closedDays = closedDays(st);
        boolean lstmServes = lstmPoint != null && fixedForecaster == null && st.history.length() >= settings.lstmMinHistory();
        if (auto != null) {
            AutoForecaster.Result r = auto.forecast(selection(st), st.history, closedDays, lstmServes ? lstmPoint : null);
            point = r.point();
            name = r.name();
            p50 = r.p50();
        } else if (lstmServes) {
            point = closedDays.forecast(new FixedPoint(lstmPoint), st.history, settings.horizon());
            name = LSTM;
            // a features-v2 model's own p10/p50/p90 for the step just taken (null for v1: conformal intervals)
            lstmQuantiles = model.stepper().quantiles();
        } else {
            Forecaster forecaster = forecasterFor(st.history);
            point = closedDays.forecast(forecaster, st.history, settings.horizon());
            name = forecaster.name();
        }
        if (LSTM.equals(name)) {
            version = model.version();
        }
        long newest = st.history.newestStart;
        long size = bucketSize.millis();
        Forecast f = new Forecast();
        f.productId = productId;
        f.bucketStart = newest;
        f.bucketSizeMillis = size;
        f.actual = st.history.units(st.history.length() - 1);
        f.actualOrders = st.history.orders[st.history.head];
        // the alerts' count model expects order lines: the baseline on the line counts (the LSTM forecasts units only)
        DemandSeries lines = CleanSeries.of(st.history.orderLines()); // read once for the choice and the forecast
        f.expectedOrders = round3(forecasterFor(lines).forecast(lines, 1)[0]);
        f.steps = st.errors.steps(newest, size, point);
        for (var step : f.steps) {
            if (lstmQuantiles != null) {
                step.p10 = lstmQuantiles[0][step.step - 1];
                step.p50 = lstmQuantiles[1][step.step - 1];
                step.p90 = lstmQuantiles[2][step.step - 1];
            }
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
        f.revision = t.revision;
        f.producedAt = now;
        if (t.revision == 0) {
            st.errors.remember(newest, size, point);
        }
        return f;
    }

    /**
     * Scores the forecasts that covered a closing bucket (before it joins the history). A learnt
     * closed day was forecast 0 with a zero-width interval: its error says nothing about open days.
     */
    private void recordActual(ProductState st, long bucketStart, double units) {
        boolean closedDay = closedDays(st).isClosed(bucketStart);
        if (!closedDay) {
            st.errors.recordActual(bucketStart, units);
        }
        if (auto != null) {
            auto.recordActual(selection(st), bucketStart, units, closedDay);
        }
    }

    /**
     * The closed days learnt from the history as it is: the forecast after a close and the scoring of
     * the next close's actual (before that bucket joins) see the same history, so it is learnt once.
     */
    private ClosedDays closedDays(ProductState st) {
        if (st.closedDays == null || st.closedDaysAt != st.history.newestStart) {
            st.closedDays = ClosedDays.learn(st.history, holidays);
            st.closedDaysAt = st.history.newestStart;
        }
        return st.closedDays;
    }

    private SelectorState selection(ProductState st) {
        SelectorState s = st.selection;
        if (s == null || s.candidates != auto.slots() || s.candidateSet != auto.candidateSet()) {
            st.selection = auto.newState(); // none yet, or restored with other candidates in its slots
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

    /** The one place a statistical forecaster is chosen for a product's series. */
    private Forecaster forecasterFor(DemandSeries series) {
        return fixedForecaster != null ? fixedForecaster : selector.choose(series);
    }

    private static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
