package io.flowcast.core.time;

import java.util.Arrays;

/**
 * Judges the event times of one stream partition against the partition's own recent event times,
 * so that a few records with a wrong clock cannot drag event time ahead. The wall clock says nothing
 * in a replay of old history; the stream itself does.
 *
 * <p>The reference is the median of the partition's last {@value #WINDOW} event times (all of them,
 * including those judged ahead, so a real jump in the stream, such as a shop reopening after a
 * holiday, moves the median once most recent records agree). An event more than {@code lead} after
 * that median is <em>ahead</em>: it may not move the watermark by itself. {@link #admit} returns the
 * time the event may contribute to the watermark: its own time when it is plausible, else the
 * median plus the lead (so a hostile minority moves event time by at most the lead). An event more
 * than {@code lead} before the median is {@link #behind}: out of order by far more than any watermark
 * allows, it is late (and is not recorded, so old records cannot pull the median back).
 *
 * <p>Until the window is full (at the job's start, and after a restore: the window is not
 * checkpointed, see docs/hostile-input.md) the reference is the second-latest recorded time instead
 * of the median, the first event contributes nothing, and none is behind. So an empty guard is as
 * hard to drag as a full one: it takes three hostile records at a partition's head, as it takes three
 * of five later. (With the median of one or two records as the reference, two hostile records at the
 * head moved the watermark, and one made the next legitimate order LATE.)
 *
 * <p>Not thread-safe; one per partition.
 */
public final class EventTimeGuard {
    /** Recent event times the median is taken over: a hostile record needs 3 of 5 consecutive ones to move it. */
    public static final int WINDOW = 5;

    private final long leadMillis;
    private final long[] recent = new long[WINDOW];
    private final long[] sorted = new long[WINDOW];
    private int size;
    private int next;

    public EventTimeGuard(long leadMillis) {
        if (leadMillis < 0) {
            throw new IllegalArgumentException("the lead must be >= 0");
        }
        this.leadMillis = leadMillis;
    }

    /**
     * Records {@code eventTime} and returns what it may contribute to the watermark: {@code eventTime}
     * itself when it is not ahead, else something earlier ({@link Long#MIN_VALUE}: nothing).
     * The event is ahead exactly when the result is below {@code eventTime}.
     */
    public long admit(long eventTime) {
        long allowed = size < 2 ? Long.MIN_VALUE : saturatedAdd(size < WINDOW ? secondLatest() : median(), leadMillis);
        recent[next] = eventTime;
        next = (next + 1) % WINDOW;
        size = Math.min(size + 1, WINDOW);
        return Math.min(eventTime, allowed);
    }

    /**
     * True when {@code eventTime} lies more than the lead before the recent median (of a full window:
     * in a partial one the median may be a hostile record's); such an event is not {@link #admit}ted.
     */
    public boolean behind(long eventTime) {
        if (size < WINDOW) {
            return false;
        }
        long floor = median() - leadMillis;
        return floor <= median() && eventTime < floor; // floor above the median: it underflowed, nothing is before it
    }

    /** The median of the recent event times (the lower one of an even count); {@link Long#MIN_VALUE} when none. */
    public long median() {
        if (size == 0) {
            return Long.MIN_VALUE;
        }
        System.arraycopy(recent, 0, sorted, 0, size);
        Arrays.sort(sorted, 0, size);
        return sorted[(size - 1) / 2];
    }

    private long secondLatest() {
        System.arraycopy(recent, 0, sorted, 0, size);
        Arrays.sort(sorted, 0, size);
        return sorted[size - 2];
    }

    public long leadMillis() {
        return leadMillis;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
