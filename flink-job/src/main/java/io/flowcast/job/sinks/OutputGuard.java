package io.flowcast.job.sinks;

import io.flowcast.core.events.DeadLetter;
import io.flowcast.core.json.Json;
import io.flowcast.job.metrics.JobMetrics;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Serializes each output record just before its Kafka sink and checks it against the size limit.
 * A record the sink would refuse (too large, or not serializable) would fail the job again after
 * every restore, forever: it becomes a counted {@code OUTPUT_REJECTED} dead letter instead.
 */
public class OutputGuard<T> extends ProcessFunction<T, SerializedRecord> {
    private static final long serialVersionUID = 1L;

    /** Dead letters for the records refused here. */
    public static final OutputTag<DeadLetter> REJECTED = new OutputTag<>("output-rejected") {};

    private final String topic;
    private final KeySelector<T, String> key;
    private final int maxBytes;
    private transient Counter rejected;

    public OutputGuard(String topic, KeySelector<T, String> key, int maxBytes) {
        this.topic = topic;
        this.key = key;
        this.maxBytes = maxBytes;
    }

    /** The guard in front of the sink of {@code topic}, chained to its input; its refusals on {@link #REJECTED}. */
    public static <T> SingleOutputStreamOperator<SerializedRecord> attach(DataStream<T> in, String topic,
            KeySelector<T, String> key, int maxBytes, String uid) {
        return in.process(new OutputGuard<>(topic, key, maxBytes)).uid(uid).name("Size guard " + topic);
    }

    @Override
    public void open(OpenContext openContext) {
        rejected = JobMetrics.deadLetters(getRuntimeContext().getMetricGroup(), DeadLetter.Reason.OUTPUT_REJECTED);
    }

    @Override
    public void processElement(T element, Context ctx, Collector<SerializedRecord> out) {
        byte[] k;
        byte[] v;
        try {
            String s = key == null ? null : key.getKey(element);
            k = s == null ? null : s.getBytes(StandardCharsets.UTF_8);
            v = Json.toBytes(element);
        } catch (Exception e) {
            reject(ctx, out, element, String.valueOf(element).getBytes(StandardCharsets.UTF_8),
                    "record for topic '" + topic + "' cannot be serialized: " + e);
            return;
        }
        SerializedRecord r = new SerializedRecord(k, v);
        if (r.size() > maxBytes) {
            reject(ctx, out, element, v, "record for topic '" + topic + "' is " + r.size()
                    + " bytes, over the limit of " + maxBytes + " (--max-record-bytes)");
            return;
        }
        out.collect(r);
    }

    private void reject(Context ctx, Collector<SerializedRecord> out, T element, byte[] payload, String why) {
        rejected.inc();
        DeadLetter d = DeadLetter.of(DeadLetter.Reason.OUTPUT_REJECTED, why, null).withPayload(payload);
        d.time = System.currentTimeMillis();
        if (element instanceof DeadLetter) {
            // the dead-letter topic itself: bounded by construction, but never loop; write the small stand-in
            out.collect(new SerializedRecord(null, Json.toBytes(d)));
        } else {
            ctx.output(REJECTED, d);
        }
    }
}
