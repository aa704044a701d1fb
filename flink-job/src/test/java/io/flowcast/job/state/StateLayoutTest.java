package io.flowcast.job.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.core.buckets.BucketAggregate;
import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.engine.EngineSettings;
import io.flowcast.core.engine.ModelServing;
import io.flowcast.core.events.Forecast;
import io.flowcast.job.functions.ProductForecastFunction;
import io.flowcast.job.records.BucketDelta;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;

/**
 * State schema evolution of the keyed operator. A checkpoint of the POJO layout from before issue 13
 * (written by that code: src/test/resources/state/) fails to restore with a message naming its class;
 * a checkpoint of the current layout restores and forecasts on.
 */
class StateLayoutTest {
    private static final BucketSize HOURLY = BucketSize.parse("1h");
    private static final long T0 = Instant.parse("2025-01-06T00:00:00Z").toEpochMilli();

    private static KeyedBroadcastOperatorTestHarness<String, BucketDelta, String, Forecast> harness() throws Exception {
        EngineSettings settings = new EngineSettings(HOURLY, 24, 2, 10, Duration.ZERO, "moving-average", 2, null);
        ProductForecastFunction fn = new ProductForecastFunction(settings, null,
                new ModelServing(settings, "m", null, List.of()));
        return new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(fn,
                List.of(KeyedStates.MODELS)), d -> d.productId, Types.STRING, 1, 1, 0);
    }

    private static void sell(KeyedBroadcastOperatorTestHarness<String, BucketDelta, String, Forecast> h, int hour)
            throws Exception {
        long start = T0 + hour * HOURLY.millis();
        h.processElement(new BucketDelta("A", start, new BucketAggregate(4, 8, 1, 0), start + 1), start);
    }

    @Test
    void shouldFailToRestoreThePojoLayoutNamingItsClass() throws Exception {
        OperatorSubtaskState old = OperatorSnapshotUtil.readStateHandle(
                "src/test/resources/state/pojo-layout-product-forecast.snapshot");
        var h = harness();
        // the state backend cannot read the old POJO serializer's snapshot: the restore fails before any
        // record is processed, naming the class of that layout (docs/benchmarks.md, "State layout")
        assertThatThrownBy(() -> h.initializeState(old))
                .hasStackTraceContaining("Could not find class 'io.flowcast.job.records.ProductState'");
        h.close();
    }

    @Test
    void shouldRestoreItsOwnLayoutAndForecastOn() throws Exception {
        assertRestoresAndForecastsOn(snapshotAfterThreeHours(true), true);
    }

    /**
     * The job compresses its keyed snapshots since session 11: a checkpoint written before, without
     * compression, restores (the flag travels in the snapshot), and one written with it restores
     * where compression is off again.
     */
    @Test
    void shouldRestoreACheckpointWrittenWithOrWithoutSnapshotCompression() throws Exception {
        OperatorSubtaskState plain = snapshotAfterThreeHours(false);
        OperatorSubtaskState compressed = snapshotAfterThreeHours(true);
        assertThat(plain.getManagedKeyedState().iterator().next().getStateSize())
                .as("the setting took effect").isNotEqualTo(compressed.getManagedKeyedState().iterator().next().getStateSize());
        assertRestoresAndForecastsOn(plain, true);
        assertRestoresAndForecastsOn(compressed, false);
    }

    private static OperatorSubtaskState snapshotAfterThreeHours(boolean compression) throws Exception {
        var h = harness();
        h.getExecutionConfig().setUseSnapshotCompression(compression);
        h.open();
        h.getTwoInputOperator().processWatermarkStatus2(WatermarkStatus.IDLE);
        sell(h, 0);
        sell(h, 1);
        sell(h, 2);
        h.processWatermark(HOURLY.closeTime(T0 + HOURLY.millis()));
        OperatorSubtaskState snapshot = h.snapshot(1L, 1L);
        h.close();
        return snapshot;
    }

    private static void assertRestoresAndForecastsOn(OperatorSubtaskState snapshot, boolean compression) throws Exception {
        var restored = harness();
        restored.getExecutionConfig().setUseSnapshotCompression(compression);
        restored.initializeState(snapshot);
        restored.open();
        restored.getTwoInputOperator().processWatermarkStatus2(WatermarkStatus.IDLE);
        restored.processWatermark(HOURLY.closeTime(T0 + 2 * HOURLY.millis()));
        // the open bucket 2 came through the checkpoint; the history of buckets 0 and 1 too: mean of [4, 4, 4]
        assertThat(restored.extractOutputValues()).extracting(f -> f.bucketStart + " " + f.actual + " " + f.steps[0].point)
                .containsExactly((T0 + 2 * HOURLY.millis()) + " 4.0 4.0");
        restored.close();
    }

    @Test
    void shouldRestoreEachValuesSerializerFromItsSnapshotAndTellTheTwoApart() throws Exception {
        for (CodecSerializer<?> s : List.of(CodecSerializer.PRODUCT_STATE, CodecSerializer.TIMELINE)) {
            assertThat(readBack(s).restoreSerializer()).isEqualTo(s); // Flink compares serializers by equals
            assertThat(compatibility(s, s).isCompatibleAsIs()).isTrue();
        }
        // the snapshot names the value: a timeline's serializer does not pass for the product state's
        assertThat(compatibility(CodecSerializer.TIMELINE, CodecSerializer.PRODUCT_STATE).isIncompatible()).isTrue();
        assertThat(readBack(CodecSerializer.TIMELINE).restoreSerializer()).isNotEqualTo(CodecSerializer.PRODUCT_STATE);
    }

    private static <T> TypeSerializerSnapshot<T> readBack(CodecSerializer<T> s) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, s.snapshotConfiguration());
        return TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), StateLayoutTest.class.getClassLoader());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TypeSerializerSchemaCompatibility<?> compatibility(CodecSerializer<?> written, CodecSerializer<?> now)
            throws Exception {
        TypeSerializerSnapshot old = readBack(written);
        return now.snapshotConfiguration().resolveSchemaCompatibility(old);
    }
}
