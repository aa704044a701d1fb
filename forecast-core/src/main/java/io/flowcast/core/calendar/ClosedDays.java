package io.flowcast.core.calendar;

import io.flowcast.core.buckets.BucketHistory;
import io.flowcast.core.buckets.DemandSeries;
import io.flowcast.core.forecast.Forecaster;

/**
 * The days a product does not sell because the shop is closed, learnt from its own daily history:
 * a weekday is closed when its most recent occurrences (holidays skipped) are a run of zero days
 * that a product selling at its usual rate on the other days would show by chance with probability
 * below {@link #ALPHA}, i.e. (1 - p)^run < ALPHA, p = share of selling days on the other open
 * weekdays, run at least {@link #MIN_RUN}; public holidays ({@link HolidayCalendar}) are closed when
 * the product sold nothing on its most recent ones with (1 - p)^run < {@link #HOLIDAY_ALPHA}
 * (holidays are rare: less evidence is enough, and they are known in advance).
 *
 * <p>A product whose "closed" weekdays would be most of the week is out of stock or dying, not
 * facing a closed shop: then no weekday is closed. Only daily buckets have closed days; for other
 * bucket sizes {@link #isClosed} is always false. Learnt afresh from the history at each use (one
 * pass over at most the lookback), so it needs no state of its own.
 */
public final class ClosedDays { // not thread-safe: learnt and used by one caller
    public static final double ALPHA = 0.01;
    public static final double HOLIDAY_ALPHA = 0.05;
    public static final int MIN_RUN = 4;
    /** More closed weekdays than this means a stock-out, not opening hours. */
    public static final int MAX_CLOSED_WEEKDAYS = 3;
    private static final long DAY = 86_400_000L;
    private static final ClosedDays NEVER = new ClosedDays(new boolean[7], false, HolidayCalendar.none());

    private final boolean[] weekday;
    private final boolean holidays;
    private final HolidayCalendar calendar;
    private DemandSeries openOf;
    private OpenDaySeries open;

    private ClosedDays(boolean[] weekday, boolean holidays, HolidayCalendar calendar) {
        this.weekday = weekday;
        this.holidays = holidays;
        this.calendar = calendar;
    }

    public static ClosedDays never() {
        return NEVER;
    }

    /** Learns the closed days from {@code series} (daily buckets; any other size: never closed). */
    public static ClosedDays learn(DemandSeries series, HolidayCalendar calendar) {
        int n = series.length();
        if (series.bucketSizeMillis() != DAY || n == 0) {
            return NEVER;
        }
        int[] days = new int[7];
        int[] sells = new int[7];
        int[] run = new int[7];
        boolean[] runOver = new boolean[7];
        int holidayRun = 0;
        boolean holidayRunOver = false;
        // one pass from the newest day back, day numbers counted down (the series is evenly spaced), over
        // the history's own ring (no copy: this runs at every close of every product and model)
        double[] units = series instanceof BucketHistory h ? h.units : series.unitsArray();
        int slot = series instanceof BucketHistory h ? h.head : n - 1;
        long day = Math.floorDiv(series.bucketStart(n - 1), DAY);
        int wd = weekdayOfDay(day);
        for (int i = n - 1; i >= 0; i--, day--, wd = wd == 0 ? 6 : wd - 1, slot = slot == 0 ? units.length - 1 : slot - 1) {
            boolean sold = units[slot] > 0;
            if (calendar.isHolidayDay(day)) {
                if (!holidayRunOver) {
                    if (sold) {
                        holidayRunOver = true;
                    } else {
                        holidayRun++;
                    }
                }
                continue;
            }
            days[wd]++;
            if (sold) {
                sells[wd]++;
                runOver[wd] = true;
            } else if (!runOver[wd]) {
                run[wd]++;
            }
        }
        boolean[] closed = new boolean[7];
        // twice: the second pass leaves the weekdays found closed out of the selling rate (when the
        // first found none closed, the second would ask the same questions: skip it)
        for (int pass = 0; pass < 2; pass++) {
            boolean[] next = new boolean[7];
            boolean any = false;
            for (int w = 0; w < 7; w++) {
                next[w] = run[w] >= MIN_RUN && powBelow(1 - sellingRate(days, sells, closed, w), run[w], ALPHA);
                any |= next[w];
            }
            closed = next;
            if (!any) {
                break;
            }
        }
        int count = 0;
        for (boolean c : closed) {
            count += c ? 1 : 0;
        }
        if (count > MAX_CLOSED_WEEKDAYS) {
            closed = new boolean[7];
        }
        boolean holidaysClosed = holidayRun > 0
                && powBelow(1 - sellingRate(days, sells, closed, -1), holidayRun, HOLIDAY_ALPHA);
        return count == 0 && !holidaysClosed ? NEVER : new ClosedDays(closed, holidaysClosed, calendar);
    }

