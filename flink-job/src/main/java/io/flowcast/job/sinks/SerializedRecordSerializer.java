package io.flowcast.job.sinks;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes {@link SerializedRecord}s to one topic. The Kafka timestamp is left to the producer, so it is
 * the time the record was produced: retention counts from when the job wrote it, not from the
 * event time in the value (a replay of last year's orders would otherwise be deleted at once).
 */
public class SerializedRecordSerializer implements KafkaRecordSerializationSchema<SerializedRecord> {
    private static final long serialVersionUID = 1L;

    private final String topic;

    public SerializedRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(SerializedRecord r, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, null, r.key, r.value);
    }
}
