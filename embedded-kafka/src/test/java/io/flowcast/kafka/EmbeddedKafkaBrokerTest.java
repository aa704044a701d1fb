package io.flowcast.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerTest {
    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startBroker() {
        kafka = new EmbeddedKafkaBroker().start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void shouldProduceAndConsumeThroughRealClients() throws Exception {
        kafka.createTopics(2, "plain");
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("plain", "k" + i, "v" + i)).get();
            }
        }
        List<ConsumerRecord<String, String>> got = consume("plain", 10, "read_uncommitted");
        assertThat(got).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrder("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
        assertThat(got).extracting(ConsumerRecord::partition).containsOnly(0, 1);
    }

    @Test
    void shouldShowCommittedTransactionsToReadCommittedConsumers() throws Exception {
        kafka.createTopics(1, "tx");
        try (KafkaProducer<String, String> producer = producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-test-" + UUID.randomUUID(),
                // what Flink's exactly-once KafkaSink asks for: above the broker's old 15 min default cap
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Integer.toString(20 * 60 * 1000)))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "a", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "a", "committed-1"));
            producer.send(new ProducerRecord<>("tx", "b", "committed-2"));
            producer.commitTransaction();
        }
        assertThat(consume("tx", 2, "read_committed")).extracting(ConsumerRecord::value)
                .containsExactly("committed-1", "committed-2");
    }

    @Test
    void shouldCreateTopicsIdempotentlyAndCompacted() throws Exception {
        kafka.createTopics(3, "twice", "other");
        kafka.createTopics(3, "twice");
        kafka.createCompactedTopic("models");
        kafka.createCompactedTopic("models");
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            assertThat(admin.listTopics().names().get()).contains("twice", "other", "models");
            assertThat(admin.describeTopics(Set.of("twice")).allTopicNames().get().get("twice").partitions()).hasSize(3);
            ConfigResource models = new ConfigResource(ConfigResource.Type.TOPIC, "models");
            ConfigEntry policy = admin.describeConfigs(Set.of(models)).all().get().get(models)
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG);
            assertThat(policy.value()).isEqualTo("compact");
        }
    }

    @Test
    void shouldListenOnAFixedPortAndDeleteItsDataOnClose() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dataDir;
        try (EmbeddedKafkaBroker fixed = new EmbeddedKafkaBroker(port).start()) {
            assertThat(fixed.bootstrapServers()).isEqualTo("localhost:" + port);
            dataDir = fixed.dataDirectory();
            assertThat(dataDir).exists();
            fixed.createTopics(1, "fixed");
            Properties p = fixed.clientProperties();
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
                assertThat(producer.send(new ProducerRecord<>("fixed", "k", "v")).get().offset()).isZero();
            }
        }
        assertThat(Files.exists(dataDir)).isFalse();
    }

    private static KafkaProducer<String, String> producer(Map<String, String> extra) {
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.putAll(extra);
        return new KafkaProducer<>(p);
    }

    /** Polls until {@code expected} records arrived or a deadline passes (stack notes: never stop at end offsets). */
    private static List<ConsumerRecord<String, String>> consume(String topic, int expected, String isolation) {
        Properties p = kafka.clientProperties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 15_000;
            while (out.size() < expected && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            }
            // a little longer: nothing beyond what was expected (e.g. no aborted record) may show up
            consumer.poll(Duration.ofMillis(300)).forEach(out::add);
        }
        return out;
    }
}
