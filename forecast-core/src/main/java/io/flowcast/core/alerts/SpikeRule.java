package io.flowcast.core.alerts;

/**
 * Spike rule for products that sell in most buckets: the actual lies above the forecast's upper
 * quantile by more than {@code margin} times the width of its 80% interval (at least one unit, so a
 * zero-width interval does not turn every extra unit into a spike).
 */
public final class SpikeRule {
    private SpikeRule() {}

    /** The level an actual must exceed: {@code p90 + margin * max(p90 - p10, 1)}. */
    public static double threshold(double p10, double p90, double margin) {
        return p90 + margin * Math.max(p90 - p10, 1.0);
    }

    public static boolean isSpike(double actual, double p10, double p90, double margin) {
        return actual > threshold(p10, p90, margin);
    }
}
