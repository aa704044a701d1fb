package io.flowcast.core.buckets;

import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;

/**
 * The bucket math, once for the job, the trainer and the backtests: buckets are aligned to the
 * epoch in UTC, so a daily bucket is a UTC calendar day and every subtask agrees on the edges.
 */
public final class BucketSize implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long DAY = Duration.ofDays(1).toMillis();

    private final long millis;

    private BucketSize(long millis) {
        if (millis < 1000) {
            throw new IllegalArgumentException("bucket size must be at least one second, got " + millis + " ms");
        }
        this.millis = millis;
    }

    public static BucketSize of(Duration size) {
        return new BucketSize(size.toMillis());
    }

    public static BucketSize ofMillis(long millis) {
        return new BucketSize(millis);
    }

    /** Parses {@code 15m}, {@code 1h}, {@code 1d}, {@code 30s} or an ISO-8601 duration such as {@code PT15M}. */
    public static BucketSize parse(String text) {
        return new BucketSize(parseDuration(text).toMillis());
    }

    /** The short duration syntax used by every option: {@code 500ms}, {@code 30s}, {@code 15m}, {@code 1h}, {@code 7d}. */
    public static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            switch (t.charAt(t.length() - 1)) {
                case 's': return Duration.ofSeconds(n);
                case 'm': return Duration.ofMinutes(n);
                case 'h': return Duration.ofHours(n);
                case 'd': return Duration.ofDays(n);
                case 'w': return Duration.ofDays(7 * n);
                default: break;
            }
        } catch (RuntimeException e) {
            // fall through to the readable message below
        }
        throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 30s, 15m, 1h, 1d or PT15M)");
    }

    public long millis() {
        return millis;
    }

    /** Start of the bucket that holds {@code timestamp}. */
    public long start(long timestamp) {
        return Math.floorDiv(timestamp, millis) * millis;
    }

    /** Exclusive end of the bucket starting at {@code start}. */
    public long end(long start) {
        return start + millis;
    }

    /** The last millisecond of the bucket: its event-time timer fires when the watermark reaches it. */
    public long closeTime(long start) {
        return start + millis - 1;
    }

    /** Number of whole buckets from {@code fromStart} to {@code toStart}. */
    public long bucketsBetween(long fromStart, long toStart) {
        return (toStart - fromStart) / millis;
    }

    /**
     * The season length in buckets that the forecasters use: a week for daily or coarser buckets,
     * a day for hourly-or-finer ones (when a day is a whole number of buckets), else none (0).
     */
    public int seasonPeriod() {
        if (millis >= DAY) {
            return millis == DAY ? 7 : 0;
        }
        if (DAY % millis == 0 && millis >= HOUR / 4) {
            return (int) (DAY / millis);
        }
        return 0;
    }

    /** Short form, the inverse of {@link #parse}. */
    @Override
    public String toString() {
        if (millis % DAY == 0) {
            return millis / DAY + "d";
        }
        if (millis % HOUR == 0) {
            return millis / HOUR + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        return millis / 1000 + "s";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BucketSize && ((BucketSize) o).millis == millis;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(millis);
    }
}
