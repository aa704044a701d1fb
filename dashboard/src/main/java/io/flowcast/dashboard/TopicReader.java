package io.flowcast.dashboard;

import io.flowcast.core.events.Alert;
import io.flowcast.core.events.DeadLetter;
import io.flowcast.core.events.Forecast;
import io.flowcast.core.events.ModelRecord;
import io.flowcast.core.json.Json;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread, one consumer of the forecasts, alerts, models and dead-letters topics (read_committed,
 * from the earliest offset, its own group, nothing committed): feeds {@link DashboardState}. A record
 * that does not parse is counted ({@code flowcast_dashboard_bad_records_total}) and skipped.
 */
public final class TopicReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicReader.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final DashboardState state;
    private final DashboardConfig config;
    private final MeterRegistry registry;
    private final Thread thread;
    private volatile boolean running = true;

    public TopicReader(DashboardConfig config, DashboardState state, MeterRegistry registry) {
        this.config = config;
        this.state = state;
        this.registry = registry;
        Properties p = new Properties();
        p.putAll(io.flowcast.core.config.KafkaClientSettings.fromEnvironment()); // SASL/SSL of the deployment
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "flowcast-dashboard-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, config.fromLatest ? "latest" : "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "flowcast-dashboard");
        consumer = new KafkaConsumer<>(p);
        consumer.subscribe(List.of(config.forecastsTopic, config.alertsTopic, config.modelsTopic, config.deadLettersTopic));
        thread = new Thread(this::run, "dashboard-topic-reader");
        thread.setDaemon(true);
    }

    public TopicReader start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    take(r);
                }
            }
        } catch (WakeupException e) {
            // close() woke the poll
        } catch (RuntimeException e) {
            LOG.error("dashboard stopped reading the topics", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void take(ConsumerRecord<byte[], byte[]> r) {
        String topic = r.topic();
        registry.counter("flowcast.dashboard.records", "topic", topic).increment();
        if (r.value() == null) {
            return; // a compacted model's tombstone
        }
        try {
            if (topic.equals(config.forecastsTopic)) {
                state.onForecast(Json.fromBytes(r.value(), Forecast.class));
            } else if (topic.equals(config.alertsTopic)) {
                state.onAlert(Json.fromBytes(r.value(), Alert.class));
            } else if (topic.equals(config.modelsTopic)) {
                state.onModel(Json.fromBytes(r.value(), ModelRecord.class));
            } else if (topic.equals(config.deadLettersTopic)) {
                state.onDeadLetter(Json.fromBytes(r.value(), DeadLetter.class));
            }
        } catch (RuntimeException e) {
            registry.counter("flowcast.dashboard.bad.records", "topic", topic).increment();
            LOG.warn("skipped an unreadable record at {}-{}@{}: {}", topic, r.partition(), r.offset(), e.getMessage());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}
