package io.flowcast.job.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.events.OrderEvent;
import io.flowcast.job.records.BucketDelta;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BucketPreAggregatorTest {
    private static final BucketSize HOURLY = BucketSize.parse("1h");
    private static final long BEGINNING = Instant.parse("2025-01-06T00:00:00Z").toEpochMilli();

    private OneInputStreamOperatorTestHarness<OrderEvent, BucketDelta> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = new OneInputStreamOperatorTestHarness<>(new BucketPreAggregator(HOURLY, 1000));
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void order(String product, long time, double qty) throws Exception {
        harness.processElement(new StreamRecord<>(new OrderEvent("o", product, qty, 2.0, time), time));
    }

    @Test
    void shouldSumOrdersPerProductAndBucketAndFlushThemBeforeTheWatermark() throws Exception {
        order("A", BEGINNING + 1, 2);
        order("A", BEGINNING + 2, 3);
        order("B", BEGINNING + 3, 1);
        order("A", BEGINNING + HOURLY.millis(), 4); // next bucket
        assertThat(harness.getOutput()).isEmpty();

        harness.processWatermark(new Watermark(BEGINNING + 10));

        List<Object> out = List.copyOf(harness.getOutput());
        assertThat(out).hasSize(4);
        assertThat(out.get(3)).isInstanceOf(Watermark.class); // the sums come first
        List<BucketDelta> sums = harness.extractOutputValues();
        assertThat(sums).extracting(d -> d.productId + "@" + (d.bucketStart - BEGINNING) + "=" + d.sum.units
                        + "/" + d.sum.orders + "/" + d.sum.revenue)
                .containsExactlyInAnyOrder("A@0=5.0/2/10.0", "B@0=1.0/1/2.0", "A@3600000=4.0/1/8.0");
    }

    @Test
    void shouldFlushEverythingBeforeACheckpointBarrier() throws Exception {
        order("A", BEGINNING + 1, 2);
        harness.prepareSnapshotPreBarrier(1L);
        assertThat(harness.extractOutputValues()).hasSize(1);
    }
}
