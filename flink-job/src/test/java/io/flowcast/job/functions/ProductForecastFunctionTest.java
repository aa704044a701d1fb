package io.flowcast.job.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.alerts.AlertRules;
import io.flowcast.core.buckets.BucketAggregate;
import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.engine.EngineSettings;
import io.flowcast.core.engine.ModelServing;
import io.flowcast.core.events.Alert;
import io.flowcast.core.events.Forecast;
import io.flowcast.job.records.BucketDelta;
import io.flowcast.job.state.KeyedStates;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProductForecastFunctionTest {
    private static final BucketSize HOURLY = BucketSize.parse("1h");
    private static final long HOUR = HOURLY.millis();
    private static final long BEGINNING = Instant.parse("2025-01-06T00:00:00Z").toEpochMilli();
    private static final long ONE_HOUR_LATER = BEGINNING + HOUR;
    private static final long TWO_HOURS_LATER = BEGINNING + 2 * HOUR;
    private static final int LOOKBACK = 4;
    private static final EngineSettings SETTINGS =
            new EngineSettings(HOURLY, LOOKBACK, 2, 10, Duration.ZERO, "moving-average", 2, null);

    private TestHarness harness;

    /** The keyed broadcast harness, with event time driven by the keyed input as in the job. */
    static final class TestHarness {
        final KeyedBroadcastOperatorTestHarness<String, BucketDelta, String, Forecast> h;

        TestHarness(ProductForecastFunction fn) throws Exception {
            h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(fn, d -> d.productId, Types.STRING,
                    KeyedStates.MODELS);
            // what ForecastPipeline.modelWatermarks() gives the model input: idle, it never holds event time back
            h.getTwoInputOperator().processWatermarkStatus2(WatermarkStatus.IDLE);
        }

        void processElement(BucketDelta d, long ts) throws Exception {
            h.processElement(d, ts);
        }

        void processModel(String json) throws Exception {
            h.processBroadcastElement(json, 0L);
        }

        void processWatermark(long ts) throws Exception {
            h.processWatermark(ts);
        }

        List<Alert> alerts() {
            var out = h.getSideOutput(ProductForecastFunction.ALERTS);
            return out == null ? List.of() : out.stream().map(r -> r.getValue()).toList();
        }

        List<Forecast> extractOutputValues() {
            return h.extractOutputValues();
        }

        int numKeyedStateEntries() {
            var backend = ((org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>) h.getOperator())
                    .getKeyedStateBackend();
            return ((org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>) backend).numKeyValueStateEntries();
        }

        int numEventTimeTimers() {
            return h.numEventTimeTimers();
        }

        void close() throws Exception {
            h.close();
        }
    }

    static ProductForecastFunction movingAverage() {
        return new ProductForecastFunction(SETTINGS, null, new ModelServing(SETTINGS, "m", null, List.of()));
    }

    @BeforeEach
    void setUp() throws Exception {
        // moving average: every expected point below is a plain mean worked out by hand
        harness = new TestHarness(movingAverage());
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static BucketDelta delta(String product, long bucketStart, double units) {
        return new BucketDelta(product, bucketStart, new BucketAggregate(units, units * 2.0, 1, 0), bucketStart + 1);
    }

    private static long closeOf(long bucketStart) {
        return HOURLY.closeTime(bucketStart);
    }

    @Test
    void shouldEmitOneForecastWhenTheWatermarkClosesTheBucket() throws Exception {
        harness.processElement(delta("A", BEGINNING, 3), BEGINNING);
        harness.processElement(delta("A", BEGINNING, 2), BEGINNING);
        harness.processWatermark(closeOf(BEGINNING) - 1);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processWatermark(closeOf(BEGINNING));

        List<Forecast> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        Forecast f = out.get(0);
        assertThat(f.productId).isEqualTo("A");
        assertThat(f.bucketStart).isEqualTo(BEGINNING);
        assertThat(f.actual).isEqualTo(5.0); // 3 + 2 from two partial sums
        assertThat(f.actualOrders).isEqualTo(2); // one order line in each partial sum
        assertThat(f.steps).hasSize(2);
        assertThat(f.steps[0].bucketStart).isEqualTo(ONE_HOUR_LATER);
        assertThat(f.steps[0].point).isEqualTo(5.0); // mean of [5]
        assertThat(f.expectedOrders).isEqualTo(2.0); // the same forecaster on the line counts: mean of [2]
        assertThat(f.revision).isZero();
        assertThat(f.forecaster).isEqualTo("moving-average");
    }

    @Test
    void shouldCloseABucketWithoutOrdersAsZeroDemand() throws Exception {
        harness.processElement(delta("A", BEGINNING, 4), BEGINNING);
        harness.processWatermark(closeOf(ONE_HOUR_LATER));

        List<Forecast> out = harness.extractOutputValues();
        assertThat(out).extracting(f -> f.bucketStart).containsExactly(BEGINNING, ONE_HOUR_LATER);
        assertThat(out.get(1).actual).isZero();
        assertThat(out.get(1).steps[0].point).isEqualTo(2.0); // mean of [4, 0]
    }

    @Test
    void shouldCorrectAClosedBucketWithALateSumAndReemitItsForecast() throws Exception {
        harness.processElement(delta("A", BEGINNING, 4), BEGINNING);
        harness.processWatermark(closeOf(BEGINNING));
        harness.processElement(delta("A", BEGINNING, 2), BEGINNING);

        List<Forecast> out = harness.extractOutputValues();
        assertThat(out).hasSize(2);
        assertThat(out.get(1).bucketStart).isEqualTo(BEGINNING);
        assertThat(out.get(1).revision).isEqualTo(1);
        assertThat(out.get(1).actual).isEqualTo(6.0);
        assertThat(out.get(1).steps[0].point).isEqualTo(6.0);
    }

    @Test
    void shouldKeepSumsForAnOpenBucketApartFromTheClosedOnes() throws Exception {
        harness.processElement(delta("A", BEGINNING, 1), BEGINNING);
        harness.processElement(delta("A", TWO_HOURS_LATER, 7), TWO_HOURS_LATER);
        harness.processWatermark(closeOf(ONE_HOUR_LATER));

        assertThat(harness.extractOutputValues()).extracting(f -> f.actual).containsExactly(1.0, 0.0);
        harness.processWatermark(closeOf(TWO_HOURS_LATER));
        assertThat(harness.extractOutputValues()).extracting(f -> f.actual).containsExactly(1.0, 0.0, 7.0);
    }

    @Test
    void shouldDropAllStateOfAProductIdleForTheWholeLookback() throws Exception {
        harness.processElement(delta("A", BEGINNING, 4), BEGINNING);
        harness.processWatermark(closeOf(BEGINNING + (LOOKBACK - 2) * HOUR));
        assertThat(harness.numKeyedStateEntries()).isGreaterThan(0);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processWatermark(closeOf(BEGINNING + LOOKBACK * HOUR));

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        // buckets 0..LOOKBACK-1 closed with a forecast each; the one that expired it emits none
        assertThat(harness.extractOutputValues()).hasSize(LOOKBACK);
    }

    @Test
    void shouldKeepProductsApart() throws Exception {
        harness.processElement(delta("A", BEGINNING, 1), BEGINNING);
        harness.processElement(delta("B", BEGINNING, 9), BEGINNING);
        harness.processWatermark(closeOf(BEGINNING));

        assertThat(harness.extractOutputValues())
                .extracting(f -> f.productId + "=" + f.actual)
                .containsExactlyInAnyOrder("A=1.0", "B=9.0");
    }

    @Test
    void shouldStopAtTheLastOrderWhenABoundedInputEnds() throws Exception {
        harness.processElement(delta("A", BEGINNING, 1), BEGINNING);
        harness.processElement(delta("A", TWO_HOURS_LATER, 2), TWO_HOURS_LATER);
        harness.processWatermark(Long.MAX_VALUE);

        assertThat(harness.extractOutputValues()).extracting(f -> f.actual).containsExactly(1.0, 0.0, 2.0);
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldStartOverFromOrdersThatArrivedEarlyWhenTheProductExpires() throws Exception {
        long comeback = BEGINNING + (LOOKBACK + 2) * HOUR;
        harness.processElement(delta("A", BEGINNING, 4), BEGINNING);
        // the next order is already here, far ahead of the watermark, when the idle bucket closes
        harness.processElement(delta("A", comeback, 9), comeback);
        harness.processWatermark(closeOf(comeback));

        List<Forecast> out = harness.extractOutputValues();
        // buckets 0..3 closed, bucket 4 expired the idle history, the comeback bucket starts afresh
        assertThat(out).extracting(f -> (f.bucketStart - BEGINNING) / HOUR).containsExactly(0L, 1L, 2L, 3L, (long) LOOKBACK + 2);
        Forecast fresh = out.get(out.size() - 1);
        assertThat(fresh.actual).isEqualTo(9.0);
        assertThat(fresh.steps[0].point).isEqualTo(9.0); // mean of [9]: a history of one bucket, as for a new product
    }

    @Test
    void shouldSendTheAlertsOfEachForecastToTheirSideOutputOnceEnabled() throws Exception {
        harness.close();
        ProductForecastFunction fn = new ProductForecastFunction(SETTINGS,
                new AlertRules(1.0, 1e-3, 6.0, 0.5, 3, 5.0, 24, 1.5, 0), new ModelServing(SETTINGS, "m", null, List.of()));
        fn.enableAlerts();
        harness = new TestHarness(fn);
        sellTenAnHourThenASpike();

        assertThat(harness.extractOutputValues()).hasSize(6);
        assertThat(harness.alerts()).extracting(a -> a.kind + " " + a.status + " @" + (a.bucketStart - BEGINNING) / HOUR)
                .containsExactly("SPIKE OPEN @5");
    }

    @Test
    void shouldJudgeNoAlertsUnlessEnabled() throws Exception {
        sellTenAnHourThenASpike();
        assertThat(harness.extractOutputValues()).hasSize(6);
        assertThat(harness.alerts()).isEmpty();
    }

    /** Five hours of 10 units in one line each, then 200 units in 20 lines: a spike for the alert rules. */
    private void sellTenAnHourThenASpike() throws Exception {
        for (int i = 0; i < 6; i++) {
            long start = BEGINNING + i * HOUR;
            BucketAggregate sum = i == 5 ? new BucketAggregate(200, 400, 20, 0) : new BucketAggregate(10, 20, 1, 0);
            harness.processElement(new BucketDelta("A", start, sum, start + 1), start);
        }
        harness.processWatermark(closeOf(BEGINNING + 5 * HOUR));
    }
}
