package io.flowcast.job.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.buckets.BucketAggregate;
import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.engine.EngineSettings;
import io.flowcast.core.engine.ForecastEngine;
import io.flowcast.core.engine.ProductState;
import io.flowcast.core.engine.ProductTimeline;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.junit.jupiter.api.Test;

class CodecSerializerTest {
    private static final BucketSize HOURLY = BucketSize.of(EngineSettings.DEFAULT_BUCKET_SIZE);

    /** A product's state after {@code closes} hourly closes of {@code auto}, selling every third hour. */
    private static ProductState stateAfter(int closes) {
        ForecastEngine engine = new ForecastEngine(new EngineSettings(HOURLY, EngineSettings.DEFAULT_LOOKBACK,
                EngineSettings.DEFAULT_HORIZON, EngineSettings.DEFAULT_RESIDUAL_WINDOW, Duration.ZERO, "auto",
                EngineSettings.DEFAULT_LSTM_MIN_HISTORY, null));
        ProductTimeline t = new ProductTimeline();
        ProductState st = null;
        long bucket = 1_700_006_400_000L;
        for (int i = 0; i < closes; i++) {
            if (i % 3 == 0) {
                engine.onSum(t, bucket, new BucketAggregate(1 + i % 5, 2.5 * (1 + i % 5), 1, 0), bucket + 1);
            }
            st = engine.stateFor(st);
            engine.close(t, st, "P1", bucket, null, false, 0);
            bucket += HOURLY.millis();
        }
        return st;
    }

    private static byte[] direct(ProductState st) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        CodecSerializer.PRODUCT_STATE.serialize(st, out);
        return out.getCopyOfBuffer();
    }

    @Test
    void aStreamGetsTheSameBytesAsAByteArrayValueAfterValue() throws Exception {
        ProductState large = stateAfter(300);
        ProductState small = stateAfter(4);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        DataOutputViewStreamWrapper view = new DataOutputViewStreamWrapper(stream); // as a heap snapshot writes
        CodecSerializer.PRODUCT_STATE.serialize(large, view);
        int afterLarge = stream.size();
        CodecSerializer.PRODUCT_STATE.serialize(small, view); // the scratch buffer must not carry the larger value's tail

        byte[] written = stream.toByteArray();
        byte[] largeBytes = direct(large);
        byte[] smallBytes = direct(small);
        assertThat(largeBytes.length).isGreaterThan(smallBytes.length * 2);
        assertThat(afterLarge).isEqualTo(largeBytes.length);
        assertThat(java.util.Arrays.copyOfRange(written, 0, afterLarge)).isEqualTo(largeBytes);
        assertThat(java.util.Arrays.copyOfRange(written, afterLarge, written.length)).isEqualTo(smallBytes);
    }

    @Test
    void aCopyIsEqualAndIndependentOfItsOriginal() throws Exception {
        ProductState large = stateAfter(300);
        ProductState small = stateAfter(4);
        ProductState largeCopy = CodecSerializer.PRODUCT_STATE.copy(large);
        ProductState smallCopy = CodecSerializer.PRODUCT_STATE.copy(small); // the thread's array held the larger value
        byte[] largeBefore = direct(large);
        assertThat(direct(largeCopy)).isEqualTo(largeBefore);
        assertThat(direct(smallCopy)).isEqualTo(direct(small));

        // while a snapshot runs the heap backend hands out the copy and writes the original: changing one leaves the other
        largeCopy.history.append(largeCopy.history.newestStart + HOURLY.millis(), null);
        largeCopy.errors.sortedResiduals[0] += 1;
        largeCopy.selection.sumSquares[0] += 1;
        assertThat(direct(large)).isEqualTo(largeBefore);
    }
}
