package io.flowcast.core.buckets;

import java.util.Arrays;

/**
 * An immutable {@link DemandSeries} over plain arrays: the histories the trainer, the backtests and
 * the tests replay outside keyed state. Units only (prices unknown, no promotions) or, from
 * {@code OrderSeries.build}, units with revenue and promotion flags per bucket.
 */
public final class ArraySeries implements DemandSeries {
    private final String productId;
    private final double[] units;
    /** Null when prices are unknown. */
    private final double[] revenue;
    /** Null when no bucket was on promotion. */
    private final boolean[] promotion;
    private final long firstStart;
    private final long bucketSizeMillis;

    /** {@code units[0]} is the bucket starting at {@code firstStart}; the array is copied. */
    public ArraySeries(double[] units, long firstStart, long bucketSizeMillis) {
        this(null, firstStart, bucketSizeMillis, units.clone(), null, null);
    }

    /** A product's buckets with revenue and promotion flags; the arrays are kept, not copied. */
    public ArraySeries(String productId, long firstStart, long bucketSizeMillis, double[] units, double[] revenue,
            boolean[] promotion) {
        if (bucketSizeMillis <= 0) {
            throw new IllegalArgumentException("bucket size must be positive, got " + bucketSizeMillis);
        }
        if ((revenue != null && revenue.length != units.length) || (promotion != null && promotion.length != units.length)) {
            throw new IllegalArgumentException("arrays differ in length");
        }
        this.productId = productId;
        this.firstStart = firstStart;
        this.bucketSizeMillis = bucketSizeMillis;
        this.units = units;
        this.revenue = revenue;
        this.promotion = promotion;
    }

    /** Daily buckets from the epoch: the short form tests use. */
    public static ArraySeries of(double... units) {
        return new ArraySeries(units, 0L, BucketSize.parse("1d").millis());
    }

    public static ArraySeries of(BucketSize size, long firstStart, double... units) {
        return new ArraySeries(units, firstStart, size.millis());
    }

    /** A product's units at a constant price, no promotions: for tests and synthetic data. */
    public static ArraySeries ofUnits(String productId, long firstStart, long bucketSizeMillis, double[] units,
            double price) {
        double[] revenue = new double[units.length];
        for (int i = 0; i < units.length; i++) {
            revenue[i] = units[i] * price;
        }
        return new ArraySeries(productId, firstStart, bucketSizeMillis, units, revenue, new boolean[units.length]);
    }

    public String productId() {
        return productId;
    }

    /** Bucket i as a {@link BucketAggregate} (orders counted as 1 per bucket with sales). */
    public BucketAggregate aggregate(int i) {
        return new BucketAggregate(units[i], revenue == null ? 0 : revenue[i], units[i] != 0 ? 1 : 0,
                promotion(i) ? 1 : 0);
    }

    /** The oldest {@code n} buckets: the history a backtest or trainer sees when it stands at bucket n - 1. */
    public ArraySeries prefix(int n) {
        if (n < 0 || n > units.length) {
            throw new IndexOutOfBoundsException("prefix " + n + " of " + units.length);
        }
        return new ArraySeries(productId, firstStart, bucketSizeMillis, Arrays.copyOf(units, n),
                revenue == null ? null : Arrays.copyOf(revenue, n), promotion == null ? null : Arrays.copyOf(promotion, n));
    }

    /** Same as {@link #prefix}. */
    public ArraySeries head(int n) {
        return prefix(n);
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
        return revenue != null && units[i] > 0 ? revenue[i] / units[i] : Double.NaN;
    }

    @Override
    public boolean promotion(int i) {
        return promotion != null && promotion[i];
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
        return "ArraySeries" + (productId == null ? "" : " " + productId) + Arrays.toString(units);
    }
}
