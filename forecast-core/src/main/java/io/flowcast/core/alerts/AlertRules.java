package io.flowcast.core.alerts;

import java.io.Serializable;

/**
 * The parameters of the alert rules, one place for the job and the evaluation.
 *
 * @param spikeMargin     a spike lies above p90 by more than this many 80%-interval widths
 * @param tailProbability alpha of the count-model tests: intermittent spikes P(X >= actual) and drops P(X = 0)
 * @param cusumThreshold  h of the CUSUM in sigmas: a sum above it is a sustained shift
 * @param cusumSlack      k of the CUSUM in sigmas: errors below it do not accumulate
 * @param cooldownBuckets after an alert resolves, the same kind does not open again for this many buckets
 * @param minVolume       no alert opens unless the actual or the expected units reach this
 * @param historyBuckets  recent buckets kept per product: intermittency, dispersion and "always sells"
 * @param lineHeadroom    the order-line test takes its Poisson mean at this multiple of the forecast's
 *                        expected lines (at least one line), for the rate forecast's own error
 * @param warmUpBuckets   buckets of history a product needs before any of its alerts opens: in its first
 *                        season a forecaster cannot know the daily (or weekly) cycle, and the first busy
 *                        hour after a night of history looks like a spike
 */
public record AlertRules(double spikeMargin, double tailProbability, double cusumThreshold, double cusumSlack,
                         int cooldownBuckets, double minVolume, int historyBuckets, double lineHeadroom,
                         int warmUpBuckets) implements Serializable {

    public static final double DEFAULT_SPIKE_MARGIN = 1.0;
    /** With headroom 1.25, chosen on generator seeds 42 and 3 (docs/alerts.md): 1e-5 let in twice the false spikes. */
    public static final double DEFAULT_TAIL_PROBABILITY = 3e-6;
    public static final double DEFAULT_CUSUM_THRESHOLD = 6.0;
    public static final double DEFAULT_CUSUM_SLACK = 0.5;
    public static final int DEFAULT_COOLDOWN_BUCKETS = 3;
    public static final double DEFAULT_MIN_VOLUME = 10.0;
    public static final int DEFAULT_HISTORY_BUCKETS = 24;
    /** On generator seed 42 (docs/alerts.md): at 1.0 the spike precision fell to 0.78, at 2.0 the recall to 0.75. */
    public static final double DEFAULT_LINE_HEADROOM = 1.25;

    public AlertRules {
        // named as the job options, so the message says which flag to fix (fields are not set yet: no toString)
        require(spikeMargin >= 0, "alert-spike-margin must not be negative", spikeMargin);
        require(tailProbability > 0 && tailProbability < 1, "alert-tail-probability must be in (0, 1)", tailProbability);
        require(cusumThreshold > 0, "alert-cusum-threshold must be positive", cusumThreshold);
        require(cusumSlack >= 0, "the CUSUM slack must not be negative", cusumSlack);
        require(cooldownBuckets >= 0, "alert-cooldown must not be negative", cooldownBuckets);
        require(minVolume >= 0, "alert-min-volume must not be negative", minVolume);
        require(historyBuckets >= 2, "alert-history must be at least 2", historyBuckets);
        require(lineHeadroom >= 1, "alert-line-headroom must be at least 1", lineHeadroom);
        require(warmUpBuckets >= 0 && warmUpBuckets <= historyBuckets,
                "alert-warm-up must be in 0.." + historyBuckets + ", the buckets alert-history keeps (raise both to warm"
                        + " up longer)", warmUpBuckets);
    }

    private static void require(boolean ok, String what, double got) {
        if (!ok) {
            throw new IllegalArgumentException("bad alert rules: " + what + ", got " + got);
        }
    }

    /** The default warm-up: one season, at most the history kept. */
    public static int warmUpFor(int seasonPeriod, int historyBuckets) {
        return Math.min(seasonPeriod, historyBuckets);
    }
}
