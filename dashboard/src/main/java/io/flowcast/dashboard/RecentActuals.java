package io.flowcast.dashboard;

import java.util.Arrays;

/**
 * A product's last {@code capacity} closed buckets, ordered by start, in three flat arrays: about
 * 17 bytes a bucket instead of a map entry's ~90, so 100,000 products fit in a few hundred MB.
 */
final class RecentActuals {
    private final long[] starts;
    private final double[] values;
    private final byte[] revisions;
    private int size;

    RecentActuals(int capacity) {
        starts = new long[capacity];
        values = new double[capacity];
        revisions = new byte[capacity];
    }

    /** Sets a bucket's actual; true if the bucket was already there (a late correction). */
    boolean put(long start, double value, int revision) {
        int i = Arrays.binarySearch(starts, 0, size, start);
        if (i >= 0) {
            values[i] = value;
            revisions[i] = (byte) Math.min(revision, Byte.MAX_VALUE);
            return true;
        }
        int at = -i - 1;
        if (size == starts.length) {
            if (at == 0) {
                return false; // older than everything kept
            }
            // drop the oldest to make room
            System.arraycopy(starts, 1, starts, 0, at - 1);
            System.arraycopy(values, 1, values, 0, at - 1);
            System.arraycopy(revisions, 1, revisions, 0, at - 1);
            at--;
        } else {
            System.arraycopy(starts, at, starts, at + 1, size - at);
            System.arraycopy(values, at, values, at + 1, size - at);
            System.arraycopy(revisions, at, revisions, at + 1, size - at);
            size++;
        }
        starts[at] = start;
        values[at] = value;
        revisions[at] = (byte) Math.min(revision, Byte.MAX_VALUE);
        return false;
    }

    int size() {
        return size;
    }

    long start(int i) {
        return starts[i];
    }

    double value(int i) {
        return values[i];
    }

    int revision(int i) {
        return revisions[i];
    }
}
