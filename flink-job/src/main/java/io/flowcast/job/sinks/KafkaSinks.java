package io.flowcast.job.sinks;

import io.flowcast.core.json.Json;
import io.flowcast.job.config.JobOptions;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Exactly-once Kafka sinks for the job's output topics. */
public final class KafkaSinks {
    /** Below the broker's default transaction.max.timeout.ms (15 min), or the producer is refused. */
    private static final String TRANSACTION_TIMEOUT_MS = String.valueOf(10 * 60 * 1000);
    /** Room above the largest record the guard lets through for the produce request's framing. */
    private static final int REQUEST_OVERHEAD = 64 * 1024;

    private KafkaSinks() {}

    /**
     * The sink behind an {@link OutputGuard}: records arrive serialized and within the size limit.
     *
     * @param name distinguishes the transactional ids of the job's several sinks
     */
    public static KafkaSink<SerializedRecord> exactlyOnce(Configuration conf, String topic, String name) {
        return exactlyOnce(conf, name, new SerializedRecordSerializer(topic));
    }

    /** A sink that writes JSON without the size guard: for the naive benchmark job, whose records are tiny. */
    public static <T> KafkaSink<T> exactlyOnce(Configuration conf, String topic, String name, KeySelector<T, String> key) {
        KafkaRecordSerializationSchema<T> json = (element, context, timestamp) -> {
            String k;
            try {
                k = key.getKey(element);
            } catch (Exception e) {
                throw new IllegalStateException("cannot key " + element, e);
            }
            return new ProducerRecord<>(topic, null, null, k == null ? null : k.getBytes(StandardCharsets.UTF_8),
                    Json.toBytes(element));
        };
        return exactlyOnce(conf, name, json);
    }

    private static <T> KafkaSink<T> exactlyOnce(Configuration conf, String name, KafkaRecordSerializationSchema<T> serializer) {
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(JobOptions.kafkaClientProperties(conf))
                .setBootstrapServers(conf.get(JobOptions.BOOTSTRAP_SERVERS))
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(conf.get(JobOptions.TRANSACTIONAL_ID_PREFIX) + "-" + name)
                .setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS)
                .setProperty("max.request.size",
                        String.valueOf(Math.max(1024 * 1024, conf.get(JobOptions.MAX_RECORD_BYTES) + REQUEST_OVERHEAD)))
                .setProperty("linger.ms", "20")
                .setProperty("compression.type", "lz4")
                // a batch per 256 KiB instead of 16: each batch opens an LZ4 stream (its buffers and a
                // JNI header hash), 15% of the keyed thread on the long tail with the default
                .setProperty("batch.size", String.valueOf(256 * 1024))
                .build();
    }
}
