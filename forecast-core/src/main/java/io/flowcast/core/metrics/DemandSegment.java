package io.flowcast.core.metrics;

import io.flowcast.core.buckets.DemandSeries;
import io.flowcast.core.forecast.Intermittency;

/**
 * Coarse product segments that accuracy is reported by, since one average hides that slow and
 * intermittent products are forecast far worse than fast ones. Rule: ADI >= 1.32 (the same
 * Syntetos-Boylan cut-off the forecaster selector uses; a product that never sold included)
 * is INTERMITTENT; else mean units per bucket at or above the threshold is FAST, below it SLOW.
 * The threshold is per bucket, so it depends on the bucket size.
 */
public enum DemandSegment {
    FAST, SLOW, INTERMITTENT;

    /** Default FAST threshold: at least ten units per bucket on average. */
    public static final double DEFAULT_FAST_UNITS_PER_BUCKET = 10.0;

    public static DemandSegment classify(DemandSeries series) {
        return classify(series.unitsArray(), DEFAULT_FAST_UNITS_PER_BUCKET);
    }

    public static DemandSegment classify(DemandSeries series, double fastUnitsPerBucket) {
        return classify(series.unitsArray(), fastUnitsPerBucket);
    }

    /**
     * For looking back over a finished history (backtest reports): like {@link #classify(double[], double)},
     * but the zero buckets after the last sale count as an interval too. Online, trailing zeros are not
     * yet an interval; looking back, a product that sold twice in its first week and never again for
     * months is intermittent, not a slow steady seller (the online rule called such products slow and
     * their WAPE swamped that segment in the Online Retail backtest).
     */
    public static DemandSegment classifyHistory(double[] units, double fastUnitsPerBucket) {
        int nonzero = 0;
        for (double u : units) {
            if (u > 0) {
                nonzero++;
            }
        }
        if (nonzero == 0 || (double) units.length / nonzero >= Intermittency.ADI_CUTOFF) {
            return INTERMITTENT;
        }
        return classify(units, fastUnitsPerBucket);
    }

    public static DemandSegment classify(double[] units, double fastUnitsPerBucket) {
        if (Intermittency.isIntermittent(units)) {
            return INTERMITTENT;
        }
        double sum = 0;
        for (double u : units) {
            sum += u > 0 ? u : 0;
        }
        return sum / units.length >= fastUnitsPerBucket ? FAST : SLOW;
    }
}
