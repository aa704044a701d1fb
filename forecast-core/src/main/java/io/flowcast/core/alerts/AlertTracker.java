package io.flowcast.core.alerts;

import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.events.Alert;
import io.flowcast.core.events.Alert.Kind;
import io.flowcast.core.events.Alert.Severity;
import io.flowcast.core.events.Alert.Status;
import io.flowcast.core.events.Forecast;
import io.flowcast.core.events.ForecastStep;
import io.flowcast.core.forecast.Intermittency;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The alert rules and their lifecycle over one product's {@link AlertState}, fed the product's
 * forecasts in order. Each forecast carries the actual of the bucket that just closed; it is judged
 * against step 1 of the previous forecast (what was expected), then step 1 of this forecast becomes
 * the expectation for the next bucket.
 *
 * <p>Rules, each its own {@link Kind}: SPIKE ({@link SpikeRule} and the order lines' Poisson tail
 * against the forecast's expected lines; the tail alone for intermittent products), SHIFT_UP/SHIFT_DOWN
 * ({@link Cusum}: on z-scores, or on order-line counts for intermittent products), DROP
 * ({@link DropRule}). Lifecycle per kind, so nothing flaps: OPEN once when the rule first holds (and
 * the product is past its warm-up, the bucket's volume reaches the minimum and the kind is not
 * cooling down), UPDATE for every further bucket it holds, RESOLVED at the first bucket it does not,
 * then a cool-down. A late correction (revision above 0) re-judges the newest bucket:
 * it updates or withdraws an open alert but never opens one.
 *
 * <p>Pure and deterministic apart from {@code producedAt}; not thread-safe (one state per key).
 */
public final class AlertTracker {
    /** Point forecasts below this count as this: a forecast of exactly zero would make any sale impossible. */
    static final double MIN_MEAN = 0.01;
    /** The line test's Poisson mean is at least one line: a product's first line or two after a quiet spell is no spike. */
    static final double MIN_LINES = 1.0;
    /** A product on the count CUSUM goes back to the z-score CUSUM only once its ADI falls below this (entry: 1.32). */
    static final double COUNTS_ADI_EXIT = 1.2;

    private final AlertRules rules;

    public AlertTracker(AlertRules rules) {
        this.rules = rules;
    }

    public AlertRules rules() {
        return rules;
    }

    public AlertState newState() {
        return new AlertState(rules.historyBuckets());
    }

    /** Judges the bucket {@code f} closed and returns the alert records it causes (often none). */
    public List<Alert> onForecast(AlertState st, Forecast f, long now) {
        List<Alert> out = new ArrayList<>(1);
        if (f.revision > 0) {
            if (st.judgedBucket == f.bucketStart) {
                rejudge(st, f, now, out);
            }
            expectNext(st, f);
            return out;
        }
        if (st.judgedBucket != AlertState.NONE && f.bucketStart <= st.judgedBucket) {
            return out; // a replayed or out-of-order forecast: that bucket was judged already
        }
        if (st.expectedFor == f.bucketStart) {
            double[] recent = st.recentUnits();
            st.judgedBucket = f.bucketStart;
            st.judgedPoint = st.expPoint;
            st.judgedP10 = st.expP10;
            st.judgedP50 = st.expP50;
            st.judgedP90 = st.expP90;
            st.judgedOrders = st.expOrders;
            double adi = Intermittency.adi(recent);
            st.judgedIntermittent = adi >= Intermittency.ADI_CUTOFF;
            st.judgedDispersion = st.dispersion(st.judgedIntermittent);
            st.judgedUnitsPerLine = st.unitsPerLine();
            st.judgedAlwaysSold = DropRule.alwaysSold(recent, recent.length, rules.historyBuckets());
            boolean onCounts = f.actualOrders >= 0
                    && adi >= (st.cusumOnCounts ? COUNTS_ADI_EXIT : Intermittency.ADI_CUTOFF);
            if (onCounts != st.cusumOnCounts) {
                // the other test starts from zero: sigmas and log-likelihood ratios do not add up, and a z-sum
                // built on an intermittent product's skewed errors is no evidence (the hysteresis keeps a
                // product near the cut-off from switching back and forth)
                st.cusumUp = 0;
                st.cusumDown = 0;
                st.runUp = 0;
                st.runDown = 0;
                st.cusumOnCounts = onCounts;
            }
            // st.count: buckets of history before this one (the ring fills up to historyBuckets)
            st.judgedWarm = st.count >= rules.warmUpBuckets();
            st.cusumUpBefore = st.cusumUp;
            st.cusumDownBefore = st.cusumDown;
            st.runUpBefore = st.runUp;
            st.runDownBefore = st.runDown;
            boolean spike = judge(st, f, now, false, out);
            double e = f.actual - st.judgedPoint;
            // a spike's error is no measure of the product's everyday noise: left out of the dispersion
            st.push(f.actual, st.judgedPoint, spike ? AlertState.EXCLUDED : e * e, Math.max(f.actualOrders, 0));
        } else {
            // no expectation (the product's first forecast, or a gap): nothing to judge this bucket
            st.judgedBucket = AlertState.NONE;
            st.push(f.actual, 0, 0, Math.max(f.actualOrders, 0));
        }
        if (isDormant(st)) {
            for (Kind k : Kind.values()) {
                if (st.isOpen(k)) {
                    out.add(record(st, f, k, Status.RESOLVED, Severity.INFO, null, now, String.format(Locale.ROOT,
                            "no sales in the last %d buckets: closed, the product is no longer watched", st.count)));
                    st.openedAt[k.ordinal()] = AlertState.NONE;
                }
            }
        }
        expectNext(st, f);
        return out;
    }

    /**
     * True when the state can be dropped: a full history of zero buckets and no open alert. The
     * forecaster keeps forecasting an idle product for its lookback; this forgets it sooner.
     */
    public boolean canForget(AlertState st) {
        return isDormant(st) && !st.anyOpen();
    }

    private static boolean isDormant(AlertState st) {
        if (st.count < st.units.length) {
            return false;
        }
        for (double u : st.units) {
            if (u > 0) {
                return false;
            }
        }
        return true;
    }

    private void rejudge(AlertState st, Forecast f, long now, List<Alert> out) {
        boolean spike = judge(st, f, now, true, out);
        double e = f.actual - st.judgedPoint;
        st.replaceNewest(f.actual, spike ? AlertState.EXCLUDED : e * e, Math.max(f.actualOrders, 0));
    }

    private void expectNext(AlertState st, Forecast f) {
        if (f.steps != null && f.steps.length > 0 && f.steps[0].bucketStart == f.bucketStart + f.bucketSizeMillis) {
            ForecastStep s = f.steps[0];
            st.expectedFor = s.bucketStart;
            st.expPoint = s.point;
            st.expP10 = s.p10;
            st.expP50 = s.p50;
            st.expP90 = s.p90;
            st.expOrders = f.expectedOrders;
        } else {
            st.expectedFor = AlertState.NONE;
        }
    }

    private static double meanUnits(AlertState st) {
        double sum = 0;
        for (int i = 0; i < st.count; i++) {
            sum += st.units[i];
        }
        return st.count == 0 ? 0 : sum / st.count;
    }

    /**
     * Order lines expected in the judged bucket: the forecast's own line forecast, else (a producer that
     * does not send one) its point forecast over the recent units per line; 0 if neither is known.
     */
    private static double expectedLines(AlertState st) {
        if (st.judgedOrders >= 0) {
            return st.judgedOrders;
        }
        return st.judgedUnitsPerLine > 0 ? st.judgedPoint / st.judgedUnitsPerLine : 0;
    }

    /** Applies every rule to the judged bucket; true if it was a spike. */
    private boolean judge(AlertState st, Forecast f, long now, boolean correction, List<Alert> out) {
        double actual = f.actual;
        double alpha = rules.tailProbability();
        boolean warm = st.judgedWarm;
        boolean volumeOk = warm && Math.max(actual, st.judgedPoint) >= rules.minVolume();
        // the count model on order lines when the forecast carries them (lines arrive close to a Poisson
        // process; units come in lines of 1 to 144 items, so one big line is not a spike in demand), else on units
        boolean byLines = f.actualOrders >= 0 && (st.judgedOrders >= 0 || st.judgedUnitsPerLine > 0 || f.actualOrders > 0);
        // with no line in the recent history (a product that rarely sells) this bucket's own units per line stand in
        double unitsPerLine = st.judgedUnitsPerLine > 0 ? st.judgedUnitsPerLine
                : f.actualOrders > 0 ? actual / f.actualOrders : Double.NaN;
        double count = byLines ? f.actualOrders : actual;
        // lines: the Poisson mean is the expected lines with headroom for the forecast's own error (and at
        // least a line). Units: the tail is taken at the top of the forecast's interval, so the actual must be
        // improbable even if demand had been at p90, which folds the forecaster's uncertainty into the test.
        double perUnit = !byLines ? 1 : unitsPerLine > 0 ? 1 / unitsPerLine : 0;
        boolean lineForecast = byLines && st.judgedOrders >= 0;
        double mean = lineForecast ? Math.max(rules.lineHeadroom() * st.judgedOrders, MIN_LINES)
                : Math.max(Math.max(st.judgedP90, st.judgedPoint) * perUnit, MIN_MEAN);
        // for a drop the other end: zero must be improbable even at p10
        double lowMean = Math.max(st.judgedP10 * perUnit, MIN_MEAN);
        // lines given the rate are a Poisson process, and the headroom (or p90) already allows for the rate
        // being uncertain; units need the negative binomial with the product's own (robust) dispersion
        double phi = byLines ? 1.0 : st.judgedDispersion;
        String what = byLines ? "order lines" : "units";

        double upper = CountTail.upper(count, mean, phi);
        // both tests for a product that sells in most buckets: the margin keeps to what the forecast's own
        // interval calls far out, the count tail to what its recent errors call improbable
        boolean spike = upper < alpha
                && (st.judgedIntermittent || SpikeRule.isSpike(actual, st.judgedP10, st.judgedP90, rules.spikeMargin()));
        // reasons are built only for a record that goes out: formatting them for every bucket cost the
        // alert operator a third of its time (JFR, docs/benchmarks.md)
        step(st, f, Kind.SPIKE, spike, volumeOk, severityOf(upper), upper, now, correction, out, () -> {
            String sold = byLines ? num(actual) + " units in " + f.actualOrders + " order lines" : num(actual) + " units";
            String tailText = phi <= 1
                    ? String.format(Locale.ROOT, "P(%s >= %s) = %.2g under a Poisson with mean %.2f (%s)", what,
                            num(count), upper, mean, lineForecast ? String.format(Locale.ROOT, "%s x the %.2f lines"
                                    + " expected", rules.lineHeadroom(), st.judgedOrders) : "at p90")
                    : String.format(Locale.ROOT, "P(%s >= %s) = %.2g under a negative binomial with mean %.2f"
                            + " (at p90) and variance/mean %.1f", what, num(count), upper, mean, phi);
            String spikeWhy = st.judgedIntermittent
                    ? String.format(Locale.ROOT, "an intermittent product: %s, below %.2g", tailText, alpha)
                    : String.format(Locale.ROOT, "more than %s x its width above the top of the 80%% interval %s-%s"
                            + " (threshold %s); %s", num(rules.spikeMargin()), num(st.judgedP10), num(st.judgedP90),
                            num(SpikeRule.threshold(st.judgedP10, st.judgedP90, rules.spikeMargin())), tailText);
            return String.format(Locale.ROOT, "sold %s in %s, expected %s units: %s", sold, bucket(f),
                    num(st.judgedPoint), spikeWhy);
        });

        // the CUSUM step (from the sums before this bucket, so a correction redoes it); a spike bucket is
        // left out: it has its own alert and must not also push a shift open. Intermittent products count
        // order lines (Poisson CUSUM): their z-scores are skewed, mostly small negatives for the zero buckets
        // and clipped positives for the sales, so a z-CUSUM drifts down (it opened 1,117 false SHIFT_DOWN
        // alerts on Online Retail's TSB products).
        if (!warm) {
            // the warm-up's errors are the forecaster learning the cycle, not a shift: nothing accumulates
            st.cusumUp = 0;
            st.cusumDown = 0;
        } else if (spike) {
            st.cusumUp = st.cusumUpBefore;
            st.cusumDown = st.cusumDownBefore;
        } else if (st.cusumOnCounts) {
            double lines = Math.max(f.actualOrders, 0);
            double expected = Math.max(expectedLines(st), MIN_MEAN);
            st.cusumUp = Cusum.poisson(st.cusumUpBefore, lines, expected, Cusum.UP_RATIO);
            st.cusumDown = Cusum.poisson(st.cusumDownBefore, lines, expected, Cusum.DOWN_RATIO);
        } else {
            double z = Cusum.standardise(actual, st.judgedPoint, st.judgedP10, st.judgedP90);
            st.cusumUp = Cusum.up(st.cusumUpBefore, z, rules.cusumSlack());
            st.cusumDown = Cusum.down(st.cusumDownBefore, z, rules.cusumSlack());
        }
        st.runUp = st.cusumUp > 0 ? st.runUpBefore + 1 : 0;
        st.runDown = st.cusumDown > 0 ? st.runDownBefore + 1 : 0;

        double zero = CountTail.zero(lowMean, phi);
        // once open, a drop lasts as long as nothing sells (the history then no longer "always sold")
        boolean drop = st.isOpen(Kind.DROP) ? actual <= 0 : DropRule.isDrop(count, lowMean, phi, alpha, st.judgedAlwaysSold);
        step(st, f, Kind.DROP, drop, warm && st.judgedPoint >= rules.minVolume(), severityOf(zero), zero, now, correction, out,
                () -> String.format(Locale.ROOT, "sold nothing in %s, expected %s; it sold in each of the previous %d buckets"
                        + " and P(%s = 0) = %.2g even at p10", bucket(f), num(st.judgedPoint), rules.historyBuckets(), what,
                        zero));

        // the Poisson CUSUM's threshold is ln(1 / alpha): an in-control run length of about 1 / alpha buckets
        double h = st.cusumOnCounts ? Math.log(1 / alpha) : rules.cusumThreshold();
        // a shift is about the product's level: its volume is the recent mean, not this one bucket
        boolean shiftVolumeOk = warm && Math.max(meanUnits(st), st.judgedPoint) >= rules.minVolume();
        step(st, f, Kind.SHIFT_UP, st.cusumUp > h, shiftVolumeOk, st.cusumUp >= 2 * h ? Severity.CRITICAL : Severity.WARNING,
                null, now, correction, out, () -> String.format(Locale.ROOT, "demand has run above the forecast for %d buckets"
                        + " (%s); in %s sold %s, expected %s", st.runUp, shiftTest(st, st.cusumUp, h, "twice"), bucket(f),
                        num(actual), num(st.judgedPoint)));
        step(st, f, Kind.SHIFT_DOWN, st.cusumDown > h, shiftVolumeOk,
                st.cusumDown >= 2 * h ? Severity.CRITICAL : Severity.WARNING, null, now, correction, out,
                () -> String.format(Locale.ROOT, "demand has run below the forecast for %d buckets (%s); in %s sold %s,"
                        + " expected %s", st.runDown, shiftTest(st, st.cusumDown, h, "half"), bucket(f), num(actual),
                        num(st.judgedPoint)));
        return spike;
    }

    private static String shiftTest(AlertState st, double sum, double h, String ratio) {
        return st.cusumOnCounts
                ? String.format(Locale.ROOT, "Poisson CUSUM on order lines for %s the rate: log-likelihood ratio %.1f > %.1f",
                        ratio, sum, h)
                : String.format(Locale.ROOT, "CUSUM %.1f > %.1f sigmas", sum, h);
    }

    /** One kind's lifecycle for one judged bucket. */
    private void step(AlertState st, Forecast f, Kind kind, boolean holds, boolean volumeOk, Severity severity,
                      Double tail, long now, boolean correction, List<Alert> out, Supplier<String> reason) {
        int k = kind.ordinal();
        boolean open = st.openedAt[k] != AlertState.NONE;
        if (holds && open) {
            out.add(record(st, f, kind, Status.UPDATE, severity, tail, now,
                    correction ? "late correction: " + reason.get() : reason.get()));
        } else if (holds && !correction && volumeOk && f.bucketStart >= st.cooldownUntil[k]) {
            st.openedAt[k] = f.bucketStart;
            out.add(record(st, f, kind, Status.OPEN, severity, tail, now, reason.get()));
        } else if (!holds && open) {
            out.add(record(st, f, kind, Status.RESOLVED, Severity.INFO, tail, now, String.format(Locale.ROOT,
                    "%s: sold %s in %s, expected %s", correction ? "withdrawn after a late correction" : "back to normal",
                    num(f.actual), bucket(f), num(st.judgedPoint))));
            st.openedAt[k] = AlertState.NONE;
            st.cooldownUntil[k] = f.bucketStart + (rules.cooldownBuckets() + 1L) * f.bucketSizeMillis;
            if (kind == Kind.SHIFT_UP) {
                st.cusumUp = 0; // start afresh: the forecaster has caught up or the shift ended
            } else if (kind == Kind.SHIFT_DOWN) {
                st.cusumDown = 0;
            }
        }
    }

    private Alert record(AlertState st, Forecast f, Kind kind, Status status, Severity severity, Double tail, long now,
                         String reason) {
        Alert a = new Alert();
        a.productId = f.productId;
        a.bucketStart = f.bucketStart;
        a.bucketSizeMillis = f.bucketSizeMillis;
        a.kind = kind;
        a.status = status;
        a.actual = f.actual;
        a.expected = st.judgedBucket == f.bucketStart ? st.judgedPoint : Double.NaN;
        a.intervalLow = st.judgedBucket == f.bucketStart ? st.judgedP10 : Double.NaN;
        a.intervalHigh = st.judgedBucket == f.bucketStart ? st.judgedP90 : Double.NaN;
        if (Double.isNaN(a.expected)) {
            a.expected = 0;
            a.intervalLow = 0;
            a.intervalHigh = 0;
        }
        a.actualOrders = f.actualOrders;
        a.expectedOrders = f.actualOrders >= 0 && st.judgedBucket == f.bucketStart
                && (st.judgedOrders >= 0 || st.judgedUnitsPerLine > 0) ? expectedLines(st) : null;
        a.severity = severity;
        a.tailProbability = tail;
        a.modelVersion = f.modelVersion;
        a.forecaster = f.forecaster;
        a.reason = reason;
        a.openedAt = st.openedAt[kind.ordinal()];
        a.alertId = Alert.alertId(f.productId, kind, a.openedAt);
        a.producedAt = now;
        return a;
    }

    private Severity severityOf(double tail) {
        double alpha = rules.tailProbability();
        return tail < alpha * 1e-3 ? Severity.CRITICAL : tail < alpha ? Severity.WARNING : Severity.INFO;
    }

    private static String bucket(Forecast f) {
        return "the " + BucketSize.ofMillis(f.bucketSizeMillis) + " bucket from " + Instant.ofEpochMilli(f.bucketStart);
    }

    private static String num(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : String.format(Locale.ROOT, "%.1f", x);
    }
}
