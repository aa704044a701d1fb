package io.flowcast.core.data;

import java.time.Instant;

/**
 * Ground truth of one injected demand spike: a product's order rate multiplied for one bucket.
 *
 * @param productId            the spiked product
 * @param bucketStart          start of the spiked bucket, epoch millis, aligned like {@code BucketSize.start}
 * @param bucketSizeMillis     length of the spiked bucket
 * @param multiplier           factor on the order rate during the bucket
 * @param expectedUnits        units the product would sell in that bucket on average without the spike
 * @param spikedExpectedUnits  {@code expectedUnits * multiplier}: the average with the spike
 * @param actualUnits          units of good records emitted so far whose event time falls in the bucket
 */
public record Spike(String productId, long bucketStart, long bucketSizeMillis, double multiplier,
                    double expectedUnits, double spikedExpectedUnits, double actualUnits) {

    public Instant bucketStartInstant() {
        return Instant.ofEpochMilli(bucketStart);
    }

    public boolean contains(long eventTime) {
        return eventTime >= bucketStart && eventTime < bucketStart + bucketSizeMillis;
    }
}
