package io.flowcast.job.records;

import io.flowcast.core.buckets.BucketAggregate;

/** A partial sum of one product's orders in one bucket, pre-aggregated before the keyBy. */
public class BucketDelta {
    public String productId;
    public long bucketStart;
    public BucketAggregate sum;
    /** Newest event time in the sum: how the keyed function tells an idle product. */
    public long latestEventTime;

    public BucketDelta() {}

    public BucketDelta(String productId, long bucketStart, BucketAggregate sum, long latestEventTime) {
        this.productId = productId;
        this.bucketStart = bucketStart;
        this.sum = sum;
        this.latestEventTime = latestEventTime;
    }

    @Override
    public String toString() {
        return "BucketDelta{" + productId + " @" + bucketStart + " " + sum + "}";
    }
}
