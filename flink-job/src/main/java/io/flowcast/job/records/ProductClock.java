package io.flowcast.job.records;

/** The small part of a product's keyed state, touched by every incoming sum: where its buckets stand. */
public class ProductClock {
    /** Start of the newest closed bucket, or Long.MIN_VALUE before the first close. */
    public long newestClosedStart = Long.MIN_VALUE;
    /** Newest event time seen for the product: when it goes idle, its state is dropped. */
    public long lastOrderTime = Long.MIN_VALUE;
    /** The registered event-time timer that closes the next bucket, or Long.MIN_VALUE. */
    public long nextCloseTimer = Long.MIN_VALUE;
    /** Revision of the newest bucket's forecast: bumped by each late correction. */
    public int revision;

    public ProductClock() {}

    public boolean hasClosedBuckets() {
        return newestClosedStart != Long.MIN_VALUE;
    }
}
