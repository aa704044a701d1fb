package io.flowcast.job.records;

/** The small part of a product's keyed state, touched by every incoming sum: where its buckets stand. */
public class ProductClock {
    /** Start of the newest closed bucket, or Long.MIN_VALUE before the first close. */
    public long newestClosedStart = Long.MIN_VALUE;
    /** Newest event time seen for the product: at the end of a bounded input, buckets close up to it. */
    public long lastOrderTime = Long.MIN_VALUE;
    /**
     * Start of the newest closed bucket that sold anything: idleness is judged on closed buckets only,
     * so whether a product expires does not depend on how early its next orders happened to arrive.
     */
    public long lastSaleStart = Long.MIN_VALUE;
    /** The registered event-time timer that closes the next bucket, or Long.MIN_VALUE. */
    public long nextCloseTimer = Long.MIN_VALUE;
    /** Revision of the newest bucket's forecast: bumped by each late correction. */
    public int revision;

    public ProductClock() {}

    public boolean hasClosedBuckets() {
        return newestClosedStart != Long.MIN_VALUE;
    }
}
