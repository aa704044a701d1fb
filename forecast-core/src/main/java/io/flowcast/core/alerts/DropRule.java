package io.flowcast.core.alerts;

/**
 * Drop rule: a product that sold in every one of its recent buckets sells nothing, and zero was
 * improbable under the count model with the forecast as mean (P(X = 0) below alpha). A product
 * with empty buckets in its history is not one that "always sells": a zero there is normal.
 */
public final class DropRule {
    private DropRule() {}

    /** True if every one of the {@code n} recent units is positive and there are at least {@code required}. */
    public static boolean alwaysSold(double[] recentUnits, int n, int required) {
        if (n < required) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (!(recentUnits[i] > 0)) {
                return false;
            }
        }
        return true;
    }

    public static boolean isDrop(double actual, double expected, double dispersion, double alpha, boolean alwaysSold) {
        return actual <= 0 && alwaysSold && CountTail.zero(expected, dispersion) < alpha;
    }
}
