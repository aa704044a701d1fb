package io.flowcast.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.core.alerts.AlertRules;
import io.flowcast.core.buckets.BucketAggregate;
import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.events.Alert;
import io.flowcast.core.events.DeadLetter;
import io.flowcast.core.events.Forecast;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine alone, driven as the keyed operator drives it: no Flink anywhere. */
class ForecastEngineTest {
    private static final BucketSize HOURLY = BucketSize.parse("1h");
    private static final long HOUR = HOURLY.millis();
    private static final long T0 = Instant.parse("2025-01-06T00:00:00Z").toEpochMilli();
    private static final int LOOKBACK = 4;

    private final ForecastEngine engine = new ForecastEngine(settings(null));
    private final ProductTimeline t = new ProductTimeline();
    private ProductState st;

    private static EngineSettings settings(AlertRules rules) {
        return new EngineSettings(HOURLY, LOOKBACK, 2, 10, Duration.ZERO, "moving-average", 2, rules);
    }

    private static BucketAggregate sum(double units) {
        return new BucketAggregate(units, units * 2, 1, 0);
    }

    /** Closes the bucket {@code i} hours after T0, as the operator does when its timer fires. */
    private Emission close(ForecastEngine e, int i, BucketAggregate sum, boolean endOfInput) {
        assertThat(t.nextCloseTimer).isEqualTo(HOURLY.closeTime(T0 + i * HOUR));
        assertThat(e.bucketClosedAt(t.nextCloseTimer)).isEqualTo(T0 + i * HOUR);
        st = e.stateFor(st);
        if (sum != null) {
            e.onSum(t, T0 + i * HOUR, sum, T0 + i * HOUR);
        }
        return e.close(t, st, "A", T0 + i * HOUR, null, endOfInput, 7L);
    }

    @Test
    void shouldScheduleTheEarliestBucketOfANewProductAndForecastWhenItCloses() {
        assertThat(engine.onSum(t, T0 + HOUR, sum(1), T0 + HOUR + 5)).isFalse();
        assertThat(t.nextCloseTimer).isEqualTo(HOURLY.closeTime(T0 + HOUR));
        assertThat(engine.onSum(t, T0, sum(3), T0 + 5)).as("an earlier bucket moves the timer back").isFalse();
        assertThat(t.nextCloseTimer).isEqualTo(HOURLY.closeTime(T0));

        Emission e = close(engine, 0, sum(1), false); // 3 + 1 in bucket 0

        Forecast f = e.forecast();
        assertThat(f.productId).isEqualTo("A");
        assertThat(f.bucketStart).isEqualTo(T0);
        assertThat(f.actual).isEqualTo(4.0);
        assertThat(f.actualOrders).isEqualTo(2);
        assertThat(f.steps).extracting(s -> s.point).containsExactly(4.0, 4.0);
        assertThat(f.forecaster).isEqualTo("moving-average");
        assertThat(f.modelVersion).isEqualTo(ForecastEngine.BASELINE);
        assertThat(f.producedAt).isEqualTo(7L);
        assertThat(e.alerts()).isEmpty();
        assertThat(t.nextCloseTimer).isEqualTo(HOURLY.closeTime(T0 + HOUR));
        assertThat(close(engine, 1, null, false).forecast().actual).as("bucket 1's sum waited").isEqualTo(1.0);
    }

    @Test
    void shouldCloseABucketWithoutOrdersAsZeroDemand() {
        engine.onSum(t, T0, new BucketAggregate(), T0);
        close(engine, 0, sum(4), false);
        Forecast f = close(engine, 1, null, false).forecast();
        assertThat(f.actual).isZero();
        assertThat(f.steps[0].point).isEqualTo(2.0); // mean of [4, 0]
    }

    @Test
    void shouldCorrectAClosedBucketWithALateSumAsTheNextRevision() {
        engine.onSum(t, T0, new BucketAggregate(), T0);
        close(engine, 0, sum(4), false);
        close(engine, 1, null, false);

        assertThat(engine.onSum(t, T0, sum(2), T0 + 10)).as("bucket 0 is closed").isTrue();
        Emission e = engine.correct(t, st, "A", T0, sum(2), null, 8L, () -> "{}");

        assertThat(e.forecast().bucketStart).as("the newest bucket is re-forecast").isEqualTo(T0 + HOUR);
        assertThat(e.forecast().revision).isEqualTo(1);
        assertThat(e.forecast().steps[0].point).isEqualTo(3.0); // mean of [6, 0]
        assertThat(st.history.units(0)).isEqualTo(6.0);
    }

    @Test
    void shouldNotPlaceALateSumOlderThanTheHistory() {
        engine.onSum(t, T0, new BucketAggregate(), T0);
        for (int i = 0; i <= LOOKBACK; i++) {
            close(engine, i, i == 0 ? sum(4) : sum(1), false);
        }
        assertThat(engine.onSum(t, T0, sum(2), T0)).isTrue();
        Emission e = engine.correct(t, st, "A", T0, sum(2), null, 9L, () -> "{\"late\":1}");
        assertThat(e.forecast()).isNull();
        DeadLetter d = e.deadLetter();
        assertThat(d.reason).isEqualTo(DeadLetter.Reason.LATE.name());
        assertThat(d.time).isEqualTo(9L);
        assertThat(d.payload).contains("late");
    }

