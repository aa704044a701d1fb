package io.flowcast.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.backtest.sources.FileInput;
import io.flowcast.backtest.sources.KafkaInput;
import io.flowcast.backtest.sources.OrderInput;
import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.data.GeneratedRecord;
import io.flowcast.core.events.Forecast;
import io.flowcast.core.json.Json;
import io.flowcast.job.FlowcastJob;
import io.flowcast.job.config.JobOptions;
import io.flowcast.kafka.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * The live job ({@link FlowcastJob#define}: Kafka source, exactly-once Kafka sinks) streaming a
 * topic of an in-process broker, against the backtest replaying the same orders from a file and
 * from the topic: the same forecasts, field for field but producedAt.
 *
 * <p>Compared: every forecast of a bucket up to the product's last order must be identical. After
 * that, how many zero buckets a run closes for a product that went quiet depends on how far the
 * watermark got before the end of the input: in both runs it is the minimum over the two
 * partitions, and which partition finishes last (its split's watermark then rules alone) is a
 * matter of timing, so either run may close more of them. There, per product, one run's trailing
 * forecasts must be the other's first ones, identical.
 */
class LiveEqualsReplayITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final BucketSize DAILY = BucketSize.parse("1d");
    private static EmbeddedKafkaBroker kafka;
    @TempDir
    static Path dir;

    @BeforeAll
    static void startKafka() {
        kafka = new EmbeddedKafkaBroker().start();
        kafka.createTopics(2, "orders", "forecasts", "dead-letters", "alerts");
        kafka.createCompactedTopic("models");
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void shouldReplayTheForecastsTheLiveJobProduced() throws Exception {
        List<GeneratedRecord> orders = TestOrders.synthetic(30, 40, 6, 23);
        produce(orders);
        Map<String, Long> lastOrderBucket = new HashMap<>();
        orders.forEach(r -> lastOrderBucket.merge(r.order.productId, DAILY.start(r.eventTime), Math::max));

        Configuration live = JobOptions.fromArgs(new String[] {
            "--bootstrap-servers", kafka.bootstrapServers(), "--bounded", "--parallelism", "2",
            "--bucket-size", "1d", "--lookback", "28", "--horizon", "7", "--forecaster", "auto",
            "--state-backend", "hashmap", "--product-idle-timeout", BacktestConfig.NO_EXPIRY,
            "--checkpoint-interval", "1s", "--checkpoint-dir", dir.resolve("checkpoints").toUri().toString(),
            "--transactional-id-prefix", "live-vs-replay-" + System.nanoTime()});
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(FlowcastJob.runtimeConfig(live));
        FlowcastJob.run(env, live, "live job");
        List<Forecast> liveForecasts = consumeForecasts();

        OrderInput file = FileInput.of(TestOrders.writeJsonLines(orders, dir.resolve("orders.jsonl")));
        OrderInput topic = new KafkaInput(kafka.bootstrapServers(), "orders", null, null);
        for (OrderInput input : List.of(file, topic)) {
            BacktestConfig config = BacktestConfig.builder(input).run("auto").horizon(7).lookback(28).build();
            List<Forecast> replayed = Backtest.replay(config, config.runs().get(0));

            assertThat(TestOrders.differences(upToLastOrder(liveForecasts, lastOrderBucket),
                    upToLastOrder(replayed, lastOrderBucket))).as("replay from %s", input.describe()).isEmpty();
            assertThat(trailingMismatches(liveForecasts, replayed, lastOrderBucket))
                    .as("trailing zero buckets, replay from %s", input.describe()).isEmpty();
        }
        assertThat(upToLastOrder(liveForecasts, lastOrderBucket)).hasSizeGreaterThan(500);
    }

    /** Products whose forecasts after the last order are not, one run's, a prefix of the other's. */
    private static List<String> trailingMismatches(List<Forecast> live, List<Forecast> replayed,
                                                   Map<String, Long> lastOrderBucket) {
        Map<String, List<Forecast>> a = trailingByProduct(live, lastOrderBucket);
        Map<String, List<Forecast>> b = trailingByProduct(replayed, lastOrderBucket);
        List<String> mismatches = new ArrayList<>();
        for (String product : lastOrderBucket.keySet()) {
            List<Forecast> x = a.getOrDefault(product, List.of());
            List<Forecast> y = b.getOrDefault(product, List.of());
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                if (!x.get(i).sameContent(y.get(i))) {
                    mismatches.add(product + ": live " + x.get(i) + "\n   vs replay " + y.get(i));
                    break;
                }
            }
        }
        return mismatches;
    }

    private static Map<String, List<Forecast>> trailingByProduct(List<Forecast> forecasts,
                                                                 Map<String, Long> lastOrderBucket) {
        Map<String, List<Forecast>> out = new HashMap<>();
        for (Forecast f : TestOrders.sorted(forecasts)) {
            if (f.bucketStart > lastOrderBucket.get(f.productId)) {
                out.computeIfAbsent(f.productId, k -> new ArrayList<>()).add(f);
            }
        }
        return out;
    }

    private static List<Forecast> upToLastOrder(List<Forecast> forecasts, Map<String, Long> lastOrderBucket) {
        List<Forecast> out = new ArrayList<>();
        for (Forecast f : forecasts) {
            if (f.bucketStart <= lastOrderBucket.get(f.productId)) {
                out.add(f);
            }
        }
        return out;
    }

    private static void produce(List<GeneratedRecord> records) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(kafka.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (GeneratedRecord r : records) {
                // keyed by product and stamped with the event time, as flowcast import writes it
                producer.send(new ProducerRecord<>("orders", null, r.eventTime, r.key.getBytes(StandardCharsets.UTF_8),
                        r.value));
            }
            producer.flush();
        }
    }

    /** Reads the committed forecasts until none arrive for 3 s (the job has ended, so all are committed). */
    private static List<Forecast> consumeForecasts() {
        Properties p = kafka.clientProperties();
        p.put("group.id", "live-vs-replay-" + System.nanoTime());
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        List<Forecast> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("forecasts"));
            long deadline = System.currentTimeMillis() + 60_000;
            long quietSince = System.currentTimeMillis();
            while (System.currentTimeMillis() < deadline && System.currentTimeMillis() - quietSince < 3_000) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(Json.fromBytes(r.value(), Forecast.class));
                    quietSince = System.currentTimeMillis();
                }
            }
        }
        return out;
    }
}
