package io.flowcast.job.records;

import io.flowcast.core.events.DeadLetter;
import io.flowcast.core.events.OrderEvent;

/**
 * What the Kafka source emits for each record: the order, or the dead letter it became. Parsing
 * in the source lets the watermarks be per Kafka partition (idle partitions handled there).
 */
public class ParsedOrder {
    public OrderEvent order;
    public DeadLetter deadLetter;

    public ParsedOrder() {}

    public static ParsedOrder ok(OrderEvent order) {
        ParsedOrder p = new ParsedOrder();
        p.order = order;
        return p;
    }

    public static ParsedOrder bad(DeadLetter deadLetter) {
        ParsedOrder p = new ParsedOrder();
        p.deadLetter = deadLetter;
        return p;
    }

    /** Event time for the watermark; dead letters never move it. */
    public long eventTime() {
        return order != null ? order.eventTime : Long.MIN_VALUE;
    }
}
