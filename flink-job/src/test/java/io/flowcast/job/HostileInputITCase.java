package io.flowcast.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.flowcast.core.data.GeneratedRecord;
import io.flowcast.core.data.GeneratorConfig;
import io.flowcast.core.data.HostileOrders;
import io.flowcast.core.data.SyntheticOrderGenerator;
import io.flowcast.core.events.DeadLetter;
import io.flowcast.core.events.Forecast;
import io.flowcast.core.json.Json;
import io.flowcast.job.config.JobOptions;
import io.flowcast.kafka.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile input through the whole job (in-process Kafka, MiniCluster at parallelism 2, restarts
 * off so that any failure ends the run): every hostile record ends in the dead letters with a reason
 * its kind allows and its provenance, the valid records' forecasts are identical to a run without
 * the hostile ones, a few orders with a clock a day ahead do not stop forecasting, and every record
 * the job writes is valid against {@code schemas/}.
 */
class HostileInputITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = JobTestCluster.flink();

    private static final Instant BEGINNING = GeneratorConfig.DEFAULT_START;
    private static final int HOSTILE = 10_000;
    private static EmbeddedKafkaBroker kafka;
    private static List<GeneratedRecord> valid;
    private static Run clean;

    @BeforeAll
    static void start() {
        // the job stamps its output with event times from 2025: with the default 7-day retention the broker's
        // first retention pass (30 s after start) deleted early forecasts while the test still read them
        kafka = new EmbeddedKafkaBroker(0, Map.of("log.retention.ms", "-1")).start();
        GeneratorConfig config = GeneratorConfig.builder().products(30).duration(Duration.ofDays(3))
                .meanOrdersPerProductPerDay(40).spikeCount(3).seed(7).build();
        valid = new ArrayList<>();
        new SyntheticOrderGenerator(config).forEachRemaining(valid::add);
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void shouldDeadLetterEveryHostileRecordAndForecastTheValidOnesAsIfTheyWereAlone() throws Exception {
        Run clean = clean();

        // the valid records in their order, hostile ones mixed in after each partition has a few to judge by
        Random random = new Random(11);
        HostileOrders hostile = new HostileOrders(11, BEGINNING.toEpochMilli() + Duration.ofDays(1).toMillis());
        List<ProducerRecord<byte[], byte[]>> mixed = new ArrayList<>();
        Map<Integer, HostileOrders.Hostile> hostileAt = new HashMap<>(); // index in `mixed`
        int left = HOSTILE;
        for (int i = 0; i < valid.size(); i++) {
            mixed.add(record(valid.get(i).key, valid.get(i).value));
            int here = i < 200 ? 0 : Math.min(left, random.nextInt(2 * HOSTILE / (valid.size() - 200) + 2));
            if (i == valid.size() - 1) {
                here = left;
            }
            for (int k = 0; k < here; k++) {
                String product = valid.get(random.nextInt(valid.size())).key;
                HostileOrders.Hostile h = hostile.next(product);
                hostileAt.put(mixed.size(), h);
                mixed.add(record(product, h.value()));
            }
            left -= here;
        }
        Run attacked = run("hostile", mixed);

        // every hostile record is dead-lettered once, with a reason its kind allows and where it came from
        Map<String, HostileOrders.Hostile> byOffset = new HashMap<>();
        hostileAt.forEach((i, h) -> byOffset.put(attacked.where.get(i), h));
        assertThat(attacked.deadLetters).hasSize(HOSTILE);
        for (DeadLetter d : attacked.deadLetters) {
            HostileOrders.Hostile h = byOffset.remove(d.sourcePartition + "@" + d.sourceOffset);
            assertThat(h).as("a dead letter that is not one of the hostile records: %s", d).isNotNull();
            assertThat(h.reasons()).as("%s: %s (%s)", h.kind(), d.reason, d.detail).contains(DeadLetter.Reason.valueOf(d.reason));
            assertThat(d.sourceTopic).isEqualTo("hostile-orders");
            assertThat(d.detail).isNotBlank();
        }
        assertThat(byOffset).isEmpty();
        assertThat(attacked.deadLetters.stream().map(d -> d.reason).distinct().count()).isGreaterThanOrEqualTo(10);
        assertThat(clean.deadLetters).isEmpty();

        // the valid orders' forecasts are the same, bucket for bucket, as without the hostile records
        assertThat(clean.forecasts).hasSizeGreaterThan(1000);
        assertSame(canonical(settled(attacked.forecasts)), canonical(settled(clean.forecasts)), "forecasts");
        assertSame(canonical(settledAlerts(attacked.alerts)), canonical(settledAlerts(clean.alerts)), "alerts");
    }

    @Test
    void shouldKeepForecastingWhenTwoOrdersCarryAClockADayAhead() throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        long aDayAhead = 0;
        for (int i = 0; i < valid.size(); i++) {
            records.add(record(valid.get(i).key, valid.get(i).value));
            if (i == 500 || i == 501) {
                GeneratedRecord r = valid.get(i);
                aDayAhead = r.order.eventTime + Duration.ofDays(1).toMillis();
                records.add(record(r.key, ("{\"productId\":\"" + r.key + "\",\"quantity\":2,\"unitPrice\":1.0,\"eventTime\":"
                        + aDayAhead + "}").getBytes(StandardCharsets.UTF_8)));
            }
        }
        Run run = run("ahead", records);
        // without the stream-relative rule the watermark jumped a day: legitimate orders became LATE and
        // the products' forecasts for that day were empty buckets
        assertThat(run.deadLetters).isEmpty();
        Run clean = clean();
        assertThat(keys(settled(run.forecasts))).as("%d forecasts from %d records", run.forecasts.size(), records.size())
                .isEqualTo(keys(settled(clean.forecasts)));
        // the two orders were held until the stream reached their day, then counted in their bucket
        double extra = run.forecasts.stream().mapToDouble(f -> f.actual).sum() - clean.forecasts.stream().mapToDouble(f -> f.actual).sum();
        assertThat(extra).isEqualTo(4.0);
    }

    /** The valid orders alone, run once for both tests. */
    private static synchronized Run clean() throws Exception {
        if (clean == null) {
            clean = run("clean", valid.stream().map(r -> record(r.key, r.value)).toList());
        }
        return clean;
    }

    private record Run(List<Forecast> forecasts, List<io.flowcast.core.events.Alert> alerts, List<DeadLetter> deadLetters,
                       List<String> where) {}

    private static ProducerRecord<byte[], byte[]> record(String key, byte[] value) {
        return new ProducerRecord<>("orders", key.getBytes(StandardCharsets.UTF_8), value);
    }

    /** Runs the bounded job over {@code records} on fresh topics named after {@code name}; checks every output against the schemas. */
    private static Run run(String name, List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        String orders = name + "-orders";
        kafka.createTopics(2, orders, name + "-forecasts", name + "-dead-letters", name + "-alerts");
        kafka.createCompactedTopic(name + "-models");
        List<String> where = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(kafka.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> r : records) {
                sent.add(producer.send(new ProducerRecord<>(orders, r.key(), r.value())));
            }
            for (var f : sent) {
                RecordMetadata m = f.get();
                where.add(m.partition() + "@" + m.offset());
            }
        }
        Configuration conf = JobOptions.fromArgs(new String[] {
            "--bootstrap-servers", kafka.bootstrapServers(), "--bounded", "--parallelism", "2",
            "--orders-topic", orders, "--forecasts-topic", name + "-forecasts", "--dead-letters-topic", name + "-dead-letters",
            "--alerts-topic", name + "-alerts", "--models-topic", name + "-models",
            "--bucket-size", "1h", "--lookback", "48", "--horizon", "6",
            "--checkpoint-interval", "2s", "--checkpoint-dir", "file:///tmp/flowcast-it/checkpoints",
            "--transactional-id-prefix", "it-" + name + System.nanoTime()});
        Configuration runtime = FlowcastJob.runtimeConfig(conf);
        runtime.set(RestartStrategyOptions.RESTART_STRATEGY, "none"); // any failure ends the run: no silent restarts
        FlowcastJob.run(StreamExecutionEnvironment.getExecutionEnvironment(runtime), conf, "hostile input " + name);

        List<byte[]> forecasts = readAll(name + "-forecasts");
        List<byte[]> alerts = readAll(name + "-alerts");
        List<byte[]> deadLetters = readAll(name + "-dead-letters");
        assertSchemaValid("forecasts.schema.json", forecasts);
        assertSchemaValid("alerts.schema.json", alerts);
        assertSchemaValid("dead-letters.schema.json", deadLetters);
        return new Run(decode(forecasts, Forecast.class), decode(alerts, io.flowcast.core.events.Alert.class),
                decode(deadLetters, DeadLetter.class), where);
    }

    private static <T> List<T> decode(List<byte[]> values, Class<T> type) {
        return values.stream().map(v -> Json.fromBytes(v, type)).collect(Collectors.toCollection(ArrayList::new));
    }

    /**
     * Everything committed on the topic. The bounded job has finished, but the sink's last commit may
     * still be on its way: wait until no transaction is open (the last stable offset reached the log end).
     */
    private static List<byte[]> readAll(String topic) throws InterruptedException {
        Properties p = kafka.clientProperties();
        p.put("isolation.level", "read_committed");
        Properties uncommitted = kafka.clientProperties();
        List<byte[]> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaConsumer<byte[], byte[]> u = new KafkaConsumer<>(uncommitted, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.currentTimeMillis() + 60_000;
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (!end.equals(u.endOffsets(parts)) && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
                end = c.endOffsets(parts);
            }
            Map<TopicPartition, Long> stable = end;
            while (parts.stream().anyMatch(tp -> c.position(tp) < stable.get(tp)) && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                }
            }
        }
        return out;
    }

    private static void assertSchemaValid(String schemaFile, List<byte[]> records) throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(dir.resolve("schemas"))) {
            dir = dir.getParent();
        }
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(dir.resolve("schemas").resolve(schemaFile)));
        for (byte[] r : records) {
            JsonNode node = Json.MAPPER.readTree(r);
            assertThat(schema.validate(node)).as("%s: %s", schemaFile, new String(r, StandardCharsets.UTF_8)).isEmpty();
        }
    }

    /**
     * Forecasts up to each product's last valid order. A bounded run also closes the zero buckets after
     * it up to the last regular watermark, and how far that got before the end of input depends on the
     * timing of periodic watermarks (see the backtest's ReplayWatermarks): those are left out.
     */
    private static List<Forecast> settled(List<Forecast> forecasts) {
        Map<String, Long> last = lastOrderBucket();
        return forecasts.stream().filter(f -> f.bucketStart <= last.getOrDefault(f.productId, Long.MIN_VALUE)).toList();
    }

    private static List<io.flowcast.core.events.Alert> settledAlerts(List<io.flowcast.core.events.Alert> alerts) {
        Map<String, Long> last = lastOrderBucket();
        return alerts.stream().filter(a -> a.bucketStart <= last.getOrDefault(a.productId, Long.MIN_VALUE)).toList();
    }

    private static Map<String, Long> lastOrderBucket() {
        Map<String, Long> last = new HashMap<>();
        for (GeneratedRecord r : valid) {
            if (!r.bad) {
                last.merge(r.key, r.order.eventTime / 3_600_000 * 3_600_000, Math::max);
            }
        }
        return last;
    }

    /** Product, bucket and revision of each forecast, sorted. */
    private static List<String> keys(List<Forecast> forecasts) {
        return forecasts.stream().map(f -> f.productId + "@" + f.bucketStart + "r" + f.revision).sorted().toList();
    }

    /** Equal lists, or a failure that shows a few of the differences rather than both lists. */
    private static void assertSame(List<String> actual, List<String> expected, String what) {
        List<String> missing = new ArrayList<>(expected);
        actual.forEach(missing::remove);
        List<String> extra = new ArrayList<>(actual);
        expected.forEach(extra::remove);
        assertThat(missing.size() + extra.size()).as("%s: %d missing, %d extra of %d; missing e.g. %s; extra e.g. %s", what,
                missing.size(), extra.size(), expected.size(), missing.stream().limit(3).map(x -> x.substring(0, Math.min(400, x.length()))).toList(),
                extra.stream().limit(3).map(x -> x.substring(0, Math.min(400, x.length()))).toList()).isZero();
    }

    /** Forecasts and alerts without the wall-clock fields, sorted: what two runs of the same orders must share. */
    private static List<String> canonical(List<?> records) {
        return records.stream().map(r -> {
            JsonNode n = Json.MAPPER.valueToTree(r);
            ((com.fasterxml.jackson.databind.node.ObjectNode) n).remove("producedAt");
            return n.toString();
        }).sorted().toList();
    }
}