    /** Runs up to this long are decided by a table ({@link #powBelow}); longer ones by Math.pow. */
    private static final int TABLE_RUNS = 400;
    private static final double[] ALPHA_AT = limits(ALPHA);
    private static final double[] HOLIDAY_ALPHA_AT = limits(HOLIDAY_ALPHA);

    /**
     * {@code Math.pow(q, n) < limit} for 0 <= q <= 1, n >= 1, with Math.pow's answer but without
     * calling it (it was a fifth of a replay's CPU): Math.pow is semi-monotonic (its contract), so for
     * a given n the q it puts below the limit are those below one threshold, found once per n.
     */
    static boolean powBelow(double q, int n, double limit) {
        double[] at = limit == ALPHA ? ALPHA_AT : limit == HOLIDAY_ALPHA ? HOLIDAY_ALPHA_AT : null;
        if (at == null || n >= at.length) {
            return Math.pow(q, n) < limit;
        }
        return q < at[n];
    }

    /** Per run n: the smallest q in [0, 1] with Math.pow(q, n) >= limit (binary search over the doubles). */
    private static double[] limits(double limit) {
        double[] at = new double[TABLE_RUNS];
        for (int n = 1; n < TABLE_RUNS; n++) {
            long lo = 0; // Math.pow(0, n) = 0 < limit
            long hi = Double.doubleToLongBits(1.0); // Math.pow(1, n) = 1 >= limit; positive doubles order as their bits
            while (hi - lo > 1) {
                long mid = (lo + hi) >>> 1;
                if (Math.pow(Double.longBitsToDouble(mid), n) < limit) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            at[n] = Double.longBitsToDouble(hi);
        }
        return at;
    }

    private static double sellingRate(int[] days, int[] sells, boolean[] closed, int except) {
        long d = 0;
        long s = 0;
        for (int v = 0; v < 7; v++) {
            if (v != except && !closed[v]) {
                d += days[v];
                s += sells[v];
            }
        }
        return d == 0 ? 0 : (double) s / d;
    }

    /** 0 = Monday .. 6 = Sunday, of the UTC day of an epoch-millis instant. */
    static int weekday(long epochMillis) {
        return weekdayOfDay(Math.floorDiv(epochMillis, DAY));
    }

    private static int weekdayOfDay(long day) {
        return (int) Math.floorMod(day + 3, 7L); // 1970-01-01 was a Thursday
    }

    /** Whether the bucket starting at {@code bucketStart} is a closed day. */
    public boolean isClosed(long bucketStart) {
        if (this == NEVER) {
            return false;
        }
        return weekday[weekday(bucketStart)] || (holidays && calendar.isHoliday(bucketStart));
    }

    /**
     * {@code forecaster}'s point forecast for steps 1..horizon with the closed days known: closed
     * steps are 0; a forecaster that models the season sees the series as it is, any other sees
     * only the open days ({@link OpenDaySeries}) and its k-th step goes to the k-th open day ahead.
     */
    public double[] forecast(Forecaster forecaster, DemandSeries series, int horizon) {
        if (this == NEVER || series.length() == 0) {
            return forecaster.forecast(series, horizon);
        }
        long newest = series.bucketStart(series.length() - 1);
        long size = series.bucketSizeMillis();
        double[] out;
        if (forecaster.usesSeason()) {
            out = forecaster.forecast(series, horizon);
        } else {
            if (openOf != series) { // built once per history: every non-seasonal candidate reads the same view
                open = new OpenDaySeries(series, this);
                openOf = series;
            }
            double[] flat = open.length() == 0 ? new double[horizon] : forecaster.forecast(open, horizon);
            out = new double[horizon];
            int k = 0;
            for (int h = 1; h <= horizon; h++) {
                if (!isClosed(newest + h * size)) {
                    out[h - 1] = flat[k++];
                }
            }
        }
        for (int h = 1; h <= horizon; h++) {
            if (isClosed(newest + h * size)) {
                out[h - 1] = 0;
            }
        }
        return out;
    }

    /** True if any day is closed. */
    public boolean any() {
        return this != NEVER;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ClosedDays{");
        String[] names = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
        for (int w = 0; w < 7; w++) {
            if (weekday[w]) {
                sb.append(names[w]).append(' ');
            }
        }
        return sb.append(holidays ? "holidays}" : "}").toString();
    }
}
