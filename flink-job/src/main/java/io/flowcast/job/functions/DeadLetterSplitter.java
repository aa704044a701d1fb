package io.flowcast.job.functions;

import io.flowcast.core.events.DeadLetter;
import io.flowcast.core.events.OrderEvent;
import io.flowcast.job.metrics.JobMetrics;
import io.flowcast.job.records.ParsedOrder;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Passes valid orders on and sends the records the source could not parse to the dead letters, counted by reason. */
public class DeadLetterSplitter extends ProcessFunction<ParsedOrder, OrderEvent> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private transient Counter orders;
    private transient Map<DeadLetter.Reason, Counter> deadLetters;

    @Override
    public void open(OpenContext openContext) {
        orders = getRuntimeContext().getMetricGroup().counter(JobMetrics.ORDERS_IN);
        deadLetters = new EnumMap<>(DeadLetter.Reason.class);
        for (DeadLetter.Reason r : DeadLetter.Reason.values()) {
            deadLetters.put(r, JobMetrics.deadLetters(getRuntimeContext().getMetricGroup(), r));
        }
    }

    @Override
    public void processElement(ParsedOrder value, Context ctx, Collector<OrderEvent> out) {
        if (value.order != null) {
            orders.inc();
            out.collect(value.order);
        } else {
            deadLetters.get(DeadLetter.Reason.valueOf(value.deadLetter.reason)).inc();
            ctx.output(DEAD_LETTERS, value.deadLetter);
        }
    }
}
