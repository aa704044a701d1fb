package io.flowcast.job.sinks;

import io.flowcast.core.json.Json;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes any contract type as JSON to one topic, keyed by the given field (null: no key). */
public class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final KeySelector<T, String> key;

    public JsonRecordSerializer(String topic, KeySelector<T, String> key) {
        this.topic = topic;
        this.key = key;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        byte[] k = null;
        if (key != null) {
            try {
                String s = key.getKey(element);
                k = s == null ? null : s.getBytes(StandardCharsets.UTF_8);
            } catch (Exception e) {
                throw new IllegalStateException("cannot key " + element, e);
            }
        }
        return new ProducerRecord<>(topic, null, timestamp, k, Json.toBytes(element));
    }
}
