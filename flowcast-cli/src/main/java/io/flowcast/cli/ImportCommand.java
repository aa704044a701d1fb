package io.flowcast.cli;

import io.flowcast.core.data.ImportedLine;
import io.flowcast.core.data.OnlineRetailReader;
import io.flowcast.core.events.DeadLetter;
import io.flowcast.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Loads a real order history (the Online Retail layout) into the orders topic with its original
 * event times; lines that are not demand go to the dead letters with the reason, not to the floor.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Load an order history in the Online Retail CSV layout (InvoiceNo, StockCode, Description,",
                "Quantity, InvoiceDate, UnitPrice, CustomerID, Country; .csv or .csv.gz) into the orders topic.",
                "Cancellations, returns, non-product codes and zero prices go to the dead-letters topic."})
public final class ImportCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", description = "The CSV file (default: the shared Online Retail file).")
    Path file;
    @Option(names = "--bootstrap-servers", description = "Kafka to write to (default: ${DEFAULT-VALUE}).")
    String bootstrapServers = "localhost:9092";
    @Option(names = "--topic", description = "Orders topic (default: ${DEFAULT-VALUE}).")
    String topic = "orders";
    @Option(names = "--dead-letters-topic", description = "Where rejected lines go (default: ${DEFAULT-VALUE}).")
    String deadLettersTopic = "dead-letters";
    @Option(names = "--allow-older", description = "Import even when the topic already holds newer orders (a job reading it would dead-letter these as LATE).")
    boolean allowOlder;

    @Override
    public Integer call() throws Exception {
        Path input = file != null ? file : OnlineRetailReader.defaultFile();
        if (!Files.isReadable(input)) {
            System.err.println("flowcast import: cannot read " + input);
            return 2;
        }
        if (!allowOlder) {
            String why = olderThanTopic(input);
            if (why != null) {
                System.err.println("flowcast import: " + why);
                return 1;
            }
        }
        Progress progress = new Progress("import", 0);
        long n = 0;
        try (OnlineRetailReader reader = OnlineRetailReader.open(input);
             KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(bootstrapServers)) {
            while (reader.hasNext()) {
                ImportedLine line = reader.next();
                if (line.accepted()) {
                    producer.send(new ProducerRecord<>(topic, null, line.order.eventTime,
                            line.order.productId.getBytes(StandardCharsets.UTF_8), Json.toBytes(line.order)));
                } else {
                    producer.send(new ProducerRecord<>(deadLettersTopic, null, Json.toBytes(rejection(input, line))));
                }
                progress.update(++n, String.format("(%,d rejected)", reader.rejectedCount()));
            }
            producer.flush();
            progress.done(n, String.format("in %.1f s", progress.seconds()));
            System.err.printf("%,d lines: %,d orders to '%s', %,d rejected to '%s'%n", reader.linesRead(),
                    reader.acceptedCount(), topic, reader.rejectedCount(), deadLettersTopic);
            for (Map.Entry<String, Long> e : reader.rejectCounts().entrySet()) {
                System.err.printf("  %-22s %,d%n", e.getKey(), e.getValue());
            }
        }
        return 0;
    }

    /**
     * Why importing would be useless, or null: a job already reading the topic has its event-time
     * clock at the newest order there (the demo's is in 2025); older orders are all LATE to it.
     */
    private String olderThanTopic(Path input) throws Exception {
        long fileStart = Long.MAX_VALUE;
        try (OnlineRetailReader reader = OnlineRetailReader.open(input)) {
            while (reader.hasNext() && fileStart == Long.MAX_VALUE) {
                ImportedLine line = reader.next();
                if (line.accepted()) {
                    fileStart = line.order.eventTime;
                }
            }
        }
        long newest = Long.MIN_VALUE;
        try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> c =
                     KafkaClients.consumer(bootstrapServers, "flowcast-import-check")) {
            java.util.List<org.apache.kafka.common.TopicPartition> parts = c.partitionsFor(topic, java.time.Duration.ofSeconds(30))
                    .stream().map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            Map<org.apache.kafka.common.TopicPartition, Long> ends = c.endOffsets(parts);
            for (var e : ends.entrySet()) {
                c.seek(e.getKey(), Math.max(0, e.getValue() - 10)); // the last few records of each partition
            }
            long deadline = System.currentTimeMillis() + 5_000;
            long remaining = ends.values().stream().mapToLong(v -> Math.min(v, 10)).sum();
            while (remaining > 0 && System.currentTimeMillis() < deadline) {
                for (var r : c.poll(java.time.Duration.ofMillis(200))) {
                    remaining--;
                    var parsed = io.flowcast.core.json.OrderJson.parse(r.value(), Long.MAX_VALUE);
                    if (parsed.ok()) {
                        newest = Math.max(newest, parsed.order.eventTime);
                    }
                }
            }
        }
        if (newest == Long.MIN_VALUE || fileStart == Long.MAX_VALUE || fileStart >= newest - 86_400_000L) {
            return null;
        }
        return String.format("'%s' on %s already holds orders up to %s, and this file starts at %s.%n"
                + "A job reading that topic (a running ./flowcast demo, say) has its event-time clock past these orders"
                + " and would dead-letter every one of them as LATE.%n"
                + "Import into an empty topic or broker and start the job after it (./flowcast job --bounded replays it),"
                + " or score the file with ./flowcast backtest FILE; --allow-older imports anyway.",
                topic, bootstrapServers, java.time.Instant.ofEpochMilli(newest), java.time.Instant.ofEpochMilli(fileStart));
    }

    private static DeadLetter rejection(Path input, ImportedLine line) {
        DeadLetter d = DeadLetter.of(DeadLetter.Reason.REJECTED_BY_IMPORT, line.rejectReason, line.rawLine);
        d.sourceTopic = "file:" + input.getFileName();
        d.sourceOffset = line.lineNumber;
        d.time = System.currentTimeMillis();
        return d;
    }
}
