package io.flowcast.core.calendar;

import io.flowcast.core.buckets.DemandSeries;

/**
 * A daily series with its closed days left out: what a non-seasonal forecaster (moving average,
 * TSB, exponential smoothing) should average over, so a closed Saturday's zero does not pull down
 * every open day's forecast. Bucket starts stay the real ones.
 */
public final class OpenDaySeries implements DemandSeries {
    private final DemandSeries series;
    private final int[] index;
    /** The open days' units, read once: every non-seasonal candidate copies them ({@link #unitsArray}). */
    private final double[] units;

    public OpenDaySeries(DemandSeries series, ClosedDays closed) {
        this.series = series;
        int n = series.length();
        int[] idx = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (!closed.isClosed(series.bucketStart(i))) {
                idx[m++] = i;
            }
        }
        this.index = java.util.Arrays.copyOf(idx, m);
        this.units = new double[m];
        for (int i = 0; i < m; i++) {
            units[i] = series.units(index[i]);
        }
    }

    @Override
    public int length() {
        return index.length;
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
        return series.meanPrice(index[i]);
    }

    @Override
    public boolean promotion(int i) {
        return series.promotion(index[i]);
    }

    @Override
    public long bucketStart(int i) {
        return series.bucketStart(index[i]);
    }

    @Override
    public long bucketSizeMillis() {
        return series.bucketSizeMillis();
    }
}