    @Test
    void shouldExpireAfterAWholeLookbackWithoutSalesAndStartOverFromWaitingOrders() {
        engine.onSum(t, T0, new BucketAggregate(), T0);
        close(engine, 0, sum(4), false);
        for (int i = 1; i < LOOKBACK; i++) {
            assertThat(engine.isIdle(t, T0 + i * HOUR)).isFalse();
            close(engine, i, null, false);
        }
        long idleBucket = engine.bucketClosedAt(t.nextCloseTimer);
        assertThat(engine.isIdle(t, idleBucket)).isTrue();
        assertThat(engine.expire(t)).as("nothing waiting: forget it all").isNull();

        engine.onSum(t, T0 + 9 * HOUR, sum(5), T0 + 9 * HOUR); // an order far ahead of the idle bucket
        assertThat(engine.isIdle(t, idleBucket)).isTrue();
        ProductTimeline fresh = engine.expire(t);
        assertThat(fresh.hasClosedBuckets()).isFalse();
        assertThat(fresh.nextCloseTimer).isEqualTo(HOURLY.closeTime(T0 + 9 * HOUR));
        assertThat(fresh.openSums).extracting(a -> a.units).containsExactly(5.0);
        assertThat(engine.afterExpiry(st)).as("alerts off: nothing to keep").isNull();
    }

    @Test
    void shouldStopAtTheLastOrderWhenTheInputEnds() {
        engine.onSum(t, T0, new BucketAggregate(), T0);
        engine.onSum(t, T0 + 2 * HOUR, sum(2), T0 + 2 * HOUR + 1);
        close(engine, 0, sum(1), true);
        close(engine, 1, null, true);
        close(engine, 2, null, true);
        assertThat(t.nextCloseTimer).isEqualTo(ForecastEngine.NO_TIMER);
    }

