package io.flowcast.job.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.events.DeadLetter;
import io.flowcast.core.events.Forecast;
import io.flowcast.core.json.Json;
import java.nio.charset.StandardCharsets;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class OutputGuardTest {
    private static final int LIMIT = 10_000;

    private static Forecast forecast(String productId) {
        Forecast f = new Forecast();
        f.productId = productId;
        f.bucketStart = 1_736_125_200_000L;
        f.bucketSizeMillis = 3_600_000L;
        return f;
    }

    private static <T> OneInputStreamOperatorTestHarness<T, SerializedRecord> harness(OutputGuard<T> guard) throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(guard));
        h.open();
        return h;
    }

    @Test
    void shouldPassARecordUnderTheLimitSerialized() throws Exception {
        var h = harness(new OutputGuard<Forecast>("forecasts", f -> f.productId, LIMIT));
        h.processElement(new StreamRecord<>(forecast("A"), 5));
        SerializedRecord r = h.extractOutputValues().get(0);
        assertThat(new String(r.key, StandardCharsets.UTF_8)).isEqualTo("A");
        assertThat(Json.fromBytes(r.value, Forecast.class).productId).isEqualTo("A");
        assertThat(h.getSideOutput(OutputGuard.REJECTED)).isNull();
    }

    @Test
    void shouldTurnAnOversizedForecastIntoABoundedDeadLetter() throws Exception {
        var h = harness(new OutputGuard<Forecast>("forecasts", f -> f.productId, LIMIT));
        h.processElement(new StreamRecord<>(forecast("P".repeat(900_000)), 5));
        h.processElement(new StreamRecord<>(forecast("B"), 6));
        // the poison record is gone from the main output, the next one passes
        assertThat(h.extractOutputValues()).hasSize(1);
        DeadLetter d = h.getSideOutput(OutputGuard.REJECTED).poll().getValue();
        assertThat(d.reason).isEqualTo("OUTPUT_REJECTED");
        assertThat(d.detail).contains("forecasts").contains("--max-record-bytes");
        assertThat(d.payloadTruncated).isTrue();
        assertThat(d.payloadLength).isGreaterThan(900_000);
        assertThat(Json.toBytes(d).length).isLessThan(LIMIT);
    }

    @Test
    void shouldLetTheProducerStampTheRecordWithTheTimeItIsWritten() {
        ProducerRecord<byte[], byte[]> r = new SerializedRecordSerializer("forecasts")
                .serialize(new SerializedRecord(new byte[] {1}, new byte[] {2}), null, 1_736_125_200_000L);
        // null: KafkaProducer sets the current time (CreateTime); the event time stays in the value
        assertThat(r.timestamp()).isNull();
        assertThat(r.topic()).isEqualTo("forecasts");
    }
}
