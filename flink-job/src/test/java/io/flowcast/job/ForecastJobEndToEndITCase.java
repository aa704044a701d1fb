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
import java.util.function.Function;
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
 * The whole job through a real in-process Kafka broker on a MiniCluster at parallelism 2:
 * a small known input must give exactly the expected forecasts, each once, and every bad record
 * must be in the dead letters with its reason.
 */
class ForecastJobEndToEndITCase {
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

    private static String order(String id, String product, double qty, double price, Object time) {
        String t = time instanceof String ? "\"" + time + "\"" : String.valueOf(time);
        return "{\"schemaVersion\":1,\"orderId\":\"" + id + "\",\"productId\":\"" + product + "\",\"quantity\":" + qty
                + ",\"unitPrice\":" + price + ",\"eventTime\":" + t + ",\"country\":\"UK\",\"someNewField\":[1,2]}";
    }

    @Test
    void shouldForecastAKnownInputExactlyOnceAndDeadLetterEveryBadRecord() throws Exception {
        List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>();
        Function<String, byte[]> utf8 = s -> s.getBytes(StandardCharsets.UTF_8);
        // product A: 5 units in hour 0, none in hour 1, 4 in hour 2
        input.add(new ProducerRecord<>("orders", utf8.apply("A"), utf8.apply(order("1", "A", 3, 2.0, BEGINNING + 60_000))));
        input.add(new ProducerRecord<>("orders", utf8.apply("A"), utf8.apply(order("2", "A", 2, 2.0, BEGINNING + 120_000))));
        input.add(new ProducerRecord<>("orders", utf8.apply("A"), utf8.apply(order("3", "A", 4, 2.5, BEGINNING + 2 * HOUR + 5))));
        // product B: 2 units in hour 1, one of them stamped as ISO-8601 with an offset (01:30+01:00 = 00:30Z... of hour 1)
        input.add(new ProducerRecord<>("orders", utf8.apply("B"), utf8.apply(order("4", "B", 1, 9.0, BEGINNING + HOUR + 10))));
        input.add(new ProducerRecord<>("orders", utf8.apply("B"), utf8.apply(order("5", "B", 1, 9.0, "2025-01-06T02:30:00+01:00"))));
        // one of each kind of bad record
        String[] bad = {
            "{not json",
            "{\"orderId\":\"x\",\"quantity\":1,\"unitPrice\":1.0,\"eventTime\":" + BEGINNING + "}",
            order("x", "A", -2, 1.0, BEGINNING),
            "{\"orderId\":\"x\",\"productId\":\"A\",\"unitPrice\":1.0,\"eventTime\":" + BEGINNING + "}",
            order("x", "A", 1, -1.0, BEGINNING),
            order("x", "A", 1, 1.0, "yesterday"),
            order("x", "A", 1, 1.0, "2099-01-01T00:00:00Z"),
        };
        for (String b : bad) {
            input.add(new ProducerRecord<>("orders", utf8.apply("A"), utf8.apply(b)));
        }
        input.add(new ProducerRecord<>("orders", utf8.apply("A"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x01}));
        produce(input);

        Configuration conf = JobOptions.fromArgs(new String[] {
            "--bootstrap-servers", kafka.bootstrapServers(), "--bounded", "--parallelism", "2",
            "--bucket-size", "1h", "--lookback", "4", "--horizon", "2", "--forecaster", "moving-average",
            "--checkpoint-interval", "1s", "--checkpoint-dir", "file:///tmp/flowcast-it/checkpoints",
            "--transactional-id-prefix", "it-" + System.nanoTime()});
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(FlowcastJob.runtimeConfig(conf));
        FlowcastJob.run(env, conf, "end-to-end test");

        List<Forecast> forecasts = consume("forecasts", 4, Forecast.class);
        assertThat(forecasts)
                .extracting(f -> f.productId + "@" + (f.bucketStart - BEGINNING) / HOUR + " actual=" + f.actual
                        + " points=" + f.steps[0].point + "," + f.steps[1].point + " " + f.forecaster + " rev" + f.revision)
                .containsExactlyInAnyOrder(
                        "A@0 actual=5.0 points=5.0,5.0 moving-average rev0",
                        "A@1 actual=0.0 points=2.5,2.5 moving-average rev0", // mean of 5, 0
                        "A@2 actual=4.0 points=3.0,3.0 moving-average rev0", // mean of 5, 0, 4
                        "B@1 actual=2.0 points=2.0,2.0 moving-average rev0");
        for (Forecast f : forecasts) {
            assertThat(f.steps[0].bucketStart).isEqualTo(f.bucketStart + HOUR);
            assertThat(f.steps[0].p10).isLessThanOrEqualTo(f.steps[0].p50).isGreaterThanOrEqualTo(0);
            assertThat(f.steps[0].p50).isLessThanOrEqualTo(f.steps[0].p90);
            assertThat(f.steps).allSatisfy(s -> assertThat(s.isConsistent()).as("%s", s).isTrue());
            assertThat(f.modelVersion).isEqualTo("baseline");
        }

        List<DeadLetter> deadLetters = consume("dead-letters", bad.length + 1, DeadLetter.class);
        assertThat(deadLetters).extracting(d -> d.reason).containsExactlyInAnyOrder(
                "MALFORMED_JSON", "MISSING_FIELD", "BAD_QUANTITY", "MISSING_FIELD", "BAD_PRICE", "BAD_TIME",
                "FUTURE_TIME", "MALFORMED_JSON");
        assertThat(deadLetters).allSatisfy(d -> {
            assertThat(d.sourceTopic).isEqualTo("orders");
            assertThat(d.sourceOffset).isGreaterThanOrEqualTo(0);
            assertThat(d.detail).isNotBlank();
        });
        assertThat(deadLetters).extracting(d -> d.payload).contains("{not json");
        assertThat(deadLetters).filteredOn(d -> "base64".equals(d.payloadEncoding))
                .extracting(d -> d.payload).containsExactly("//4B");
    }

