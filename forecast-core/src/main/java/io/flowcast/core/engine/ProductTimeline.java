package io.flowcast.core.engine;

import io.flowcast.core.buckets.BucketAggregate;
import java.util.Arrays;

/**
 * The small part of a product's state, touched by every incoming sum: where its buckets stand
 * (which closed last, when the next one closes, when it last sold) and the sums of its open
 * buckets (usually one or two). Plain fields, a Flink POJO.
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
    /** True when the last forecast left no alert state to keep: with enough empty buckets the product may sleep. */
    public boolean quiet;

    /** Starts of the open buckets that have sums, ascending, and their sums. */
    public long[] openStarts = new long[0];
    public BucketAggregate[] openSums = new BucketAggregate[0];

    public ProductTimeline() {}

    /** Adds a sum to its open bucket. */
    public void addOpen(long start, BucketAggregate sum) {
        int i = Arrays.binarySearch(openStarts, start);
        if (i >= 0) {
            openSums[i].merge(sum);
            return;
        }
        int at = -i - 1;
        openStarts = insert(openStarts, at, start);
        BucketAggregate[] sums = new BucketAggregate[openSums.length + 1];
        System.arraycopy(openSums, 0, sums, 0, at);
        sums[at] = sum;
        System.arraycopy(openSums, at, sums, at + 1, openSums.length - at);
        openSums = sums;
    }

    /** Removes and returns the sum of the open bucket {@code start}, null if it has none. */
    public BucketAggregate takeOpen(long start) {
        int i = Arrays.binarySearch(openStarts, start);
        if (i < 0) {
            return null;
        }
        BucketAggregate sum = openSums[i];
        openStarts = remove(openStarts, i);
        BucketAggregate[] sums = new BucketAggregate[openSums.length - 1];
        System.arraycopy(openSums, 0, sums, 0, i);
        System.arraycopy(openSums, i + 1, sums, i, sums.length - i);
        openSums = sums;
        return sum;
    }

    public boolean hasOpen(long start) {
        return Arrays.binarySearch(openStarts, start) >= 0;
    }

    /** Start of the earliest open bucket with a sum, or NONE. */
    public long earliestOpen() {
        return openStarts.length == 0 ? NONE : openStarts[0];
    }

    private static long[] insert(long[] a, int at, long v) {
        long[] out = new long[a.length + 1];
        System.arraycopy(a, 0, out, 0, at);
        out[at] = v;
        System.arraycopy(a, at, out, at + 1, a.length - at);
        return out;
    }

    private static long[] remove(long[] a, int i) {
        long[] out = new long[a.length - 1];
        System.arraycopy(a, 0, out, 0, i);
        System.arraycopy(a, i + 1, out, i, out.length - i);
        return out;
    }

    public boolean hasClosedBuckets() {
        return newestClosedStart != NONE;
    }
}
