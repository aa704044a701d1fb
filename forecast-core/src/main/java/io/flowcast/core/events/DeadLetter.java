package io.flowcast.core.events;

import java.util.Objects;

/** A record the job could not use, on the {@code dead-letters} topic, with why and where it came from. */
public class DeadLetter {
    public static final int SCHEMA_VERSION = 1;

    public int schemaVersion = SCHEMA_VERSION;
    /** The raw payload as UTF-8 text when it decodes as such, else base64 (see {@link #payloadEncoding}). */
    public String payload;
    /** {@code "text"} or {@code "base64"}. */
    public String payloadEncoding = "text";
    /** A machine-readable reason code, one of {@link Reason}. */
    public String reason;
    /** What exactly was wrong, for a person. */
    public String detail;
    public String sourceTopic;
    public int sourcePartition = -1;
    public long sourceOffset = -1;
    /** When the record was dead-lettered, epoch millis. */
    public long time;

    public DeadLetter() {}

    /** Reason codes; dashboards group dead letters by these. */
    public enum Reason {
        MALFORMED_JSON, MISSING_FIELD, BAD_QUANTITY, BAD_PRICE, BAD_TIME, FUTURE_TIME, LATE, REJECTED_BY_IMPORT,
        /** productId not a JSON string, too long, or with control characters. */
        BAD_PRODUCT_ID,
        /** Another string field beyond its length limit. */
        BAD_FIELD,
        /** The whole record beyond the size limit. */
        TOO_LARGE
    }

    public static DeadLetter of(Reason reason, String detail, String payload) {
        DeadLetter d = new DeadLetter();
        d.reason = reason.name();
        d.detail = detail;
        d.payload = payload;
        return d;
    }

    public DeadLetter from(String topic, int partition, long offset) {
        this.sourceTopic = topic;
        this.sourcePartition = partition;
        this.sourceOffset = offset;
        return this;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DeadLetter)) {
            return false;
        }
        DeadLetter d = (DeadLetter) o;
        return sourcePartition == d.sourcePartition && sourceOffset == d.sourceOffset && time == d.time
                && Objects.equals(payload, d.payload) && Objects.equals(payloadEncoding, d.payloadEncoding)
                && Objects.equals(reason, d.reason) && Objects.equals(detail, d.detail)
                && Objects.equals(sourceTopic, d.sourceTopic);
    }

    @Override
    public int hashCode() {
        return Objects.hash(payload, reason, sourceTopic, sourcePartition, sourceOffset);
    }

    @Override
    public String toString() {
        return "DeadLetter{" + reason + ": " + detail + " payload=" + payload + "}";
    }
}
