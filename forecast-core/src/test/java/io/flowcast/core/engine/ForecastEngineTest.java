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
        return e.close(t, st, "A", T0 + i * HOUR, sum, null, endOfInput, 7L);
    }

    @Test
    void shouldScheduleTheEarliestBucketOfANewProductAndForecastWhenItCloses() {
        assertThat(engine.onSum(t, T0 + HOUR, T0 + HOUR + 5)).isFalse();
        assertThat(t.nextCloseTimer).isEqualTo(HOURLY.closeTime(T0 + HOUR));
        assertThat(engine.onSum(t, T0, T0 + 5)).as("an earlier bucket moves the timer back").isFalse();
        assertThat(t.nextCloseTimer).isEqualTo(HOURLY.closeTime(T0));

        Emission e = close(engine, 0, sum(4), false);

        Forecast f = e.forecast();
        assertThat(f.productId).isEqualTo("A");
        assertThat(f.bucketStart).isEqualTo(T0);
        assertThat(f.actual).isEqualTo(4.0);
        assertThat(f.actualOrders).isEqualTo(1);
        assertThat(f.steps).extracting(s -> s.point).containsExactly(4.0, 4.0);
        assertThat(f.forecaster).isEqualTo("moving-average");
        assertThat(f.modelVersion).isEqualTo(ForecastEngine.BASELINE);
        assertThat(f.producedAt).isEqualTo(7L);
        assertThat(e.alerts()).isEmpty();
        assertThat(t.nextCloseTimer).isEqualTo(HOURLY.closeTime(T0 + HOUR));
    }

    @Test
    void shouldCloseABucketWithoutOrdersAsZeroDemand() {
        engine.onSum(t, T0, T0);
        close(engine, 0, sum(4), false);
        Forecast f = close(engine, 1, null, false).forecast();
        assertThat(f.actual).isZero();
        assertThat(f.steps[0].point).isEqualTo(2.0); // mean of [4, 0]
    }

    @Test
    void shouldCorrectAClosedBucketWithALateSumAsTheNextRevision() {
        engine.onSum(t, T0, T0);
        close(engine, 0, sum(4), false);
        close(engine, 1, null, false);

        assertThat(engine.onSum(t, T0, T0 + 10)).as("bucket 0 is closed").isTrue();
        Emission e = engine.correct(t, st, "A", T0, sum(2), null, 8L);

        assertThat(e.forecast().bucketStart).as("the newest bucket is re-forecast").isEqualTo(T0 + HOUR);
        assertThat(e.forecast().revision).isEqualTo(1);
        assertThat(e.forecast().steps[0].point).isEqualTo(3.0); // mean of [6, 0]
        assertThat(st.history.units(0)).isEqualTo(6.0);
    }

    @Test
    void shouldNotPlaceALateSumOlderThanTheHistory() {
        engine.onSum(t, T0, T0);
        for (int i = 0; i <= LOOKBACK; i++) {
            close(engine, i, i == 0 ? sum(4) : sum(1), false);
        }
        assertThat(engine.onSum(t, T0, T0)).isTrue();
        assertThat(engine.correct(t, st, "A", T0, sum(2), null, 8L)).isNull();
        DeadLetter d = engine.unplaceable("{}", 9L);
        assertThat(d.reason).isEqualTo(DeadLetter.Reason.LATE.name());
        assertThat(d.time).isEqualTo(9L);
    }

    @Test
    void shouldExpireAfterAWholeLookbackWithoutSalesAndStartOverFromWaitingOrders() {
        engine.onSum(t, T0, T0);
        close(engine, 0, sum(4), false);
        for (int i = 1; i < LOOKBACK; i++) {
            assertThat(engine.isIdle(t, T0 + i * HOUR, false)).isFalse();
            close(engine, i, null, false);
        }
        long idleBucket = engine.bucketClosedAt(t.nextCloseTimer);
        assertThat(engine.isIdle(t, idleBucket, true)).as("a bucket with a sum is no idle bucket").isFalse();
        assertThat(engine.isIdle(t, idleBucket, false)).isTrue();

        assertThat(engine.expire(t, ForecastEngine.NO_TIMER)).as("nothing waiting: forget it all").isNull();
        ProductTimeline fresh = engine.expire(t, T0 + 9 * HOUR);
        assertThat(fresh.hasClosedBuckets()).isFalse();
        assertThat(fresh.nextCloseTimer).isEqualTo(HOURLY.closeTime(T0 + 9 * HOUR));
        assertThat(engine.afterExpiry(st)).as("alerts off: nothing to keep").isNull();
    }

    @Test
    void shouldStopAtTheLastOrderWhenTheInputEnds() {
        engine.onSum(t, T0, T0);
        engine.onSum(t, T0 + 2 * HOUR, T0 + 2 * HOUR + 1);
        close(engine, 0, sum(1), true);
        close(engine, 1, null, true);
        close(engine, 2, sum(2), true);
        assertThat(t.nextCloseTimer).isEqualTo(ForecastEngine.NO_TIMER);
    }

    @Test
    void shouldJudgeTheAlertRulesOnEachForecastAndKeepTheirStateThroughAnExpiry() {
        ForecastEngine withAlerts = new ForecastEngine(settings(new AlertRules(1.0, 1e-3, 6.0, 0.5, 3, 5.0, 24, 1.5, 0)));
        withAlerts.onSum(t, T0, T0);
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
        EngineSettings auto = new EngineSettings(daily, 56, 7, 50, Duration.ZERO, "auto", 14, null,
                io.flowcast.core.calendar.HolidayCalendar.parse("uk"), true);
        ForecastEngine e = new ForecastEngine(auto);
        ProductTimeline tl = new ProductTimeline();
        ProductState ps = null;
        Forecast f = null;
        // six weeks from Monday 2025-01-06: 5 + (i % 3) units a day, nothing on Saturdays
        for (int i = 0; i < 42; i++) {
            long start = T0 + i * day;
            boolean saturday = i % 7 == 5;
            e.onSum(tl, start, start);
            ps = e.stateFor(ps);
            f = e.close(tl, ps, "A", start, saturday ? null : sum(5 + (i % 3)), null, false, 7L).forecast();
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
}
