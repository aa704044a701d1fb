package io.flowcast.core.engine;

/**
 * The small part of a product's state, touched by every incoming sum: where its buckets stand
 * (which closed last, when the next one closes, when it last sold). Plain fields, a Flink POJO.
 */
public class ProductTimeline {
    public static final long NONE = Long.MIN_VALUE;

    /** Start of the newest closed bucket, or NONE before the first close. */
    public long newestClosedStart = NONE;
    /** Newest event time seen for the product: at the end of a bounded input, buckets close up to it. */
    public long lastOrderTime = NONE;
    /**
     * Start of the newest closed bucket that sold anything: idleness is judged on closed buckets only,
     * so whether a product expires does not depend on how early its next orders happened to arrive.
     */
    public long lastSaleStart = NONE;
    /** The close time (event time) of the next bucket to close: the caller's timer, or NONE. */
    public long nextCloseTimer = NONE;
    /** Revision of the newest bucket's forecast: bumped by each late correction. */
    public int revision;

    public ProductTimeline() {}

    public boolean hasClosedBuckets() {
        return newestClosedStart != NONE;
    }
}
