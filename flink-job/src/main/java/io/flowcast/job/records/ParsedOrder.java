package io.flowcast.job.records;

import io.flowcast.core.events.DeadLetter;
import io.flowcast.core.events.OrderEvent;

/**
 * What the Kafka source emits for each record: the order, or the dead letter it became. Parsing
 * in the source lets the watermarks be per Kafka partition (idle partitions handled there).
 *
 * <p>An order carries its raw bytes and where it came from until the dead-letter splitter has
 * judged it, so that a late or implausible order is dead-lettered with the record as it was sent.
 * Source and splitter are chained: the bytes pass by reference, never serialized.
 */
public class ParsedOrder {
    public OrderEvent order;
    public DeadLetter deadLetter;
    /** The record as read from Kafka; null for orders made in memory (tests, files). */
    public byte[] raw;
    public String sourceTopic;
    public int sourcePartition = -1;
    public long sourceOffset = -1;
    /**
     * What this record may contribute to the watermark: the order's event time, or less when the
     * order lies implausibly far ahead of its partition's recent event times ({@link #ahead()}).
     */
    public long watermarkTime = Long.MIN_VALUE;

    public ParsedOrder() {}

    public static ParsedOrder ok(OrderEvent order) {
        ParsedOrder p = new ParsedOrder();
        p.order = order;
        p.watermarkTime = order.eventTime;
        return p;
    }

    public static ParsedOrder bad(DeadLetter deadLetter) {
        ParsedOrder p = new ParsedOrder();
        p.deadLetter = deadLetter;
        return p;
    }

    /** Sets where the record came from. */
    public ParsedOrder from(byte[] raw, String topic, int partition, long offset) {
        this.raw = raw;
        this.sourceTopic = topic;
        this.sourcePartition = partition;
        this.sourceOffset = offset;
        return this;
    }

    /** Time for the watermark; dead letters never move it, orders judged ahead move it less or not at all. */
    public long eventTime() {
        return order != null ? watermarkTime : Long.MIN_VALUE;
    }

    /** An order too far ahead of its partition's recent event times to be taken now: held until the stream catches up. */
    public boolean ahead() {
        return order != null && watermarkTime < order.eventTime;
    }
}
