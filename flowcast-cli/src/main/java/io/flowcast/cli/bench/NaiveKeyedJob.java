package io.flowcast.cli.bench;

import io.flowcast.core.buckets.BucketAggregate;
import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.events.OrderEvent;
import io.flowcast.core.json.Json;
import io.flowcast.job.config.JobOptions;
import io.flowcast.job.sinks.KafkaSinks;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The baseline the benchmark compares against: what a first keyed job looks like. Parse with
 * Jackson data binding, keyBy product, read and write keyed state on every event, emit a bucket
 * when the next one starts, exactly-once to Kafka. Same source, backend and sink as the real job.
 */
public final class NaiveKeyedJob {
    private NaiveKeyedJob() {}

    /** Adds the naive job to {@code env}: orders topic in, bucket sums to {@code outputTopic}. */
    public static void define(StreamExecutionEnvironment env, Configuration conf, String outputTopic) {
        if (conf.get(JobOptions.PARALLELISM) > 0) {
            env.setParallelism(conf.get(JobOptions.PARALLELISM));
        }
        env.enableCheckpointing(conf.get(JobOptions.CHECKPOINT_INTERVAL).toMillis(), CheckpointingMode.EXACTLY_ONCE);
        KafkaSource<OrderEvent> source = KafkaSource.<OrderEvent>builder()
                .setBootstrapServers(conf.get(JobOptions.BOOTSTRAP_SERVERS))
                .setTopics(conf.get(JobOptions.ORDERS_TOPIC))
                .setGroupId("naive-bench")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setValueOnlyDeserializer(new AbstractDeserializationSchema<OrderEvent>() {
                    @Override
                    public OrderEvent deserialize(byte[] message) {
                        return Json.fromBytes(message, OrderEvent.class);
                    }
                })
                .build();
        long bucketMillis = BucketSize.of(conf.get(JobOptions.BUCKET_SIZE)).millis();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "Kafka orders (naive)")
                .keyBy(e -> e.productId)
                .process(new PerEventBuckets(bucketMillis))
                .sinkTo(KafkaSinks.<BucketAggregate>exactlyOnce(conf, outputTopic, "naive", b -> null));
    }

    /** One state read and one write per event: the cost the real job's pre-aggregation avoids. */
    static final class PerEventBuckets extends KeyedProcessFunction<String, OrderEvent, BucketAggregate> {
        private final long bucketMillis;
        private transient ValueState<BucketAggregate> current;
        private transient ValueState<Long> currentStart;

        PerEventBuckets(long bucketMillis) {
            this.bucketMillis = bucketMillis;
        }

        @Override
        public void open(OpenContext ctx) {
            current = getRuntimeContext().getState(
                    new ValueStateDescriptor<>("bucket", TypeInformation.of(BucketAggregate.class)));
            currentStart = getRuntimeContext().getState(new ValueStateDescriptor<>("bucket-start", Types.LONG));
        }

        @Override
        public void processElement(OrderEvent e, Context ctx, Collector<BucketAggregate> out) throws Exception {
            long start = Math.floorDiv(e.eventTime, bucketMillis) * bucketMillis;
            Long open = currentStart.value();
            BucketAggregate agg = current.value();
            if (open == null || start > open) {
                if (agg != null) {
                    out.collect(agg);
                }
                agg = new BucketAggregate();
                currentStart.update(start);
            }
            agg.add(e);
            current.update(agg);
        }
    }
}
