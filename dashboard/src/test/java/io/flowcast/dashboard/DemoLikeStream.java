package io.flowcast.dashboard;

import io.flowcast.core.events.Alert;
import io.flowcast.core.events.DeadLetter;
import io.flowcast.core.events.Forecast;
import io.flowcast.core.events.ForecastStep;
import io.flowcast.core.events.ModelRecord;
import io.flowcast.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes what the job and the trainer write, in the shape they write it: hourly forecasts for a set of
 * products with a daily curve, one bucket per tick, dead letters, and on request an alert or a model
 * that the following forecasts are served by. Seeded, so every run draws the same series.
 */
final class DemoLikeStream implements AutoCloseable {
    static final long HOUR = 3_600_000L;
    static final long BEGINNING = 1_736_121_600_000L; // 2025-01-06T00:00Z
    static final int HORIZON = 24;

    private final KafkaProducer<byte[], byte[]> producer;
    private final List<String> products;
    private final Random random = new Random(42);
    private long bucket = BEGINNING;
    private volatile String forecaster = "robust-seasonal";
    private volatile String modelVersion = "baseline";

    DemoLikeStream(String bootstrap, List<String> products) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        producer = new KafkaProducer<>(p);
        this.products = products;
    }

    long currentBucket() {
        return bucket;
    }

    /** Closes the next bucket: one forecast per product, a dead letter now and then. */
    synchronized void closeBucket() {
        for (int i = 0; i < products.size(); i++) {
            String id = products.get(i);
            double scale = 5 + 3 * (i % 7);
            Forecast f = new Forecast();
            f.productId = id;
            f.bucketStart = bucket;
            f.bucketSizeMillis = HOUR;
            f.actual = Math.max(0, Math.round(curve(bucket, scale) + random.nextGaussian() * Math.sqrt(scale)));
            f.actualOrders = (long) Math.ceil(f.actual / 2);
            f.expectedOrders = curve(bucket + HOUR, scale) / 2;
            f.steps = new ForecastStep[HORIZON];
            for (int h = 1; h <= HORIZON; h++) {
                long t = bucket + h * HOUR;
                double point = curve(t, scale);
                double width = 0.35 * point * Math.sqrt(1 + h / 6.0) + 1;
                f.steps[h - 1] = new ForecastStep(h, t, point, Math.max(0, point - width), point, point + width);
            }
            f.forecaster = forecaster;
            f.modelVersion = modelVersion;
            f.producedAt = System.currentTimeMillis();
            send("forecasts", id, f);
        }
        if (random.nextInt(3) == 0) {
            DeadLetter d = DeadLetter.of(random.nextBoolean() ? DeadLetter.Reason.BAD_QUANTITY : DeadLetter.Reason.MALFORMED_JSON,
                    "generated bad record", "{\"quantity\":-1}");
            producer.send(new ProducerRecord<>("dead-letters", null, Json.toBytes(d)));
        }
        producer.flush();
        bucket += HOUR;
    }

    /** A late order corrects the last closed bucket: its forecast again, revision 1, one unit more. */
    synchronized void reviseLastBucket(String id, int index) {
        double scale = 5 + 3 * (index % 7);
        Forecast f = new Forecast();
        f.productId = id;
        f.bucketStart = bucket - HOUR;
        f.bucketSizeMillis = HOUR;
        f.actual = Math.round(curve(f.bucketStart, scale)) + 4;
        f.steps = new ForecastStep[0];
        f.forecaster = forecaster;
        f.modelVersion = modelVersion;
        f.revision = 1;
        f.producedAt = System.currentTimeMillis();
        send("forecasts", id, f);
        producer.flush();
    }

    synchronized void alert(String productId, Alert.Status status, String reason) {
        Alert a = new Alert();
        a.productId = productId;
        a.bucketStart = bucket - HOUR;
        a.bucketSizeMillis = HOUR;
        a.kind = Alert.Kind.SPIKE;
        a.status = status;
        a.severity = Alert.Severity.CRITICAL;
        a.actual = 90;
        a.expected = 12.5;
        a.intervalLow = 6;
        a.intervalHigh = 20;
        a.reason = reason;
        a.openedAt = a.bucketStart;
        a.alertId = Alert.alertId(productId, a.kind, a.openedAt);
        a.producedAt = System.currentTimeMillis();
        send("alerts", productId, a);
        producer.flush();
    }

    /** Publishes a model as the trainer does; the job serves it from the next bucket on. */
    synchronized void publishModel(String version) {
        ModelRecord r = new ModelRecord();
        r.modelName = "flowcast-lstm";
        r.version = version;
        r.createdAt = System.currentTimeMillis();
        r.validation = new ModelRecord.Validation();
        r.validation.decision = "PUBLISH";
        r.validation.wape = 0.41;
        send("models", r.modelName, r);
        producer.flush();
        forecaster = "lstm";
        modelVersion = version;
    }

    private void send(String topic, String key, Object value) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), Json.toBytes(value)));
    }

    private static double curve(long t, double scale) {
        double hourOfDay = (t / HOUR) % 24;
        return scale * (1 + 0.8 * Math.sin((hourOfDay - 8) / 24 * 2 * Math.PI));
    }

    @Override
    public void close() {
        producer.close();
    }
}
