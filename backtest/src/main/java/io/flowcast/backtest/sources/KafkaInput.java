package io.flowcast.backtest.sources;

import io.flowcast.job.config.JobOptions;
import io.flowcast.job.records.ParsedOrder;
import io.flowcast.job.sources.OrderDeserializer;
import java.time.Instant;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A bounded slice of an orders topic: from the first record with a Kafka timestamp at or after
 * {@code from} to the last one before {@code to} (earliest and latest offsets when not given),
 * parsed by the job's own deserializer with per-partition watermarks ({@link ReplayWatermarks}), as the live job reads it.
 * Orders whose event time is outside [from, to) are dropped too: {@code flowcast import} stamps
 * records with their event time, but a producer that stamped wall-clock time would otherwise
 * leak orders from outside the window in. Dead letters pass through.
 */
public final class KafkaInput implements OrderInput {
    private static final long serialVersionUID = 1L;

    private final String bootstrapServers;
    private final String topic;
    private final Long fromMillis;
    private final Long toMillis;

    /** {@code from} and {@code to} may be null: the start and the current end of the topic. */
    public KafkaInput(String bootstrapServers, String topic, Instant from, Instant to) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.fromMillis = from == null ? null : from.toEpochMilli();
        this.toMillis = to == null ? null : to.toEpochMilli();
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("--from must be before --to");
        }
    }

    @Override
    public long expectedRecords() {
        return -1;
    }

    @Override
    public String describe() {
        return "Kafka " + bootstrapServers + " topic " + topic + " from "
                + (fromMillis == null ? "the beginning" : Instant.ofEpochMilli(fromMillis)) + " to "
                + (toMillis == null ? "the end" : Instant.ofEpochMilli(toMillis));
    }

    @Override
    public DataStream<ParsedOrder> create(StreamExecutionEnvironment env, Configuration conf) {
        KafkaSource<ParsedOrder> source = KafkaSource.<ParsedOrder>builder()
                .setProperties(JobOptions.kafkaClientProperties(conf)) // SASL/SSL of the deployment
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId("flowcast-backtest-" + System.currentTimeMillis())
                .setDeserializer(OrderDeserializer.fromOptions(conf))
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", "-1")
                .setProperty("commit.offsets.on.checkpoint", "false")
                .setStartingOffsets(fromMillis == null ? OffsetsInitializer.earliest() : OffsetsInitializer.timestamp(fromMillis))
                .setBounded(toMillis == null ? OffsetsInitializer.latest() : OffsetsInitializer.timestamp(toMillis))
                .build();
        long lo = fromMillis == null ? Long.MIN_VALUE : fromMillis;
        long hi = toMillis == null ? Long.MAX_VALUE : toMillis;
        return env.fromSource(source, ReplayWatermarks.of(conf), "Kafka orders (bounded)")
                .uid("backtest-kafka-source")
                .filter(new InWindow(lo, hi)).name("Orders in [from, to)").uid("backtest-window-filter");
    }

    /** Keeps orders with lo <= event time < hi and every dead letter; counts what it sees for the progress bar. */
    static final class InWindow implements FilterFunction<ParsedOrder> {
        private static final long serialVersionUID = 1L;
        private final long lo;
        private final long hi;

        InWindow(long lo, long hi) {
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        public boolean filter(ParsedOrder p) {
            ReplayCounter.increment();
            return p.order == null || (p.order.eventTime >= lo && p.order.eventTime < hi);
        }
    }
}
