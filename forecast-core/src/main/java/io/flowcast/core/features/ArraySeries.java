package io.flowcast.core.features;

import io.flowcast.core.buckets.BucketAggregate;
import io.flowcast.core.buckets.DemandSeries;

/** A product's closed buckets held in plain arrays: what the trainer and backtests read. */
public final class ArraySeries implements DemandSeries {
    private final String productId;
    private final long firstStart;
    private final long bucketSizeMillis;
    private final double[] units;
    private final double[] revenue;
    private final boolean[] promotion;

    public ArraySeries(String productId, long firstStart, long bucketSizeMillis, double[] units, double[] revenue,
            boolean[] promotion) {
        if (units.length != revenue.length || units.length != promotion.length) {
            throw new IllegalArgumentException("arrays differ in length");
        }
        this.productId = productId;
        this.firstStart = firstStart;
        this.bucketSizeMillis = bucketSizeMillis;
        this.units = units;
        this.revenue = revenue;
        this.promotion = promotion;
    }

    /** A series of units at a constant price, no promotions: handy for tests and synthetic data. */
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
        return new BucketAggregate(units[i], revenue[i], units[i] != 0 ? 1 : 0, promotion[i] ? 1 : 0);
    }

    /** The first {@code n} buckets. */
    public ArraySeries head(int n) {
        return new ArraySeries(productId, firstStart, bucketSizeMillis, java.util.Arrays.copyOf(units, n),
                java.util.Arrays.copyOf(revenue, n), java.util.Arrays.copyOf(promotion, n));
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
        return units[i] > 0 ? revenue[i] / units[i] : Double.NaN;
    }

    @Override
    public boolean promotion(int i) {
        return promotion[i];
    }

    @Override
    public long bucketStart(int i) {
        return firstStart + i * bucketSizeMillis;
    }

    @Override
    public long bucketSizeMillis() {
        return bucketSizeMillis;
    }
}
