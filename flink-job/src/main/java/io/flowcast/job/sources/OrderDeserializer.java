package io.flowcast.job.sources;

import io.flowcast.core.events.DeadLetter;
import io.flowcast.core.json.OrderJson;
import io.flowcast.core.json.OrderLimits;
import io.flowcast.core.time.EventTimeGuard;
import io.flowcast.job.records.ParsedOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns each {@code orders} record into an order or a dead letter that says where it came from. Never throws.
 * Each order is judged against its partition's recent event times ({@link EventTimeGuard}); one far
 * ahead is marked so that it does not move the watermark (the splitter holds it), one far behind is
 * dead-lettered as {@code LATE} here.
 */
public class OrderDeserializer implements KafkaRecordDeserializationSchema<ParsedOrder> {
    private static final long serialVersionUID = 1L;

    private final long futureToleranceMillis;
    private final long maxLeadMillis;
    private final OrderLimits limits;
    /**
     * Per partition of this reader; not checkpointed (the Kafka source checkpoints only offsets): after a
     * restore each partition re-learns from its first records, judged so that its head is as hard to
     * drag as the rest (see {@link EventTimeGuard}).
     */
    private transient Map<Integer, EventTimeGuard> guards;

    /** The deserializer the job's options describe. */
    public static OrderDeserializer fromOptions(org.apache.flink.configuration.Configuration conf) {
        return new OrderDeserializer(conf.get(io.flowcast.job.config.JobOptions.FUTURE_TOLERANCE),
                conf.get(io.flowcast.job.config.JobOptions.MAX_EVENT_TIME_LEAD),
                io.flowcast.job.config.JobOptions.orderLimits(conf));
    }

    public OrderDeserializer(Duration futureTolerance, Duration maxEventTimeLead, OrderLimits limits) {
        this.futureToleranceMillis = futureTolerance.toMillis();
        this.maxLeadMillis = maxEventTimeLead.toMillis();
        this.limits = limits;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedOrder> out) {
        OrderJson.Result r = OrderJson.parse(record.value(), System.currentTimeMillis() + futureToleranceMillis, limits);
        if (r.ok()) {
            if (guards == null) {
                guards = new HashMap<>();
            }
            EventTimeGuard guard = guards.computeIfAbsent(record.partition(), k -> new EventTimeGuard(maxLeadMillis));
            if (guard.behind(r.order.eventTime)) {
                DeadLetter d = DeadLetter.of(DeadLetter.Reason.LATE, "eventTime " + Instant.ofEpochMilli(r.order.eventTime)
                        + " is more than --max-event-time-lead (" + Duration.ofMillis(maxLeadMillis) + ") before the median "
                        + Instant.ofEpochMilli(guard.median()) + " of partition " + record.partition()
                        + "'s recent event times", null);
                OrderJson.setPayload(d, record.value());
                d.from(record.topic(), record.partition(), record.offset());
                d.time = record.timestamp();
                out.collect(ParsedOrder.bad(d));
                return;
            }
            ParsedOrder p = ParsedOrder.ok(r.order).from(record.value(), record.topic(), record.partition(), record.offset());
            p.watermarkTime = guard.admit(r.order.eventTime);
            out.collect(p);
        } else {
            r.deadLetter.from(record.topic(), record.partition(), record.offset());
            r.deadLetter.time = record.timestamp();
            out.collect(ParsedOrder.bad(r.deadLetter));
        }
    }

    @Override
    public TypeInformation<ParsedOrder> getProducedType() {
        return TypeInformation.of(ParsedOrder.class);
    }
}
