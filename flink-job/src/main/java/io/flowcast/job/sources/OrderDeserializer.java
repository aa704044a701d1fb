package io.flowcast.job.sources;

import io.flowcast.core.json.OrderJson;
import io.flowcast.job.records.ParsedOrder;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Turns each {@code orders} record into an order or a dead letter that says where it came from. Never throws. */
public class OrderDeserializer implements KafkaRecordDeserializationSchema<ParsedOrder> {
    private static final long serialVersionUID = 1L;

    private final long futureToleranceMillis;

    public OrderDeserializer(Duration futureTolerance) {
        this.futureToleranceMillis = futureTolerance.toMillis();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedOrder> out) {
        OrderJson.Result r = OrderJson.parse(record.value(), System.currentTimeMillis() + futureToleranceMillis);
        if (r.ok()) {
            out.collect(ParsedOrder.ok(r.order));
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
