package io.flowcast.core.events;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/** A record the job could not use, on the {@code dead-letters} topic, with why and where it came from. */
public class DeadLetter {
    public static final int SCHEMA_VERSION = 1;

    public int schemaVersion = SCHEMA_VERSION;
    /**
     * At most {@link #MAX_PAYLOAD_BYTES} of the raw payload: UTF-8 text when it decodes as such, else
     * base64 (see {@link #payloadEncoding}). A poison record of any size stays a small dead letter.
     */
    public String payload;
    /** Bytes in the whole raw payload (UTF-8 for text payloads); more than the prefix when truncated. */
    public long payloadLength;
    /** SHA-256 (hex) of the whole raw payload, to find the original record or match repeats. */
    public String payloadSha256;
    /** True when {@link #payload} holds only a prefix of the raw payload. */
    public boolean payloadTruncated;
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

    /** Bytes of the raw payload a dead letter keeps; the rest is described by length and SHA-256. */
    public static final int MAX_PAYLOAD_BYTES = 4096;
    /** Characters of {@link #detail} kept: a detail may quote a field of any length (a product id). */
    public static final int MAX_DETAIL_CHARS = 1024;

    public DeadLetter() {}

    /** Reason codes; dashboards group dead letters by these. */
    public enum Reason {
        MALFORMED_JSON, MISSING_FIELD, BAD_QUANTITY, BAD_PRICE, BAD_TIME, FUTURE_TIME, LATE, REJECTED_BY_IMPORT,
        /** An output record (forecast, alert) a sink would refuse: over the size limit or not serializable. */
        OUTPUT_REJECTED,
        /** productId not a JSON string, too long, or with control characters. */
        BAD_PRODUCT_ID,
        /** Another string field beyond its length limit. */
        BAD_FIELD,
        /** The whole record beyond the size limit. */
        TOO_LARGE
    }

    /** A dead letter with a text payload (bounded like {@link #withPayload(byte[])}). */
    public static DeadLetter of(Reason reason, String detail, String payload) {
        DeadLetter d = new DeadLetter();
        d.reason = reason.name();
        d.detail = bound(detail, MAX_DETAIL_CHARS);
        d.withPayload(payload == null ? null : payload.getBytes(StandardCharsets.UTF_8));
        return d;
    }

    /**
     * Keeps at most {@link #MAX_PAYLOAD_BYTES} of {@code raw} as text when it is valid UTF-8, else as
     * base64, with the full length and SHA-256; returns this.
     */
    public DeadLetter withPayload(byte[] raw) {
        if (raw == null) {
            raw = new byte[0];
        }
        payloadLength = raw.length;
        payloadSha256 = sha256(raw);
        payloadTruncated = raw.length > MAX_PAYLOAD_BYTES;
        int keep = Math.min(raw.length, MAX_PAYLOAD_BYTES);
        try {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw, 0, utf8Boundary(raw, keep)));
            payload = text.toString();
            payloadEncoding = "text";
        } catch (CharacterCodingException e) {
            payload = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(raw, keep));
            payloadEncoding = "base64";
        }
        return this;
    }

    /** The largest cut at or below {@code n} that does not split a UTF-8 sequence. */
    private static int utf8Boundary(byte[] b, int n) {
        if (n >= b.length) {
            return b.length;
        }
        int i = n;
        while (i > 0 && i > n - 4 && (b[i] & 0xC0) == 0x80) {
            i--; // b[i] is a continuation byte: the character starting before it would be cut
        }
        return i;
    }

    private static String bound(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int cut = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, cut) + "... (" + s.length() + " chars)";
    }

    private static String sha256(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
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
                && Objects.equals(sourceTopic, d.sourceTopic) && payloadLength == d.payloadLength
                && Objects.equals(payloadSha256, d.payloadSha256) && payloadTruncated == d.payloadTruncated;
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
