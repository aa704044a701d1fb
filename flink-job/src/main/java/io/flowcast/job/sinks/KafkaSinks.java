package io.flowcast.job.sinks;

import io.flowcast.job.config.JobOptions;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/** Exactly-once Kafka sinks for the job's output topics. */
public final class KafkaSinks {
    /** Below the broker's default transaction.max.timeout.ms (15 min), or the producer is refused. */
    private static final String TRANSACTION_TIMEOUT_MS = String.valueOf(10 * 60 * 1000);

    private KafkaSinks() {}

    /**
     * @param name distinguishes the transactional ids of the job's several sinks
     */
    public static <T> KafkaSink<T> exactlyOnce(Configuration conf, String topic, String name, KeySelector<T, String> key) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(conf.get(JobOptions.BOOTSTRAP_SERVERS))
                .setRecordSerializer(new JsonRecordSerializer<>(topic, key))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(conf.get(JobOptions.TRANSACTIONAL_ID_PREFIX) + "-" + name)
                .setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS)
                .setProperty("linger.ms", "20")
                .setProperty("compression.type", "lz4")
                .build();
    }
}
