package io.flowcast.core.forecast;

import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.buckets.DemandSeries;
import io.flowcast.core.calendar.ClosedDays;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The default forecaster ({@code auto}): every candidate forecasts each product in the background,
 * is scored on that product as its buckets close, and the served point forecast is the candidates'
 * combination with weights 1 / (their recent mean squared error on this product) (Bates and
 * Granger), or with {@code combine = false} the one candidate with the lowest such error. Squared
 * error, because the point forecast is the mean. On daily and longer buckets the point's pool is
 * the mean forecasters ({@link Weighting#DEFAULT}; shorter ones: {@link Weighting#DAILY_CYCLE}):
 * the seasonal means ({@link SeasonalMeanForecaster}: the weekly shape at the level of a plain mean
 * over 4, 8, 12 and 24 weeks; combining across memory lengths, as Pesaran and Pick 2011 do across
 * estimation windows) and the TSBs (the mean of intermittent demand). Flat means, Holt-Winters,
 * seasonal naive and robust-seasonal stay out of it: with them in it the weights, nearly equal because
 * noise dominates every candidate's error, held the point near their average (docs/evaluation.md).
 * The p50 is the combination of the median candidates ({@link Forecaster#forecastsMedian})
 * weighted by 1 / their mean absolute error, the error a median minimises.
 *
 * <p>Errors are decayed by {@link #DECAY} per closed bucket (a memory of about four weeks of daily
 * buckets); every step 1..H of every remembered forecast is scored against the bucket it targeted.
 * Until a candidate has {@link #MIN_ERRORS} scored errors the Syntetos-Boylan rule of
 * {@link ForecasterSelector} serves. Closed days ({@link ClosedDays}) are forecast 0 by every
 * candidate and are not scored: a closed day teaches nothing about which model is better.
 *
 * <p>The last candidate slot is for an outside model (the LSTM): pass its point forecast to
 * {@link #forecast} when it has one. Stateless and thread-safe; each product's memory is its
 * {@link SelectorState}.
 */
public final class AutoForecaster {
    /** Per closed bucket, old squared errors count this much less: about four weeks of daily buckets. */
    public static final double DECAY = 1 - 1.0 / 28;
    /** Scored errors a candidate needs before its weight counts. */
    public static final int MIN_ERRORS = 14;
    /** The name of the outside candidate's slot. */
    public static final String EXTRA = "lstm";

    private final List<Forecaster> candidates;
    private final ForecasterSelector rule;
    private final boolean combine;
    private final int horizon;
    private final Weighting weighting;
    private final int candidateSet;

    /**
     * How errors become weights (the knobs eval/AutoVariants.java tries; {@link #DEFAULT} is what the
     * job uses). {@code decay}: old errors count this much less per closed bucket. {@code shrink}: the
     * point's weights are (1 - shrink) * 1/MSE weights + shrink * equal weights. {@code point}: which
     * candidates are in the point's pool (the outside slot always is).
     */
    public record Weighting(double decay, double shrink, Predicate<Forecaster> point) {
        /**
         * The seasonal means and the TSBs in the point's pool, no shrinking: retail hold-out RMSE 58.85 -> 58.44
         * (total 0.979 -> 0.995), synthetic point MAE 7.71 -> 7.56 (oracle 7.28) against every candidate but
         * the plain medians (docs/evaluation.md).
         */
        public static final Weighting DEFAULT = new Weighting(DECAY, 0,
                f -> f instanceof SeasonalMeanForecaster || f instanceof CrostonTsbForecaster);
        /**
         * Buckets shorter than a day: robust-seasonal (the daily cycle) and the TSBs (hours that
         * rarely sell), served by selection ({@link #forBuckets}). The daily pool's flat long means
         * flattened the daily cycle out of the mix, and the shift alerts fired at every peak and
         * night: synthetic hourly step-1 WAPE 0.796 / 0.800 (seeds 42 / 3) with the daily rule,
         * 0.776 / 0.781 mixing this pool, 0.750 / 0.752 selecting from it (docs/evaluation.md).
         */
        public static final Weighting DAILY_CYCLE = new Weighting(DECAY, 0,
                f -> f instanceof RobustSeasonalForecaster || f instanceof CrostonTsbForecaster);
    }

    public AutoForecaster(List<Forecaster> candidates, ForecasterSelector rule, int horizon, boolean combine) {
        this(candidates, rule, horizon, combine, Weighting.DEFAULT);
    }

    public AutoForecaster(List<Forecaster> candidates, ForecasterSelector rule, int horizon, boolean combine,
                          Weighting weighting) {
        if (candidates.isEmpty() || horizon < 1) {
            throw new IllegalArgumentException("need candidates and horizon >= 1");
        }
        this.candidates = List.copyOf(candidates);
        this.rule = rule;
        this.horizon = horizon;
        this.combine = combine;
        this.weighting = weighting;
        this.candidateSet = fingerprint(this.candidates);
    }

    /**
     * The statistical forecasters for this bucket size that one of the pools can weight (plus the
     * outside slot) as candidates. On buckets shorter than a day {@code combine} is ignored: the
     * best of {@link Weighting#DAILY_CYCLE}'s pool serves.
     */
    public static AutoForecaster forBuckets(BucketSize size, int horizon, boolean combine) {
        boolean dailyCycle = ForecasterSelector.hasDailyCycle(size);
        Weighting weighting = dailyCycle ? Weighting.DAILY_CYCLE : Weighting.DEFAULT;
        // a candidate neither pool weights (seasonal naive, the 7-bucket moving average, Holt-Winters) would
        // be forecast, scored and kept in state at every close for nothing: the same forecasts without them
        // (RetailReplayGoldenITCase); the rule that serves before any errors exist forecasts its own choice
        List<Forecaster> used = candidatesFor(size).stream()
                .filter(f -> weighting.point().test(f) || f.forecastsMedian()).toList();
        return new AutoForecaster(used, ForecasterSelector.forBuckets(size), horizon, combine && !dailyCycle, weighting);
    }

    /** Every candidate for this bucket size, in slot order (eval/AutoVariants.java tries other pools of them). */
    public static List<Forecaster> candidatesFor(BucketSize size) {
        ForecasterSelector rule = ForecasterSelector.forBuckets(size);
        int period = size.seasonPeriod();
        List<Forecaster> c = new ArrayList<>(rule.baselines());
        if (c.stream().noneMatch(f -> f instanceof RobustSeasonalForecaster) && period > 0) {
            c.add(new RobustSeasonalForecaster(period));
        }
        int month = 4 * Math.max(period, ForecasterSelector.DEFAULT_WINDOW);
        c.add(new MedianForecaster(month, 1));
        if (period > 1) {
            c.add(new MedianForecaster(12, period));
        }
        c.add(new CrostonTsbForecaster(0.05, 0.05));
        if (!ForecasterSelector.hasDailyCycle(size)) { // the daily cycle's pool has none of them (DAILY_CYCLE)
            // the point's means: long memories have the lower squared error on lumpy demand (retail hold-out
            // RMSE, one candidate alone: flat means of 28, 56, 84, 168 open days 59.63, 59.41, 59.05, 58.88;
            // seasonal means of 28, 56, 84, 168 days 59.23, 58.67, 58.33, 58.21)
            for (int months : new int[] {1, 2, 3, 6}) {
                c.add(new SeasonalMeanForecaster(Math.max(1, period), months * month));
            }
        }
        return c;
    }

    /** Candidate slots: the statistical ones, then {@link #EXTRA}. */
    public int slots() {
        return candidates.size() + 1;
    }

    public String slotName(int c) {
        return c < candidates.size() ? candidates.get(c).name() : EXTRA;
    }

    public SelectorState newState() {
        return new SelectorState(slots(), candidateSet(), horizon);
    }

    /**
     * A fingerprint of the candidates and their settings in slot order, never 0: a product's state
     * restored with other candidates in the same number of slots (session 10 replaced the daily flat
     * means by seasonal means) starts its errors afresh instead of weighting by another's.
     */
    public int candidateSet() {
        return candidateSet;
    }

    private static int fingerprint(List<Forecaster> candidates) {
        int h = EXTRA.hashCode();
        for (Forecaster c : candidates) {
            h = 31 * h + c.toString().hashCode(); // String.hashCode is specified: the same in every JVM
        }
        return h == 0 ? 1 : h;
    }

    /**
     * The point forecast (the mean), the candidate that served it or led the combination, and the
     * p50 from the median candidates, or null until they have errors (then the residual quantiles
     * of the point give it).
     */
    public record Result(double[] point, String name, double[] p50) {}

    /**
     * Scores the candidates' remembered forecasts for the bucket that just closed. Call it before
     * {@link #forecast} for that bucket, for every closed bucket; {@code closed} skips the scoring.
     */
    public void recordActual(SelectorState st, long bucketStart, double actual, boolean closed) {
        if (st.bucketSizeMillis == 0 || Double.isNaN(actual)
                || (!SelectorState.isNone(st.lastScored) && bucketStart <= st.lastScored)) {
            return;
        }
        st.lastScored = bucketStart;
        double decay = weighting.decay();
        for (int c = 0; c < st.candidates; c++) {
            st.sumSquares[c] *= decay;
            st.sumAbs[c] *= decay;
            st.count[c] *= decay;
        }
        if (closed) {
            return;
        }
        int k = st.candidates;
        for (int h = 1; h <= st.horizon; h++) {
            long issued = bucketStart - h * st.bucketSizeMillis;
            int slot = st.slot(issued);
            if (st.issuedAt[slot] != issued) {
                continue;
            }
            int at = st.at(slot, 0, h);
            for (int c = 0; c < k; c++) {
                double f = st.issued[at + c];
                if (!Double.isNaN(f)) {
                    double e = actual - f;
                    st.sumSquares[c] += e * e;
                    st.sumAbs[c] += Math.abs(e);
                    st.count[c] += 1;
                }
            }
        }
    }

    /**
     * Every candidate's forecast after the newest bucket of {@code history}, remembered in
     * {@code st} for scoring; returns the served point. {@code extra} is the outside model's
     * point forecast, or null.
     */
    public Result forecast(SelectorState st, DemandSeries history, ClosedDays closed, double[] extra) {
        int k = slots();
        double[][] f = new double[k][];
        DemandSeries clean = CleanSeries.of(history); // cleaned once for every candidate
        for (int c = 0; c < candidates.size(); c++) {
            f[c] = closed.forecast(candidates.get(c), clean, horizon);
        }
        if (extra != null) {
            f[k - 1] = extra.clone();
            long newest = history.bucketStart(history.length() - 1);
            for (int h = 1; h <= horizon; h++) {
                if (closed.isClosed(newest + h * history.bucketSizeMillis())) {
                    f[k - 1][h - 1] = 0;
                }
            }
        }
        remember(st, history, f);
        double[] p50 = weighted(f, weights(st, extra != null, true));
        double[] w = weights(st, extra != null, false);
        if (w == null) {
            Forecaster chosen = rule.choose(clean);
            int c = candidates.indexOf(chosen);
            return new Result(c >= 0 ? f[c] : closed.forecast(chosen, clean, horizon), chosen.name(), p50);
        }
        int best = 0;
        for (int c = 0; c < k; c++) {
            if (w[c] > w[best]) {
                best = c;
            }
        }
        return new Result(combine ? weighted(f, w) : f[best], slotName(best), p50);
    }

    private double[] weighted(double[][] f, double[] w) {
        if (w == null) {
            return null;
        }
        double[] out = new double[horizon];
        for (int c = 0; c < w.length; c++) {
            if (w[c] > 0) {
                for (int h = 0; h < horizon; h++) {
                    out[h] += w[c] * f[c][h];
                }
            }
        }
        return out;
    }

    /**
     * Each slot's weight, summing to 1; null when no slot qualifies yet. For the point (the mean):
     * 1 / MSE over the point's pool ({@link Weighting#point}) with {@link #MIN_ERRORS} scored errors
     * (the outside slot only when it forecast this time). For the p50 ({@code median}): 1 / MAE over the median candidates
     * ({@link Forecaster#forecastsMedian}) only: mean forecasts in the pool pulled the p50 up (WAPE
     * 0.826 without them, 0.847-0.874 with them, on the retail hold-out in a first offline trial).
     * A slot with zero error takes all the weight.
     */
    double[] weights(SelectorState st, boolean extraPresent, boolean median) {
        int k = st.candidates;
        double[] w = new double[k];
        double sum = 0;
        for (int c = 0; c < k; c++) {
            boolean outside = c == k - 1;
            boolean inPool = median ? !outside && candidates.get(c).forecastsMedian()
                    : outside || weighting.point().test(candidates.get(c));
            if ((outside && !extraPresent) || st.count[c] < MIN_ERRORS || !inPool) {
                continue;
            }
            double err = median ? st.mae(c) : st.mse(c);
            w[c] = err <= 1e-12 ? 1e12 : 1 / err;
            sum += w[c];
        }
        if (sum == 0) {
            return null;
        }
        int n = 0;
        for (int c = 0; c < k; c++) {
            w[c] /= sum;
            n += w[c] > 0 ? 1 : 0;
        }
        double shrink = median ? 0 : weighting.shrink();
        for (int c = 0; c < k && shrink > 0; c++) {
            if (w[c] > 0) {
                w[c] = (1 - shrink) * w[c] + shrink / n;
            }
        }
        return w;
    }

    private void remember(SelectorState st, DemandSeries history, double[][] f) {
        long size = history.bucketSizeMillis();
        if (st.bucketSizeMillis != size && st.bucketSizeMillis != 0) { // 0: fresh, nothing to clear
            SelectorState fresh = new SelectorState(st.candidates, st.candidateSet, st.horizon);
            st.issuedAt = fresh.issuedAt;
            st.issued = fresh.issued;
            st.sumSquares = fresh.sumSquares;
            st.sumAbs = fresh.sumAbs;
            st.count = fresh.count;
        }
        st.bucketSizeMillis = size;
        long newest = history.bucketStart(history.length() - 1);
        int slot = st.slot(newest);
        st.issuedAt[slot] = newest;
        int k = st.candidates;
        for (int h = 1; h <= st.horizon; h++) {
            int at = st.at(slot, 0, h);
            for (int c = 0; c < k; c++) {
                st.issued[at + c] = f[c] == null || h > f[c].length ? Double.NaN : f[c][h - 1];
            }
        }
    }
}
