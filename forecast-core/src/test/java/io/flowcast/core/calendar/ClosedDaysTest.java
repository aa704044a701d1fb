package io.flowcast.core.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.buckets.ArraySeries;
import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.forecast.MovingAverageForecaster;
import io.flowcast.core.forecast.SeasonalNaiveForecaster;
import java.time.LocalDate;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClosedDaysTest {
    private static final BucketSize DAILY = BucketSize.parse("1d");
    private static final long DAY = DAILY.millis();

    private static long start(LocalDate d) {
        return d.toEpochDay() * DAY;
    }

    /** Ten weeks from Monday 2011-03-07 selling {@code units} a day, nothing on Saturdays and on UK holidays. */
    private static ArraySeries shopSeries(double units, int days) {
        LocalDate first = LocalDate.of(2011, 3, 7);
        HolidayCalendar uk = HolidayCalendar.parse("uk");
        double[] y = new double[days];
        for (int i = 0; i < days; i++) {
            LocalDate d = first.plusDays(i);
            y[i] = d.getDayOfWeek().getValue() == 6 || uk.isHoliday(d) ? 0 : units;
        }
        return ArraySeries.of(DAILY, start(first), y);
    }

    @Test
    void shouldLearnAClosedSaturdayAndForecastItAsZeroWhileOpenDaysAverageOnlyOpenDays() {
        ArraySeries s = shopSeries(6, 70); // to Sunday 2011-05-15
        ClosedDays closed = ClosedDays.learn(s, HolidayCalendar.none());
        assertThat(closed.isClosed(start(LocalDate.of(2011, 5, 21)))).isTrue(); // a Saturday
        assertThat(closed.isClosed(start(LocalDate.of(2011, 5, 20)))).isFalse();
        // next 7 days Mon 16 .. Sun 22: the 7-day mean over all days would be 36/7 = 5.14 on open days
        // (the Saturday's zero and the 2 May holiday in the window); over open days it is 6
        double[] f = closed.forecast(new MovingAverageForecaster(7), s, 7);
        assertThat(f).containsExactly(6, 6, 6, 6, 6, 0, 6);
        // a seasonal forecaster sees the series as it is: last Saturday was 0 anyway
        assertThat(closed.forecast(new SeasonalNaiveForecaster(7), s, 7)).containsExactly(6, 6, 6, 6, 6, 0, 6);
    }

    @Test
    void shouldCloseHolidaysTheProductNeverSoldOn() {
        ArraySeries s = shopSeries(6, 175); // 2011-03-07 .. 2011-08-28: five holidays without sales
        ClosedDays closed = ClosedDays.learn(s, HolidayCalendar.parse("uk"));
        assertThat(closed.isClosed(start(LocalDate.of(2011, 8, 29)))).isTrue(); // summer bank holiday
        assertThat(closed.isClosed(start(LocalDate.of(2011, 8, 30)))).isFalse();
        // without a calendar the holiday is an ordinary Monday
        assertThat(ClosedDays.learn(s, HolidayCalendar.none()).isClosed(start(LocalDate.of(2011, 8, 29)))).isFalse();
    }

    @Test
    void shouldNotCloseADayThatASlowSellerMissesByChance() {
        // sells on about 20% of days: ten Saturdays without a sale happen by chance ((0.8)^10 = 0.11 > 0.01)
        Random r = new Random(7);
        double[] y = new double[70];
        for (int i = 0; i < y.length; i++) {
            boolean saturday = (i % 7) == 5;
            y[i] = !saturday && r.nextDouble() < 0.2 ? 3 : 0;
        }
        ClosedDays closed = ClosedDays.learn(ArraySeries.of(DAILY, start(LocalDate.of(2011, 3, 7)), y), HolidayCalendar.none());
        assertThat(closed.any()).isFalse();
    }

    @Test
    void shouldTreatAProductSellingNothingAllWeekAsOutOfStockNotClosed() {
        double[] y = new double[70];
        for (int i = 0; i < 42; i++) {
            y[i] = 5; // sold daily for six weeks, then four weeks of nothing
        }
        ClosedDays closed = ClosedDays.learn(ArraySeries.of(DAILY, start(LocalDate.of(2011, 3, 7)), y), HolidayCalendar.none());
        assertThat(closed.any()).isFalse();
    }

    @Test
    void shouldHaveNoClosedDaysForHourlyBuckets() {
        double[] y = new double[24 * 21];
        assertThat(ClosedDays.learn(ArraySeries.of(BucketSize.parse("1h"), 0, y), HolidayCalendar.parse("uk")).any()).isFalse();
    }

    @Test
    void shouldDecideTheRunTestAsMathPowDoesForEverySellingRateOfAYearOfDays() {
        int disagreements = 0;
        int below = 0;
        for (int days = 1; days <= 366; days++) {
            for (int sells = 0; sells <= days; sells++) {
                double q = 1 - (double) sells / days; // as the learner computes it
                for (int run = 1; run <= 60; run++) {
                    for (double limit : new double[] {ClosedDays.ALPHA, ClosedDays.HOLIDAY_ALPHA}) {
                        boolean expected = Math.pow(q, run) < limit;
                        below += expected ? 1 : 0;
                        disagreements += ClosedDays.powBelow(q, run, limit) == expected ? 0 : 1;
                    }
                }
            }
        }
        assertThat(disagreements).isZero();
        assertThat(below).isPositive(); // both answers were asked for
    }

    @Test
    void shouldDecideTheRunTestAsMathPowDoesRightAtTheLimit() {
        for (double limit : new double[] {ClosedDays.ALPHA, ClosedDays.HOLIDAY_ALPHA}) {
            for (int run = 1; run <= 500; run++) { // past the table too
                double root = Math.pow(limit, 1.0 / run);
                for (double q : new double[] {Math.nextDown(Math.nextDown(root)), Math.nextDown(root), root,
                        Math.nextUp(root), Math.nextUp(Math.nextUp(root))}) {
                    assertThat(ClosedDays.powBelow(q, run, limit)).as("q=%s run=%d", q, run)
                            .isEqualTo(Math.pow(q, run) < limit);
                }
            }
        }
    }

    @Test
    void shouldLearnTheSameFromABucketHistoryWhoseRingWrappedAsFromItsUnits() {
        ArraySeries all = shopSeries(6, 175);
        HolidayCalendar uk = HolidayCalendar.parse("uk");
        io.flowcast.core.buckets.BucketHistory ring = new io.flowcast.core.buckets.BucketHistory(50, DAILY.millis());
        for (int i = 0; i < all.length(); i++) {
            ring.append(all.bucketStart(i), i % 11 == 3 ? null
                    : new io.flowcast.core.buckets.BucketAggregate(all.units(i) > 0 ? i % 5 : 0, 1, 1, 0));
            ArraySeries same = ArraySeries.of(DAILY, ring.bucketStart(0), ring.unitsArray());
            assertThat(ClosedDays.learn(ring, uk).toString()).as("day %d", i).isEqualTo(ClosedDays.learn(same, uk).toString());
            assertThat(ClosedDays.learn(ring, HolidayCalendar.none()).toString())
                    .isEqualTo(ClosedDays.learn(same, HolidayCalendar.none()).toString());
        }
        assertThat(ClosedDays.learn(ring, uk).toString()).contains("Sat"); // not only "never" compared with "never"
    }
}
