package io.flowcast.job.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.events.DeadLetter;
import io.flowcast.core.events.OrderEvent;
import io.flowcast.job.records.ParsedOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Lateness, holding orders ahead of the stream, and dead letters that keep the record as sent and where it came from. */
class DeadLetterSplitterTest {
    private static final BucketSize HOURLY = BucketSize.parse("1h");
    private static final long BEGINNING = Instant.parse("2025-01-06T00:00:00Z").toEpochMilli();
    private static final long HOUR = HOURLY.millis();
    private static final Duration LATENESS = Duration.ofMinutes(5);
    private static final Duration LEAD = Duration.ofHours(1);

    private OneInputStreamOperatorTestHarness<ParsedOrder, OrderEvent> harness;
    private long offset;

    private static OneInputStreamOperatorTestHarness<ParsedOrder, OrderEvent> newHarness(int maxHeld) throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new DeadLetterSplitter(HOURLY, LATENESS, LEAD, maxHeld));
    }

    @BeforeEach
    void setUp() throws Exception {
        harness = newHarness(100);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    /** An order as the source emits it: raw bytes with an ISO time, provenance, and what it may add to the watermark. */
    private ParsedOrder order(String product, long time, long watermarkTime) {
        OrderEvent e = new OrderEvent("o" + offset, product, 1, 2.0, time);
        String raw = "{\"productId\":\"" + product + "\",\"quantity\":1,\"unitPrice\":2.0,\"eventTime\":\""
                + Instant.ofEpochMilli(time) + "\"}";
        ParsedOrder p = ParsedOrder.ok(e).from(raw.getBytes(StandardCharsets.UTF_8), "orders", 3, offset++);
        p.watermarkTime = watermarkTime;
        return p;
    }

    private void send(ParsedOrder p) throws Exception {
        harness.processElement(new StreamRecord<>(p, p.eventTime()));
    }

    private List<DeadLetter> deadLetters() {
        var side = harness.getSideOutput(DeadLetterSplitter.DEAD_LETTERS);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void shouldDeadLetterALateOrderWithTheRecordAsSentAndWhereItCameFrom() throws Exception {
        harness.processWatermark(new Watermark(HOURLY.closeTime(BEGINNING) + LATENESS.toMillis() - 1));
        send(order("A", BEGINNING + 5, BEGINNING + 5)); // inside the allowed lateness
        harness.processWatermark(new Watermark(HOURLY.closeTime(BEGINNING) + LATENESS.toMillis()));
        send(order("A", BEGINNING + 6, BEGINNING + 6)); // past it

        assertThat(harness.extractOutputValues()).extracting(e -> e.eventTime).containsExactly(BEGINNING + 5);
        List<DeadLetter> late = deadLetters();
        assertThat(late).hasSize(1);
        DeadLetter d = late.get(0);
        assertThat(d.reason).isEqualTo("LATE");
        assertThat(d.payload).contains("\"eventTime\":\"2025-01-06T00:00:00.006Z\""); // as sent, not re-serialized
        assertThat(d.sourceTopic).isEqualTo("orders");
        assertThat(d.sourcePartition).isEqualTo(3);
        assertThat(d.sourceOffset).isEqualTo(1);
    }

    @Test
    void shouldHoldAnOrderAheadOfItsPartitionAndReleaseItBeforeTheWatermarkThatComesWithinTheLead() throws Exception {
        send(order("A", BEGINNING + 60_000, BEGINNING + 60_000));
        send(order("A", BEGINNING + 3 * HOUR, BEGINNING + 60_000 + HOUR)); // ahead: contributes median + lead only
        assertThat(harness.extractOutputValues()).hasSize(1);

        harness.processWatermark(new Watermark(BEGINNING + HOUR));
        assertThat(harness.extractOutputValues()).hasSize(1); // 3 h is still more than the lead ahead
        harness.processWatermark(new Watermark(BEGINNING + 2 * HOUR));
        List<Object> out = List.copyOf(harness.getOutput());
        assertThat(harness.extractOutputValues()).extracting(e -> e.eventTime)
                .containsExactly(BEGINNING + 60_000, BEGINNING + 3 * HOUR);
        // the released order comes before the watermark that released it
        assertThat(out.get(out.size() - 1)).isEqualTo(new Watermark(BEGINNING + 2 * HOUR));
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void shouldKeepHeldOrdersAcrossARestore() throws Exception {
        send(order("A", BEGINNING + 60_000, BEGINNING + 60_000));
        send(order("A", BEGINNING + 3 * HOUR, BEGINNING + 60_000 + HOUR));
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        harness = newHarness(100);
        harness.initializeState(snapshot);
        harness.open();
        harness.processWatermark(new Watermark(BEGINNING + 2 * HOUR));
        assertThat(harness.extractOutputValues()).extracting(e -> e.eventTime).containsExactly(BEGINNING + 3 * HOUR);
    }

    @Test
    void shouldDeadLetterAsFutureTimeWhenTheHoldIsFullAndTakeWhatIsHeldWhenABoundedInputEnds() throws Exception {
        harness.close();
        harness = newHarness(2);
        harness.open();
        send(order("A", BEGINNING, BEGINNING));
        send(order("A", BEGINNING + 365L * 24 * HOUR, BEGINNING + HOUR)); // a year ahead: held
        send(order("A", BEGINNING + 3 * HOUR, BEGINNING + HOUR)); // held
        send(order("A", BEGINNING + 366L * 24 * HOUR, BEGINNING + HOUR)); // the hold is full
        assertThat(harness.extractOutputValues()).extracting(e -> e.eventTime).containsExactly(BEGINNING);

        List<DeadLetter> dead = deadLetters();
        assertThat(dead).extracting(d -> d.reason).containsExactly("FUTURE_TIME");
        assertThat(dead.get(0).detail).contains("--max-held-orders").contains("partition 3");
        assertThat(dead.get(0).sourceOffset).isEqualTo(3);
        assertThat(dead.get(0).payload).startsWith("{\"productId\":\"A\"");

        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(harness.extractOutputValues()).extracting(e -> e.eventTime)
                .containsExactly(BEGINNING, BEGINNING + 3 * HOUR, BEGINNING + 365L * 24 * HOUR);
    }

    @Test
    void shouldPassOnTheSourcesDeadLettersWithTheirReason() throws Exception {
        DeadLetter d = DeadLetter.of(DeadLetter.Reason.BAD_PRODUCT_ID, "productId must be a JSON string", "{}");
        harness.processElement(new StreamRecord<>(ParsedOrder.bad(d)));
        assertThat(deadLetters()).containsExactly(d);
        assertThat(harness.extractOutputValues()).isEmpty();
    }
}
