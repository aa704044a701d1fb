package io.flowcast.job.sources;

import io.flowcast.job.config.JobOptions;
import io.flowcast.job.records.ParsedOrder;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Builds the Kafka source of the {@code orders} topic from the job options. */
public final class OrderSource {
    private OrderSource() {}

    public static KafkaSource<ParsedOrder> create(Configuration conf) {
        return create(conf, OrderDeserializer.fromOptions(conf));
    }

    /** The same source with another deserializer (the bench compares the order path without provenance). */
    public static KafkaSource<ParsedOrder> create(Configuration conf, KafkaRecordDeserializationSchema<ParsedOrder> deserializer) {
        KafkaSourceBuilder<ParsedOrder> b = KafkaSource.<ParsedOrder>builder()
                .setBootstrapServers(conf.get(JobOptions.BOOTSTRAP_SERVERS))
                .setTopics(conf.get(JobOptions.ORDERS_TOPIC))
                .setGroupId(conf.get(JobOptions.GROUP_ID))
                .setDeserializer(deserializer)
                // only orders from committed transactions: an aborted producer batch is not demand
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", conf.get(JobOptions.BOUNDED) ? "-1" : "60000")
                .setStartingOffsets(startingOffsets(conf.get(JobOptions.STARTING_OFFSETS)));
        if (conf.get(JobOptions.BOUNDED)) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return b.build();
    }

    private static OffsetsInitializer startingOffsets(String name) {
        switch (name) {
            case "earliest": return OffsetsInitializer.earliest();
            case "latest": return OffsetsInitializer.latest();
            case "committed": return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            default: throw new IllegalArgumentException(
                    "--starting-offsets must be earliest, latest or committed, got '" + name + "'");
        }
    }
}
