package io.flowcast.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeadLetterPayloadTest {
    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void shouldKeepASmallTextPayloadWholeWithItsLengthAndHash() throws Exception {
        byte[] raw = "{not json".getBytes(StandardCharsets.UTF_8);
        DeadLetter d = new DeadLetter().withPayload(raw);
        assertThat(d.payload).isEqualTo("{not json");
        assertThat(d.payloadEncoding).isEqualTo("text");
        assertThat(d.payloadLength).isEqualTo(9);
        assertThat(d.payloadTruncated).isFalse();
        assertThat(d.payloadSha256).isEqualTo(sha256(raw));
    }

    @Test
    void shouldBoundA300KbJunkRecordToASmallDeadLetter() throws Exception {
        byte[] junk = new byte[300_000];
        new Random(7).nextBytes(junk);
        DeadLetter d = DeadLetter.of(DeadLetter.Reason.MALFORMED_JSON, "x".repeat(900_000), null).withPayload(junk);
        assertThat(d.payloadEncoding).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(d.payload)).isEqualTo(Arrays.copyOf(junk, DeadLetter.MAX_PAYLOAD_BYTES));
        assertThat(d.payloadLength).isEqualTo(300_000);
        assertThat(d.payloadTruncated).isTrue();
        assertThat(d.payloadSha256).isEqualTo(sha256(junk));
        assertThat(d.detail.length()).isLessThan(DeadLetter.MAX_DETAIL_CHARS + 40);
        // the whole record as written to Kafka: was 1.8 MB before the bound
        assertThat(Json.toBytes(d).length).isLessThan(10_000);
    }

    @Test
    void shouldCutLongTextOnACharacterBoundary() {
        String text = "é".repeat(5000); // 2 bytes each: the cut at 4096 bytes falls between characters
        DeadLetter d = new DeadLetter().withPayload(("x" + text).getBytes(StandardCharsets.UTF_8));
        assertThat(d.payloadEncoding).isEqualTo("text");
        assertThat(d.payload).startsWith("xéé").hasSize(1 + 2047);
        assertThat(d.payloadLength).isEqualTo(10_001);
    }
}
