package io.flowcast.core.buckets;

import java.util.Arrays;

/**
 * An immutable {@link DemandSeries} over a plain array of units: for tests, the trainer and
 * backtests, which replay histories that are not in keyed state. Prices are unknown (NaN) and
 * no bucket is on promotion.
 */
public final class ArraySeries implements DemandSeries {
    private final double[] units;
    private final long firstStart;
    private final long bucketSizeMillis;

    /** {@code units[0]} is the bucket starting at {@code firstStart}; the array is copied. */
    public ArraySeries(double[] units, long firstStart, long bucketSizeMillis) {
        if (bucketSizeMillis <= 0) {
            throw new IllegalArgumentException("bucket size must be positive, got " + bucketSizeMillis);
        }
        this.units = units.clone();
        this.firstStart = firstStart;
        this.bucketSizeMillis = bucketSizeMillis;
    }

    /** Daily buckets from the epoch: the short form tests use. */
    public static ArraySeries of(double... units) {
        return new ArraySeries(units, 0L, BucketSize.parse("1d").millis());
    }

    public static ArraySeries of(BucketSize size, long firstStart, double... units) {
        return new ArraySeries(units, firstStart, size.millis());
    }

    /** The oldest {@code n} buckets: the history a backtest sees when it stands at bucket n - 1. */
    public ArraySeries prefix(int n) {
        if (n < 0 || n > units.length) {
            throw new IndexOutOfBoundsException("prefix " + n + " of " + units.length);
        }
        return new ArraySeries(Arrays.copyOf(units, n), firstStart, bucketSizeMillis);
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
    public double meanPrice(int i) {
        return Double.NaN;
    }

    @Override
    public boolean promotion(int i) {
        return false;
    }

    @Override
    public long bucketStart(int i) {
        return firstStart + (long) i * bucketSizeMillis;
    }

    @Override
    public long bucketSizeMillis() {
        return bucketSizeMillis;
    }

    @Override
    public double[] unitsArray() {
        return units.clone();
    }

    @Override
    public String toString() {
        return "ArraySeries" + Arrays.toString(units);
    }
}
