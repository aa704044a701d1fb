package io.flowcast.job.functions;

import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.events.DeadLetter;
import io.flowcast.core.events.OrderEvent;
import io.flowcast.core.json.Json;
import io.flowcast.core.json.OrderJson;
import io.flowcast.job.config.JobOptions;
import io.flowcast.job.metrics.JobMetrics;
import io.flowcast.job.records.ParsedOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The one place an order is judged before it is summed, chained right behind the Kafka source so
 * that each order still has its raw bytes, topic, partition and offset at hand:
 * <ul>
 *   <li>records the source could not parse go to the dead letters, counted by reason;</li>
 *   <li>an order too late even for the allowed lateness (against the watermark it arrives under,
 *       the same one the pre-aggregator sees) is dead-lettered as {@code LATE} with the record as sent;</li>
 *   <li>an order the source marked as ahead of its partition's event time is held in operator state
 *       and released, before the watermark that comes within {@code --max-event-time-lead} of it (or
 *       at the end of a bounded input), as an ordinary order; when the hold is full it is
 *       dead-lettered as {@code FUTURE_TIME}.</li>
 * </ul>
 */
public class DeadLetterSplitter extends AbstractStreamOperator<OrderEvent>
        implements OneInputStreamOperator<ParsedOrder, OrderEvent> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};
    public static final ListStateDescriptor<ParsedOrder> HELD =
            new ListStateDescriptor<>("held-orders", TypeInformation.of(ParsedOrder.class));

    private final BucketSize bucketSize;
    private final long allowedLatenessMillis;
    private final long leadMillis;
    private final int maxHeld;

    private transient PriorityQueue<ParsedOrder> held;
    private transient ListState<ParsedOrder> heldState;
    private transient long currentWatermark;
    private transient Counter orders;
    private transient Map<DeadLetter.Reason, Counter> deadLetters;

    public DeadLetterSplitter(BucketSize bucketSize, Duration allowedLateness, Duration maxEventTimeLead, int maxHeld) {
        this.bucketSize = bucketSize;
        this.allowedLatenessMillis = allowedLateness.toMillis();
        this.leadMillis = maxEventTimeLead.toMillis();
        this.maxHeld = maxHeld;
    }

    public static DeadLetterSplitter fromOptions(Configuration conf) {
        return new DeadLetterSplitter(BucketSize.of(conf.get(JobOptions.BUCKET_SIZE)), conf.get(JobOptions.ALLOWED_LATENESS),
                conf.get(JobOptions.MAX_EVENT_TIME_LEAD), conf.get(JobOptions.MAX_HELD_ORDERS));
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        heldState = context.getOperatorStateStore().getListState(HELD);
        held = new PriorityQueue<>(Comparator.comparingLong((ParsedOrder p) -> p.order.eventTime));
        for (ParsedOrder p : heldState.get()) {
            held.add(p);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        heldState.update(new ArrayList<>(held));
    }

    @Override
    public void open() throws Exception {
        super.open();
        currentWatermark = Long.MIN_VALUE;
        orders = getMetricGroup().counter(JobMetrics.ORDERS_IN);
        deadLetters = new EnumMap<>(DeadLetter.Reason.class);
        for (DeadLetter.Reason r : DeadLetter.Reason.values()) {
            deadLetters.put(r, JobMetrics.deadLetters(getMetricGroup(), r));
        }
        getMetricGroup().gauge(JobMetrics.ORDERS_HELD, () -> held.size());
    }

    @Override
    public void processElement(StreamRecord<ParsedOrder> record) {
        ParsedOrder p = record.getValue();
        if (p.order == null) {
            deadLetter(p.deadLetter);
        } else if (p.ahead()) {
            if (held.size() >= maxHeld) {
                deadLetter(letter(p, DeadLetter.Reason.FUTURE_TIME, aheadDetail(p) + "; the hold of " + maxHeld
                        + " orders is full (--max-held-orders)"));
            } else {
                held.add(p);
            }
        } else {
            pass(p);
        }
    }

    private void pass(ParsedOrder p) {
        long bucketStart = bucketSize.start(p.order.eventTime);
        // same rule as Flink windows: late once the watermark has passed close time + allowed lateness
        if (currentWatermark != Long.MIN_VALUE && bucketSize.closeTime(bucketStart) + allowedLatenessMillis <= currentWatermark) {
            deadLetter(letter(p, DeadLetter.Reason.LATE, "bucket " + Instant.ofEpochMilli(bucketStart)
                    + " closed and its allowed lateness (" + allowedLatenessMillis + " ms) passed; watermark "
                    + Instant.ofEpochMilli(currentWatermark)));
            return;
        }
        orders.inc();
        output.collect(new StreamRecord<>(p.order, p.order.eventTime));
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        long w = mark.getTimestamp();
        if (w == Long.MAX_VALUE) {
            // end of a bounded input: nothing after the held orders can show them wrong, and a sparse
            // partition's last orders are legitimately ahead of its median; the parser's wall-clock rule
            // and the keyed operator's idle expiry bound what a far-ahead one costs
            while (!held.isEmpty()) {
                pass(held.poll());
            }
            currentWatermark = w;
        } else {
            // released before the watermark moves on, and judged against the one before it (as the pre-aggregator
            // and the buckets still are): a partition's first record, held for want of a reference, is not made
            // late by the records after it that moved the watermark past it
            while (!held.isEmpty() && held.peek().order.eventTime - leadMillis <= w) {
                pass(held.poll());
            }
            currentWatermark = w;
        }
        super.processWatermark(mark);
    }

    private String aheadDetail(ParsedOrder p) {
        return "eventTime " + Instant.ofEpochMilli(p.order.eventTime) + " was more than --max-event-time-lead ("
                + Duration.ofMillis(leadMillis) + ") ahead of partition " + p.sourcePartition + "'s recent event times"
                + (p.watermarkTime == Long.MIN_VALUE ? " (its first record: nothing to compare with yet)"
                        : " (median + lead " + Instant.ofEpochMilli(p.watermarkTime) + ")");
    }

    /** A dead letter for an order that parsed: the record as sent when the source kept it, else the order's JSON. */
    private static DeadLetter letter(ParsedOrder p, DeadLetter.Reason reason, String detail) {
        DeadLetter d = DeadLetter.of(reason, detail, null);
        if (p.raw != null) {
            OrderJson.setPayload(d, p.raw);
        } else {
            d.payload = Json.toString(p.order);
        }
        d.from(p.sourceTopic, p.sourcePartition, p.sourceOffset);
        d.time = System.currentTimeMillis();
        return d;
    }

    private void deadLetter(DeadLetter d) {
        DeadLetter.Reason reason = DeadLetter.Reason.valueOf(d.reason);
        deadLetters.get(reason).inc();
        output.collect(DEAD_LETTERS, new StreamRecord<>(d));
    }
}
