package io.flowcast.cli;

import io.flowcast.core.events.Alert;
import io.flowcast.core.json.Json;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Shows demand alerts on the console as they arrive on the alerts topic: one line per opened and
 * resolved alert (updates are only counted, or a long shift would flood the screen).
 */
final class AlertConsole implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private long opened;
    private long updated;
    private long resolved;

    AlertConsole(String bootstrapServers, String topic, String groupId) {
        consumer = KafkaClients.consumer(bootstrapServers, groupId);
        consumer.subscribe(List.of(topic));
    }

    /** Alert lines printed since the last {@link #startInterval}: a burst is summarised, not scrolled. */
    private int printedThisInterval;
    private int withheldThisInterval;
    private static final int MAX_LINES_PER_INTERVAL = 4;

    /** Starts a new report interval; returns the line saying how many alerts were not printed, or null. */
    String startInterval() {
        String line = withheldThisInterval == 0 ? null
                : String.format(Locale.ROOT, "       (+%,d more alerts opened or resolved; %s)", withheldThisInterval, summary());
        printedThisInterval = 0;
        withheldThisInterval = 0;
        return line;
    }

    /** Polls once (briefly) and prints the new alerts' lines, spikes and drops first in line; returns how many arrived. */
    int printNew(PrintStream out) {
        int n = 0;
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
            Alert a;
            try {
                a = Json.fromBytes(r.value(), Alert.class);
            } catch (RuntimeException e) {
                continue; // not ours to judge: the console shows what it can read
            }
            n++;
            switch (a.status) {
                case OPEN -> opened++;
                case UPDATE -> updated++;
                case RESOLVED -> resolved++;
                default -> { }
            }
            if (a.status == Alert.Status.UPDATE) {
                continue;
            }
            // shifts come in bursts while the baselines learn the daily cycle; spikes and drops always show
            boolean always = a.kind == Alert.Kind.SPIKE || a.kind == Alert.Kind.DROP;
            if (always || printedThisInterval < MAX_LINES_PER_INTERVAL) {
                out.println("       ALERT " + format(a));
                printedThisInterval++;
            } else {
                withheldThisInterval++;
            }
        }
        return n;
    }

    String summary() {
        return String.format(Locale.ROOT, "%,d alerts opened, %,d updates, %,d resolved", opened, updated, resolved);
    }

    /** One readable line: status, severity, kind, product, bucket, actual against expected, reason. */
    static String format(Alert a) {
        return String.format(Locale.ROOT, "%-8s %-8s %-10s %s %s actual %.0f expected %.1f [%.1f, %.1f] (%s/%s): %s",
                a.status, a.severity, a.kind, a.productId, Instant.ofEpochMilli(a.bucketStart), a.actual, a.expected,
                a.intervalLow, a.intervalHigh, a.forecaster, a.modelVersion, a.reason);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
