package io.flowcast.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.data.HostileOrders;
import io.flowcast.core.events.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** 100,000 seeded hostile records through the parser: each is refused with a reason its kind allows, the payload intact. */
class OrderFuzzTest {
    private static final long STREAM_TIME = Instant.parse("2011-06-01T10:00:00Z").toEpochMilli();
    private static final long NOW = Instant.parse("2026-11-30T00:00:00Z").toEpochMilli();

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2})
    void shouldDeadLetterEveryHostileRecordWithAnAllowedReason(long seed) throws Exception {
        HostileOrders hostile = new HostileOrders(seed, STREAM_TIME);
        Map<HostileOrders.Kind, Integer> seen = new EnumMap<>(HostileOrders.Kind.class);
        for (int i = 0; i < 50_000; i++) {
            HostileOrders.Hostile h = hostile.next("P" + (i % 97));
            OrderJson.Result r = OrderJson.parse(h.value(), NOW + 86_400_000L);
            seen.merge(h.kind(), 1, Integer::sum);
            if (!h.kind().parserRefuses() && r.ok()) {
                assertThat(r.order.eventTime).as("only the stream can judge %s", h.text()).isLessThan(STREAM_TIME);
                continue;
            }
            assertThat(r.ok()).as("accepted %s: %s", h.kind(), h.text()).isFalse();
            DeadLetter d = r.deadLetter;
            assertThat(h.reasons()).as("%s got %s (%s): %s", h.kind(), d.reason, d.detail, h.text())
                    .contains(DeadLetter.Reason.valueOf(d.reason));
            assertThat(d.detail).isNotBlank();
            byte[] back = "base64".equals(d.payloadEncoding) ? Base64.getDecoder().decode(d.payload)
                    : d.payload.getBytes(StandardCharsets.UTF_8);
            // the record as sent: whole, or its first bytes with the full length and digest when large
            assertThat(d.payloadLength).isEqualTo(h.value().length);
            assertThat(d.payloadTruncated).isEqualTo(h.value().length > DeadLetter.MAX_PAYLOAD_BYTES);
            assertThat(back).isEqualTo(java.util.Arrays.copyOf(h.value(), back.length));
            assertThat(back.length).isGreaterThanOrEqualTo(Math.min(h.value().length, DeadLetter.MAX_PAYLOAD_BYTES) - 3);
            assertThat(d.payloadSha256).isEqualTo(HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(h.value())));
        }
        assertThat(seen).as("every kind was generated").hasSize(HostileOrders.Kind.values().length);
    }
}
