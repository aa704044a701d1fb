package io.flowcast.core.forecast;

import io.flowcast.core.buckets.DemandSeries;

/**
 * The Syntetos-Boylan ADI (average demand interval), once for the forecaster selector and the
 * demand segments, so the model choice and the accuracy report split products the same way.
 */
public final class Intermittency {
    /** Syntetos-Boylan (2005) cut-off: an ADI at or above it is intermittent or lumpy demand. */
    public static final double ADI_CUTOFF = 1.32;

    private Intermittency() {}

    /**
     * Mean interval, in buckets, between nonzero buckets, the first interval counted from the start
     * of the history (as statsforecast does): (index of the last nonzero bucket + 1) / nonzero
     * buckets. 1.0 means it sold in every bucket; +Infinity if it never sold (or the history is
     * empty). Trailing zero buckets do not count: they are not yet an interval.
     */
    public static double adi(double[] units) {
        int nonzero = SeriesMath.countSold(units);
        int last = units.length - 1;
        while (last >= 0 && !(units[last] > 0)) {
            last--;
        }
        return nonzero == 0 ? Double.POSITIVE_INFINITY : (last + 1.0) / nonzero;
    }

    public static double adi(DemandSeries series) {
        return adi(series.unitsArray());
    }

    /** True if the ADI reaches {@link #ADI_CUTOFF}; a product that never sold counts as intermittent. */
    public static boolean isIntermittent(double[] units) {
        return adi(units) >= ADI_CUTOFF;
    }
}
