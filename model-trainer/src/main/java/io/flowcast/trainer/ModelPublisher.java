package io.flowcast.trainer;

import io.flowcast.core.events.ModelRecord;
import io.flowcast.core.json.Json;
import io.flowcast.core.models.ModelGate;
import io.flowcast.core.models.ModelSigner;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
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

/**
 * Writes {@link ModelRecord}s to the compacted {@code models} topic, signed when it has a key, and
 * reads them back. Key = {@code name@version}, so compaction keeps every version a rollback may
 * need. Each record gets the next {@link ModelRecord#sequence} of its name; the DL4J zip is not
 * published (the job serves the kernel weights; the zip stays in the trainer's report).
 */
public final class ModelPublisher implements AutoCloseable {
    public static final String DEFAULT_TOPIC = "models";
    /** Topic settings the models topic should be created with: keep the latest record per key forever. */
    public static final Map<String, String> TOPIC_CONFIG = Map.of("cleanup.policy", "compact");

    private final KafkaProducer<String, byte[]> producer;
    private final String bootstrapServers;
    private final String topic;
    private final ModelSigner signer;

    /** Publishes unsigned records: only for jobs without --model-public-keys. */
    public ModelPublisher(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, null);
    }

    public ModelPublisher(String bootstrapServers, String topic, ModelSigner signer) {
        Properties p = new Properties();
        p.putAll(io.flowcast.core.config.KafkaClientSettings.fromEnvironment()); // SASL/SSL of the deployment
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.signer = signer;
    }

    /**
     * The record as it goes on the topic: key = {@code name@version}, value = the signed envelope
     * (or, without a signer, the record's JSON), without the DL4J zip.
     */
    public static ProducerRecord<String, byte[]> toProducerRecord(String topic, ModelRecord record, ModelSigner signer) {
        if (record.modelName == null || record.version == null) {
            throw new IllegalArgumentException("a model record needs a name and a version: they are the compaction key");
        }
        ModelRecord published = Json.fromBytes(Json.toBytes(record), ModelRecord.class).withoutDl4j();
        byte[] value = signer == null ? Json.toBytes(published) : Json.toBytes(signer.sign(published));
        return new ProducerRecord<>(topic, record.modelName + "@" + record.version, value);
    }

    /**
     * Gives the record the next sequence of its name (one above every record on the topic, readable or
     * not), signs, sends and waits for the broker's acknowledgement.
     */
    public RecordMetadata publish(ModelRecord record) {
        record.sequence = highestSequence(all(bootstrapServers, topic, record.modelName, List.of(), Duration.ofSeconds(30))) + 1;
        try {
            return producer.send(toProducerRecord(topic, record, signer)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + record.summary(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish " + record.summary() + ": " + e.getCause(), e.getCause());
        }
    }

    /** The newest record (highest sequence) for {@code modelName} on the topic, unverified, or null when there is none. */
    public static ModelRecord latest(String bootstrapServers, String topic, String modelName, Duration timeout) {
        return latest(bootstrapServers, topic, modelName, List.of(), timeout);
    }

    /** As {@link #latest(String, String, String, Duration)}, counting only records signed by one of {@code trusted} (none: all). */
    public static ModelRecord latest(String bootstrapServers, String topic, String modelName, List<PublicKey> trusted,
                                     Duration timeout) {
        ModelRecord newest = null;
        for (ModelRecord m : all(bootstrapServers, topic, modelName, trusted, timeout)) {
            if (newest == null || m.sequence > newest.sequence) {
                newest = m;
            }
        }
        return newest;
    }

    private static long highestSequence(List<ModelRecord> records) {
        long max = 0;
        for (ModelRecord m : records) {
            max = Math.max(max, m.sequence);
        }
        return max;
    }

    /**
     * Every readable record for {@code modelName} on the topic, in topic order, read to the end offsets
     * as of the call; with {@code trusted} keys, only those whose signature verifies.
     */
    public static List<ModelRecord> all(String bootstrapServers, String topic, String modelName, List<PublicKey> trusted,
                                        Duration timeout) {
        ModelGate gate = new ModelGate(trusted, null, modelName);
        Properties p = new Properties();
        p.putAll(io.flowcast.core.config.KafkaClientSettings.fromEnvironment()); // SASL/SSL of the deployment
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ModelRecord> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            c.partitionsFor(topic, timeout).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        continue;
                    }
                    // an unreadable or unauthentic record is not a model; the job refuses it on its side
                    ModelRecord m = gate.open(new String(r.value(), StandardCharsets.UTF_8)).record();
                    if (m != null && modelName.equals(m.modelName)) {
                        out.add(m);
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
