package io.flowcast.core.buckets;

/**
 * Ring buffer of a product's last N closed buckets, kept in keyed state. A Flink POJO of primitive
 * arrays: one state value per product, serialized without Kryo.
 */
public class BucketHistory implements DemandSeries {
    public double[] units;
    public double[] revenue;
    public long[] orders;
    public long[] promoOrders;
    /** Slot of the newest bucket. */
    public int head = -1;
    /** Closed buckets held, at most the capacity. */
    public int count;
    /** Start of the newest closed bucket. */
    public long newestStart = Long.MIN_VALUE;
    public long bucketSizeMillis;

    public BucketHistory() {}

    public BucketHistory(int capacity, long bucketSizeMillis) {
        this.units = new double[capacity];
        this.revenue = new double[capacity];
        this.orders = new long[capacity];
        this.promoOrders = new long[capacity];
        this.bucketSizeMillis = bucketSizeMillis;
    }

    public int capacity() {
        return units.length;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** Appends the next closed bucket; {@code start} must follow the newest one without a gap. */
    public void append(long start, BucketAggregate agg) {
        if (count > 0 && start != newestStart + bucketSizeMillis) {
            throw new IllegalArgumentException("bucket " + start + " does not follow " + newestStart);
        }
        head = (head + 1) % capacity();
        units[head] = agg == null ? 0 : agg.units;
        revenue[head] = agg == null ? 0 : agg.revenue;
        orders[head] = agg == null ? 0 : agg.orders;
        promoOrders[head] = agg == null ? 0 : agg.promoOrders;
        newestStart = start;
        count = Math.min(count + 1, capacity());
    }

    /** Index (0 = oldest) of the bucket starting at {@code start}, or -1 if it is not held. */
    public int indexOf(long start) {
        if (count == 0 || start > newestStart || (newestStart - start) % bucketSizeMillis != 0) {
            return -1;
        }
        long back = (newestStart - start) / bucketSizeMillis;
        return back < count ? count - 1 - (int) back : -1;
    }

    /** Adds a late partial sum to an already closed bucket; false if that bucket is no longer held. */
    public boolean addLate(long start, BucketAggregate agg) {
        int i = indexOf(start);
        if (i < 0) {
            return false;
        }
        int slot = slot(i);
        units[slot] += agg.units;
        revenue[slot] += agg.revenue;
        orders[slot] += agg.orders;
        promoOrders[slot] += agg.promoOrders;
        return true;
    }

    private int slot(int i) {
        return Math.floorMod(head - (count - 1 - i), capacity());
    }

    @Override
    public int length() {
        return count;
    }

    @Override
    public double units(int i) {
        return units[slot(i)];
    }

    @Override
    public double meanPrice(int i) {
        int s = slot(i);
        return units[s] > 0 ? revenue[s] / units[s] : Double.NaN;
    }

    @Override
    public boolean promotion(int i) {
        return promoOrders[slot(i)] > 0;
    }

    @Override
    public long bucketStart(int i) {
        return newestStart - (long) (count - 1 - i) * bucketSizeMillis;
    }

    @Override
    public long bucketSizeMillis() {
        return bucketSizeMillis;
    }

    /**
     * The same buckets counted in order lines instead of units, as a view: forecast like units, it
     * gives the order lines the alerts' count model expects (lines are close to Poisson, units are not).
     */
    public DemandSeries orderLines() {
        return new DemandSeries() {
            @Override
            public int length() {
                return count;
            }

            @Override
            public double units(int i) {
                return orders[slot(i)];
            }

            @Override
            public double[] unitsArray() { // no modulo per bucket (longs: no arraycopy); lines are forecast at every close
                double[] out = new double[count];
                int first = count == 0 ? 0 : Math.floorMod(head - count + 1, capacity());
                for (int i = 0, s = first; i < count; i++, s = s + 1 == capacity() ? 0 : s + 1) {
                    out[i] = orders[s];
                }
                return out;
            }

            @Override
            public double meanPrice(int i) {
                return BucketHistory.this.meanPrice(i);
            }

            @Override
            public boolean promotion(int i) {
                return BucketHistory.this.promotion(i);
            }

            @Override
            public long bucketStart(int i) {
                return BucketHistory.this.bucketStart(i);
            }

            @Override
            public long bucketSizeMillis() {
                return bucketSizeMillis;
            }
        };
    }

    /** Two array copies instead of a modulo per bucket: every forecaster starts with this. */
    @Override
    public double[] unitsArray() {
        double[] out = new double[count];
        if (count == 0) {
            return out;
        }
        int first = Math.floorMod(head - count + 1, capacity());
        int tail = Math.min(count, capacity() - first);
        System.arraycopy(units, first, out, 0, tail);
        System.arraycopy(units, 0, out, tail, count - tail);
        return out;
    }
}
