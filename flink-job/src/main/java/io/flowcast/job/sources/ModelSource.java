package io.flowcast.job.sources;

import io.flowcast.job.config.JobOptions;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

/**
 * The models topic as JSON text, always from the earliest offset: the topic is compacted, so that
 * is the latest model per name, and the job's broadcast state decides what to accept.
 */
public final class ModelSource {
    private ModelSource() {}

    public static KafkaSource<String> create(Configuration conf) {
        KafkaSourceBuilder<String> b = KafkaSource.<String>builder()
                .setBootstrapServers(conf.get(JobOptions.BOOTSTRAP_SERVERS))
                .setTopics(conf.get(JobOptions.MODELS_TOPIC))
                .setGroupId(conf.get(JobOptions.GROUP_ID) + "-models")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setProperty("isolation.level", "read_committed")
                .setValueOnlyDeserializer(new AbstractDeserializationSchema<String>() {
                    @Override
                    public String deserialize(byte[] message) {
                        // a record that is not even text still reaches the function, which refuses it with a reason
                        return message == null ? "" : new String(message, StandardCharsets.UTF_8);
                    }
                });
        if (conf.get(JobOptions.BOUNDED)) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return b.build();
    }
}