    @Test
    void shouldHotSwapAModelWhileOrdersFlowWithoutTheModelStreamHoldingBackEventTime() throws Exception {
        kafka.createTopics(2, "live-orders", "live-forecasts", "live-dead-letters", "live-alerts");
        kafka.createCompactedTopic("live-models");
        Configuration conf = JobOptions.fromArgs(new String[] {
            "--bootstrap-servers", kafka.bootstrapServers(), "--parallelism", "2",
            "--orders-topic", "live-orders", "--forecasts-topic", "live-forecasts",
            "--dead-letters-topic", "live-dead-letters", "--models-topic", "live-models", "--alerts-topic", "live-alerts", "--model-name", "m",
            "--bucket-size", "1h", "--lookback", "24", "--horizon", "2", "--lstm-min-history", "1",
            "--forecaster", "lstm", // the LSTM alone, once a model arrives (under auto it must first earn its weight)
            "--source-idleness", "1s", // one product: one of the two partitions stays empty
            // one order an hour in one partition: with the default 1h lead the watermark would follow the
            // median of the last five orders, buckets closing two orders later than this test waits for
            "--max-event-time-lead", "1d",
            "--checkpoint-interval", "1s", "--checkpoint-dir", "file:///tmp/flowcast-it/checkpoints",
            "--transactional-id-prefix", "it-live-" + System.nanoTime()});
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(FlowcastJob.runtimeConfig(conf));
        FlowcastJob.define(env, conf);
        org.apache.flink.core.execution.JobClient job = env.executeAsync("live swap test");
        try {
            Function<String, byte[]> utf8 = s -> s.getBytes(StandardCharsets.UTF_8);
            List<ProducerRecord<byte[], byte[]>> first = new ArrayList<>();
            for (int hour = 0; hour < 4; hour++) {
                first.add(new ProducerRecord<>("live-orders", utf8.apply("A"),
                        utf8.apply(order("o" + hour, "A", 2 + hour, 1.0, BEGINNING + hour * HOUR + 60_000))));
            }
            produce(first);
            // the models topic is empty and unbounded: forecasts must still come (buckets 0..2 close)
            List<Forecast> before = consume("live-forecasts", 3, Forecast.class);
            assertThat(before).extracting(f -> f.modelVersion).containsOnly("baseline");

            produce(List.of(new ProducerRecord<>("live-models", utf8.apply("m"), Json.toBytes(smallModel()))));
            Thread.sleep(3_000); // the broadcast reaches every subtask between two records; give it a moment
            List<ProducerRecord<byte[], byte[]>> second = new ArrayList<>();
            for (int hour = 4; hour < 8; hour++) {
                second.add(new ProducerRecord<>("live-orders", utf8.apply("A"),
                        utf8.apply(order("o" + hour, "A", 2 + hour, 1.0, BEGINNING + hour * HOUR + 60_000))));
            }
            produce(second);
            List<Forecast> all = consume("live-forecasts", 7, Forecast.class);
            // buckets 0..6 closed (7 waits for a later watermark), each exactly once
            assertThat(all).extracting(f -> (f.bucketStart - BEGINNING) / HOUR)
                    .containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 6L);
            all.sort(java.util.Comparator.comparingLong(f -> f.bucketStart));
            List<String> versions = all.stream().map(f -> f.modelVersion).toList();
            int firstV1 = versions.indexOf("v1");
            assertThat(firstV1).as("the model was swapped in: %s", versions).isBetween(3, 4);
            assertThat(versions.subList(0, firstV1)).containsOnly("baseline");
            assertThat(versions.subList(firstV1, versions.size())).containsOnly("v1");
            assertThat(all).allSatisfy(f -> assertThat(f.steps).allSatisfy(s -> assertThat(s.isConsistent()).as("%s", s).isTrue()));
        } finally {
            job.cancel().get();
        }
    }

    private static io.flowcast.core.events.ModelRecord smallModel() {
        var spec = io.flowcast.core.features.FeatureSpec.of(io.flowcast.core.buckets.BucketSize.parse("1h"), 2, 4);
        var r = new io.flowcast.core.events.ModelRecord();
        r.modelName = "m";
        r.version = "v1";
        r.featureSpec = spec;
        return r.withPayload(io.flowcast.core.lstm.LstmWeights.random(spec.nIn, 4, 2, 1, 0.5f).toBytes(), new byte[0]);
    }

    private static void produce(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        Properties p = kafka.clientProperties();
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> r : records) {
                producer.send(r).get();
            }
        }
    }

    /** Polls until {@code expected} records arrived, then a little longer to catch duplicates. */
    private static <T> List<T> consume(String topic, int expected, Class<T> type) {
        Properties p = kafka.clientProperties();
        p.put("group.id", "it-" + topic + System.nanoTime());
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            long settle = Long.MAX_VALUE;
            while (System.currentTimeMillis() < Math.min(deadline, settle)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(Json.fromBytes(r.value(), type));
                }
                if (out.size() >= expected && settle == Long.MAX_VALUE) {
                    settle = System.currentTimeMillis() + 2_000;
                }
            }
        }
        return out;
    }
}
