package io.flowcast.core.data;

import io.flowcast.core.events.OrderEvent;

/**
 * One record of the synthetic order stream, ready for a Kafka producer: key, JSON value and timestamp.
 * A bad record carries a payload the job must dead-letter; {@link #defect} says which rule it breaks.
 */
public final class GeneratedRecord {
    /** The product id (also for bad records, whose payload may lack it): Kafka partitions by it. */
    public final String key;
    /** UTF-8 JSON of an {@link OrderEvent} for good records; a broken payload for bad ones. */
    public final byte[] value;
    /**
     * Event time in epoch millis, the producer's record timestamp. For bad records it is the time the
     * good record would have had; the payload may say otherwise (unparseable or far-future time).
     */
    public final long eventTime;
    public final boolean bad;
    /** Which rule a bad record breaks; null for good records. */
    public final BadRecordKind defect;
    /** The order behind a good record (equal to what {@link #value} decodes to); null for bad records. */
    public final OrderEvent order;

    GeneratedRecord(String key, byte[] value, long eventTime, BadRecordKind defect, OrderEvent order) {
        this.key = key;
        this.value = value;
        this.eventTime = eventTime;
        this.bad = defect != null;
        this.defect = defect;
        this.order = order;
    }

    @Override
    public String toString() {
        return "GeneratedRecord{" + key + " t=" + eventTime + (bad ? " BAD " + defect : "") + " "
                + new String(value, java.nio.charset.StandardCharsets.UTF_8) + "}";
    }
}
