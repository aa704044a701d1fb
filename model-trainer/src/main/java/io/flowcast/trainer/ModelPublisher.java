package io.flowcast.trainer;

import io.flowcast.core.events.ModelRecord;
import io.flowcast.core.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes {@link ModelRecord}s to the compacted {@code models} topic (key = model name) and reads the current champion back. */
public final class ModelPublisher implements AutoCloseable {
    public static final String DEFAULT_TOPIC = "models";
    /** Topic settings the models topic should be created with: keep the latest model per name forever. */
    public static final Map<String, String> TOPIC_CONFIG = Map.of("cleanup.policy", "compact");

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public ModelPublisher(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.putAll(io.flowcast.core.config.KafkaClientSettings.fromEnvironment()); // SASL/SSL of the deployment
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /** The record as it goes on the topic: key = model name, value = JSON. */
    public static ProducerRecord<String, byte[]> toProducerRecord(String topic, ModelRecord record) {
        if (record.modelName == null) {
            throw new IllegalArgumentException("a model record needs a name: it is the compaction key");
        }
        return new ProducerRecord<>(topic, record.modelName, Json.toBytes(record));
    }

    /** Sends and waits for the broker's acknowledgement. */
    public RecordMetadata publish(ModelRecord record) {
        try {
            return producer.send(toProducerRecord(topic, record)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + record.summary(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish " + record.summary() + ": " + e.getCause(), e.getCause());
        }
    }

    /**
     * The newest record for {@code modelName} on the topic (the champion), or null when there is none.
     * Reads the topic to its end offsets as of the call.
     */
    public static ModelRecord latest(String bootstrapServers, String topic, String modelName, Duration timeout) {
        Properties p = new Properties();
        p.putAll(io.flowcast.core.config.KafkaClientSettings.fromEnvironment()); // SASL/SSL of the deployment
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            c.partitionsFor(topic, timeout).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, timeout);
            ModelRecord newest = null;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (modelName.equals(r.key()) && r.value() != null) {
                        try {
                            ModelRecord m = Json.fromBytes(r.value(), ModelRecord.class);
                            if (newest == null || ModelRecord.versionNumber(m.version) > ModelRecord.versionNumber(newest.version)) {
                                newest = m;
                            }
                        } catch (RuntimeException e) {
                            // an unreadable record is not a champion; the job dead-letters it on its side
                        }
                    }
                }
            }
            return newest;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
