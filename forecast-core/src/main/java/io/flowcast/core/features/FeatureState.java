package io.flowcast.core.features;

/**
 * A product's causal running statistics behind its features (demand scale, usual price), advanced
 * one closed bucket at a time by {@link FeatureEncoder#step}. A Flink POJO of primitives, kept in
 * keyed state beside the LSTM state; the trainer advances a fresh one through each series, so both
 * sides compute identical inputs.
 */
public class FeatureState {
    /** Closed buckets seen, zero buckets included. */
    public long buckets;
    /** Sum of (non-negative) units over those buckets. */
    public double unitsSum;
    /** Sum of the mean prices of buckets with sales. */
    public double priceSum;
    /** Buckets with sales (and so a price). */
    public long pricedBuckets;
    /** Start of the newest bucket stepped, or Long.MIN_VALUE before the first. */
    public long lastBucketStart = Long.MIN_VALUE;

    public FeatureState() {}

    public FeatureState copy() {
        FeatureState s = new FeatureState();
        s.buckets = buckets;
        s.unitsSum = unitsSum;
        s.priceSum = priceSum;
        s.pricedBuckets = pricedBuckets;
        s.lastBucketStart = lastBucketStart;
        return s;
    }

    /**
     * The demand scale after the buckets seen: 1 + their mean units. The 1 keeps slow movers and
     * brand-new products from dividing by ~0; forecasts are network output times this scale.
     */
    public double scale() {
        return buckets == 0 ? 1.0 : 1.0 + unitsSum / buckets;
    }

    /** The usual price so far, NaN before the first sale. */
    public double usualPrice() {
        return pricedBuckets == 0 ? Double.NaN : priceSum / pricedBuckets;
    }

    @Override
    public String toString() {
        return "FeatureState{buckets=" + buckets + ", scale=" + scale() + ", usualPrice=" + usualPrice() + "}";
    }
}