    @Test
    void shouldJudgeTheAlertRulesOnEachForecastAndKeepTheirStateThroughAnExpiry() {
        ForecastEngine withAlerts = new ForecastEngine(settings(new AlertRules(1.0, 1e-3, 6.0, 0.5, 3, 5.0, 24, 1.5, 0)));
        withAlerts.onSum(t, T0, new BucketAggregate(), T0);
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            alerts.addAll(close(withAlerts, i, i == 5 ? new BucketAggregate(200, 400, 20, 0) : sum(10), false).alerts());
        }
        assertThat(alerts).extracting(a -> a.kind + " " + a.status + " @" + (a.bucketStart - T0) / HOUR)
                .containsExactly("SPIKE OPEN @5");
        assertThat(st.alerts).isNotNull();
        ProductState kept = withAlerts.afterExpiry(st);
        assertThat(kept.history).isNull();
        assertThat(kept.alerts).isSameAs(st.alerts);
        ProductState restarted = withAlerts.stateFor(kept);
        assertThat(restarted.history.length()).isZero();
        assertThat(restarted.alerts).isSameAs(st.alerts);
    }

    @Test
    void shouldRefuseAnUnknownForecasterWhenTheSettingsAreMade() {
        assertThatThrownBy(() -> new EngineSettings(HOURLY, LOOKBACK, 2, 10, Duration.ZERO, "prophet", 2, null))
                .hasMessageContaining("unknown forecaster 'prophet'");
    }

    @Test
    void shouldForecastALearntClosedDayAsZeroWithAZeroWidthIntervalAndLeaveItOutOfTheResiduals() {
        BucketSize daily = BucketSize.parse("1d");
        long day = daily.millis();
        EngineSettings auto = new EngineSettings(daily, 56, 7, 50, Duration.ZERO, "auto", 14, null, 0,
                io.flowcast.core.calendar.HolidayCalendar.parse("uk"), true);
        ForecastEngine e = new ForecastEngine(auto);
        ProductTimeline tl = new ProductTimeline();
        ProductState ps = null;
        Forecast f = null;
        // six weeks from Monday 2025-01-06: 5 + (i % 3) units a day, nothing on Saturdays
        for (int i = 0; i < 42; i++) {
            long start = T0 + i * day;
            boolean saturday = i % 7 == 5;
            if (!saturday) {
                e.onSum(tl, start, sum(5 + (i % 3)), start);
            }
            ps = e.stateFor(ps);
            f = e.close(tl, ps, "A", start, null, false, 7L).forecast();
        }
        // the last bucket is Sunday 2025-02-16; step 6 is Saturday 2025-02-22
        assertThat(f.steps[5].bucketStart).isEqualTo(T0 + 47 * day);
        assertThat(f.steps[5].point).isZero();
        assertThat(f.steps[5].p10).isZero();
        assertThat(f.steps[5].p50).isZero();
        assertThat(f.steps[5].p90).isZero();
        for (int h : new int[] {0, 1, 2, 3, 4, 6}) {
            assertThat(f.steps[h].point).as("open day, step %d", h + 1).isBetween(5.0, 7.0);
            assertThat(f.steps[h].isConsistent()).isTrue();
            assertThat(f.steps[h].p90).as("open days keep a real interval").isGreaterThan(f.steps[h].p10);
        }
        // buckets 1..41 score the step-1 forecast of the day before: 41 residuals, less the Saturdays that
        // closed as learnt closed days (days 33 and 40: four zero Saturdays are needed first), 39
        assertThat(ps.errors.residualCount(1)).isEqualTo(39);
        assertThat(ps.selection).isNotNull();
    }

    @Test
    void shouldLetADormantProductSleepThroughEmptyBucketsAndFillThemInWhenItSellsAgain() {
        ForecastEngine dormant = new ForecastEngine(new EngineSettings(HOURLY, 12, 2, 10, Duration.ZERO, "moving-average",
                2, null, 3));
        ForecastEngine awake = new ForecastEngine(new EngineSettings(HOURLY, 12, 2, 10, Duration.ZERO, "moving-average",
                2, null, 0));
        ProductTimeline ta = new ProductTimeline();
        ProductState sa = awake.stateFor(null);
        dormant.onSum(t, T0, sum(6), T0);
        awake.onSum(ta, T0, sum(6), T0);
        List<Long> forecastBuckets = new ArrayList<>();
        Forecast last = null;
        Forecast lastAwake = null;
        for (int i = 0; i < 9; i++) {
            long start = T0 + i * HOUR;
            if (i == 8) {
                dormant.onSum(t, start, sum(4), start);
                awake.onSum(ta, start, sum(4), start);
            }
            if (dormant.isDormant(t, start)) {
                dormant.sleep(t, start, false);
            } else {
                st = dormant.stateFor(st);
                last = dormant.close(t, st, "A", start, null, false, 0).forecast();
                forecastBuckets.add((start - T0) / HOUR);
            }
            lastAwake = awake.close(ta, sa, "A", start, null, false, 0).forecast();
        }
        // sold at 0; empty 1..3 are forecast; 4..7 sleep (more than 3 buckets without a sale); 8 sells
        assertThat(forecastBuckets).containsExactly(0L, 1L, 2L, 3L, 8L);
        assertThat(st.history.unitsArray()).containsExactly(6, 0, 0, 0, 0, 0, 0, 0, 4);
        assertThat(last.steps[0].point).as("the same history: the same point").isEqualTo(lastAwake.steps[0].point);
        assertThat(t.nextCloseTimer).isEqualTo(HOURLY.closeTime(T0 + 9 * HOUR));
    }

    @Test
    void shouldFillInTheSleptBucketsBeforeALateSumCorrectsOne() {
        ForecastEngine dormant = new ForecastEngine(new EngineSettings(HOURLY, 12, 2, 10, Duration.ZERO, "moving-average",
                2, null, 1));
        dormant.onSum(t, T0, sum(6), T0);
        for (int i = 0; i < 5; i++) {
            long start = T0 + i * HOUR;
            if (dormant.isDormant(t, start)) {
                dormant.sleep(t, start, false);
            } else {
                st = dormant.stateFor(st);
                dormant.close(t, st, "A", start, null, false, 0);
            }
        }
        assertThat(st.history.length()).as("0 and 1 closed, 2..4 slept").isEqualTo(2);
        assertThat(dormant.onSum(t, T0 + 3 * HOUR, sum(2), T0 + 3 * HOUR)).isTrue();
        Forecast f = dormant.correct(t, st, "A", T0 + 3 * HOUR, sum(2), null, 0, () -> "{}").forecast();
        assertThat(st.history.unitsArray()).containsExactly(6, 0, 0, 2, 0);
        assertThat(f.bucketStart).isEqualTo(T0 + 4 * HOUR);
        assertThat(f.revision).isEqualTo(1);
    }

    @Test
    void shouldNotSleepWhileTheAlertRulesStillWatchTheProduct() {
        ForecastEngine withAlerts = new ForecastEngine(new EngineSettings(HOURLY, 12, 2, 10, Duration.ZERO,
                "moving-average", 2, new AlertRules(1.0, 1e-3, 6.0, 0.5, 3, 5.0, 24, 1.5, 0), 1));
        withAlerts.onSum(t, T0, sum(6), T0);
        for (int i = 0; i < 4; i++) {
            st = withAlerts.stateFor(st);
            withAlerts.close(t, st, "A", T0 + i * HOUR, null, false, 0);
        }
        assertThat(st.alerts).as("24 buckets of alert history are not all zero yet").isNotNull();
        assertThat(t.quiet).isFalse();
        assertThat(withAlerts.isDormant(t, T0 + 4 * HOUR)).isFalse();
    }
}
