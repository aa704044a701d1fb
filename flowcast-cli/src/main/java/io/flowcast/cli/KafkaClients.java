package io.flowcast.cli;

import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The producers and consumers the launcher's commands use, configured once. */
final class KafkaClients {
    private KafkaClients() {}

    /** Idempotent, batched producer: fast bulk loads without duplicates on retry. */
    static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
        Properties p = new Properties();
        p.putAll(io.flowcast.core.config.KafkaClientSettings.fromEnvironment()); // SASL/SSL of the deployment
        p.put("bootstrap.servers", bootstrapServers);
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("linger.ms", "20");
        p.put("batch.size", String.valueOf(256 * 1024));
        p.put("compression.type", "lz4");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A read_committed consumer: sees the exactly-once job's output only once its checkpoint commits. */
    static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers, String groupId) {
        Properties p = new Properties();
        p.putAll(io.flowcast.core.config.KafkaClientSettings.fromEnvironment()); // SASL/SSL of the deployment
        p.put("bootstrap.servers", bootstrapServers);
        p.put("group.id", groupId);
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
