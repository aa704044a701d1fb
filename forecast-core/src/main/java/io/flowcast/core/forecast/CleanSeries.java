package io.flowcast.core.forecast;

import io.flowcast.core.buckets.DemandSeries;

/**
 * A series whose units are cleaned once ({@link SeriesMath#cleanUnits}) for several forecasters in a
 * row: each statistical forecaster reads the one array instead of copying and cleaning its own
 * (`auto`'s five hourly candidates each copying the history were 11% of an engine close). The
 * forecasters only read it. Prices, promotions and bucket starts are the wrapped series'.
 */
public final class CleanSeries implements DemandSeries {
    private final DemandSeries series;
    final double[] units;

    private CleanSeries(DemandSeries series) {
        this.series = series;
        this.units = SeriesMath.cleanUnits(series);
    }

    /** {@code series} with its units cleaned once (itself when it already is). */
    public static CleanSeries of(DemandSeries series) {
        return series instanceof CleanSeries c ? c : new CleanSeries(series);
    }

    /** The clean units without a copy when {@code series} is a CleanSeries; callers must not write them. */
    static double[] cleanUnits(DemandSeries series) {
        return series instanceof CleanSeries c ? c.units : SeriesMath.cleanUnits(series);
    }

    @Override
    public int length() {
        return units.length;
    }

    @Override
    public double units(int i) {
        return units[i];
    }

    @Override
    public double[] unitsArray() {
        return units.clone();
    }

    @Override
    public double meanPrice(int i) {
        return series.meanPrice(i);
    }

    @Override
    public boolean promotion(int i) {
        return series.promotion(i);
    }

    @Override
    public long bucketStart(int i) {
        return series.bucketStart(i);
    }

    @Override
    public long bucketSizeMillis() {
        return series.bucketSizeMillis();
    }
}
