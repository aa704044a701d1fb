package io.flowcast.core.calendar;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Public holidays by date, from a named calendar or a file: {@code uk} (bank holidays of England and
 * Wales, by rule for any year plus the one-off ones), {@code none}, or a path to a file of ISO dates
 * (one per line, {@code #} comments). Whether a shop closes on them is learnt per product
 * ({@link ClosedDays}); this only says which days are holidays.
 */
public final class HolidayCalendar implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String UK = "uk";
    public static final String NONE = "none";
    /** One-off UK bank holidays (royal weddings, jubilees, coronation, funeral) and moved ones. */
    private static final List<LocalDate> UK_ONE_OFF = List.of(LocalDate.of(1999, 12, 31), LocalDate.of(2002, 6, 3),
            LocalDate.of(2002, 6, 4), LocalDate.of(2011, 4, 29), LocalDate.of(2012, 6, 4), LocalDate.of(2012, 6, 5),
            LocalDate.of(2020, 5, 8), LocalDate.of(2022, 6, 2), LocalDate.of(2022, 6, 3), LocalDate.of(2022, 9, 19),
            LocalDate.of(2023, 5, 8));
    /** Rule days that a one-off replaced in those years (the spring bank holiday moved to the jubilee, VE day). */
    private static final List<LocalDate> UK_NOT = List.of(LocalDate.of(2002, 5, 27), LocalDate.of(2012, 5, 28),
            LocalDate.of(2020, 5, 4), LocalDate.of(2022, 5, 30));

    /** Days (epoch day - FIRST_DAY) that are holidays, 1970-2199: a lookup per bucket must be cheap. */
    private static final long FIRST_DAY = 0;
    private static final long LAST_DAY = LocalDate.of(2199, 12, 31).toEpochDay();

    private final String name;
    private final boolean ukRules;
    private final Set<LocalDate> dates;
    private final BitSet days = new BitSet();

    private HolidayCalendar(String name, boolean ukRules, Set<LocalDate> dates) {
        this.name = name;
        this.ukRules = ukRules;
        this.dates = dates;
        for (long d = FIRST_DAY; ukRules && d <= LAST_DAY; d++) {
            LocalDate date = LocalDate.ofEpochDay(d);
            if (!UK_NOT.contains(date) && isUkRuleHoliday(date)) {
                days.set((int) d);
            }
        }
        for (LocalDate d : dates) {
            if (d.toEpochDay() >= FIRST_DAY && d.toEpochDay() <= LAST_DAY) {
                days.set((int) d.toEpochDay());
            }
        }
    }

    /** {@code uk}, {@code none}, or a file of ISO dates. */
    public static HolidayCalendar parse(String spec) {
        String s = spec == null ? NONE : spec.trim();
        switch (s.toLowerCase(Locale.ROOT)) {
            case "":
            case NONE:
                return new HolidayCalendar(NONE, false, Set.of());
            case UK:
                return new HolidayCalendar(UK, true, Set.copyOf(UK_ONE_OFF));
            default:
                try {
                    Set<LocalDate> dates = new HashSet<>();
                    for (String line : Files.readAllLines(Path.of(s))) {
                        String t = line.replaceAll("#.*", "").trim();
                        if (!t.isEmpty()) {
                            dates.add(LocalDate.parse(t));
                        }
                    }
                    return new HolidayCalendar(s, false, Set.copyOf(dates));
                } catch (IOException | RuntimeException e) {
                    throw new IllegalArgumentException("holidays: expected 'uk', 'none' or a file of ISO dates, got '"
                            + spec + "' (" + e.getMessage() + ")", e);
                }
        }
    }

    public static HolidayCalendar none() {
        return parse(NONE);
    }

    public String name() {
        return name;
    }

    public boolean isHoliday(LocalDate d) {
        if (dates.contains(d)) {
            return true;
        }
        return ukRules && !UK_NOT.contains(d) && isUkRuleHoliday(d);
    }

    /** The UTC day of an epoch-millis instant. */
    public boolean isHoliday(long epochMillis) {
        return isHolidayDay(Math.floorDiv(epochMillis, 86_400_000L));
    }

    /** Day {@code day} since 1970-01-01 (UTC). */
    public boolean isHolidayDay(long day) {
        if (day >= FIRST_DAY && day <= LAST_DAY) {
            return days.get((int) day);
        }
        return isHoliday(LocalDate.ofEpochDay(day));
    }

    /** England and Wales: New Year, Good Friday, Easter Monday, May Day, spring, summer, Christmas, Boxing Day (with substitute days). */
    static boolean isUkRuleHoliday(LocalDate d) {
        int y = d.getYear();
        LocalDate easter = easterSunday(y);
        if (d.equals(easter.minusDays(2)) || d.equals(easter.plusDays(1))) {
            return true;
        }
        if (d.equals(substitute(LocalDate.of(y, 1, 1)))) {
            return true;
        }
        if (d.equals(LocalDate.of(y, Month.MAY, 1).with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY)))
                || d.equals(LocalDate.of(y, Month.MAY, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)))
                || d.equals(LocalDate.of(y, Month.AUGUST, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)))) {
            return true;
        }
        LocalDate christmas = LocalDate.of(y, 12, 25);
        LocalDate boxing = LocalDate.of(y, 12, 26);
        LocalDate christmasObserved = substitute(christmas);
        LocalDate boxingObserved = substitute(boxing);
        if (boxingObserved.equals(christmasObserved) || !boxingObserved.isAfter(christmasObserved)) {
            boxingObserved = christmasObserved.plusDays(1);
        }
        // the days themselves stay holidays too (a shop closed on the 25th is closed on a Sunday as well)
        return d.equals(christmas) || d.equals(boxing) || d.equals(christmasObserved) || d.equals(boxingObserved);
    }

    /** A holiday on a weekend moves to the next Monday. */
    private static LocalDate substitute(LocalDate d) {
        return d.getDayOfWeek() == DayOfWeek.SATURDAY ? d.plusDays(2)
                : d.getDayOfWeek() == DayOfWeek.SUNDAY ? d.plusDays(1) : d;
    }

    /** Gregorian Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
    static LocalDate easterSunday(int y) {
        int a = y % 19;
        int b = y / 100;
        int c = y % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(y, month, day);
    }

    @Override
    public String toString() {
        return "HolidayCalendar(" + name + ")";
    }
}
