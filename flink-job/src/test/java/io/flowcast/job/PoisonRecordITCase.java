package io.flowcast.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.events.DeadLetter;
import io.flowcast.core.events.Forecast;
import io.flowcast.core.json.Json;
import io.flowcast.job.config.JobOptions;
import io.flowcast.kafka.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The records that used to stop the job for good (a restart loop on RecordTooLargeException): a 300 KB
 * record of junk bytes and an order whose product id is 900,000 characters. With restarts switched off,
 * any sink failure would fail this run; instead both become small dead letters and the orders around
 * them are forecast. Output records carry the time they were written as their Kafka timestamp.
 */
class PoisonRecordITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = JobTestCluster.flink();

    private static final long BEGINNING = Instant.parse("2025-01-06T00:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000L;
    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startKafka() {
        kafka = JobTestCluster.withJobTopics(new EmbeddedKafkaBroker());
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    private static byte[] order(String product, long time) {
        return ("{\"orderId\":\"o\",\"productId\":\"" + product + "\",\"quantity\":2,\"unitPrice\":1.0,\"eventTime\":" + time + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldDeadLetterPoisonRecordsAndKeepForecastingWithoutARestart() throws Exception {
        byte[] junk = new byte[300_000];
        new Random(3).nextBytes(junk);
        String huge = "P".repeat(900_000);
        List<byte[]> input = new ArrayList<>();
        input.add(order("A", BEGINNING + 60_000));
        input.add(junk);
        input.add(order(huge, BEGINNING + 120_000));
        input.add(order("A", BEGINNING + HOUR + 60_000));
        input.add(order("A", BEGINNING + 2 * HOUR + 60_000));
        Properties p = kafka.clientProperties();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] v : input) {
                producer.send(new ProducerRecord<>("orders", 0, null, v)).get();
            }
        }
        long start = System.currentTimeMillis();

        Configuration conf = JobOptions.fromArgs(new String[] {
            "--bootstrap-servers", kafka.bootstrapServers(), "--bounded", "--models-topic", "", "--parallelism", "2",
            "--bucket-size", "1h", "--horizon", "2", "--checkpoint-interval", "1s",
            "--checkpoint-dir", "file:///tmp/flowcast-it/checkpoints", "--transactional-id-prefix", "poison-" + System.nanoTime(),
            "--restart-attempts", "0"}); // a failure fails the test instead of restarting
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(FlowcastJob.runtimeConfig(conf));
        FlowcastJob.run(env, conf, "poison records");

        List<ConsumerRecord<byte[], byte[]>> forecasts = readAll("forecasts");
        assertThat(forecasts).extracting(r -> Json.fromBytes(r.value(), Forecast.class).productId).contains("A").doesNotContain(huge);
        // retention counts from when the forecast was written, not from its bucket in January 2025
        assertThat(forecasts).allSatisfy(r -> assertThat(r.timestamp()).isGreaterThanOrEqualTo(start));

        List<ConsumerRecord<byte[], byte[]>> raw = readAll("dead-letters");
        List<DeadLetter> deadLetters = raw.stream().map(r -> Json.fromBytes(r.value(), DeadLetter.class)).toList();
        assertThat(raw).allSatisfy(r -> assertThat(r.value().length).isLessThan(10_000));
        DeadLetter junkLetter = deadLetters.stream().filter(d -> d.payloadLength == 300_000).findFirst().orElseThrow();
        assertThat(junkLetter.reason).isEqualTo("TOO_LARGE"); // over --max-order-bytes: refused before parsing
        assertThat(junkLetter.payloadTruncated).isTrue();
        // the huge product: refused somewhere (its forecast is over the size limit), never written as a forecast
        assertThat(deadLetters).anySatisfy(d -> {
            assertThat(d.payloadLength).isGreaterThan(900_000);
            assertThat(d.payloadTruncated).isTrue();
        });
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Properties p = kafka.clientProperties();
        p.put("group.id", "read-" + topic + System.nanoTime());
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        p.put("max.partition.fetch.bytes", String.valueOf(4 * 1024 * 1024));
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 8_000;
            while (System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
