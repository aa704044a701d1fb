package io.flowcast.job.state;

import io.flowcast.core.engine.ProductTimeline;
import io.flowcast.core.engine.StateCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** The keyed state of where a product's buckets stand, in {@link StateCodec}'s layout. */
public final class ProductTimelineSerializer extends CodecSerializer<ProductTimeline> {
    private static final long serialVersionUID = 1L;
    public static final ProductTimelineSerializer INSTANCE = new ProductTimelineSerializer();

    @Override
    void write(ProductTimeline value, DataOutput out) throws IOException {
        StateCodec.writeTimeline(value, out);
    }

    @Override
    ProductTimeline read(DataInput in) throws IOException {
        return StateCodec.readTimeline(in);
    }

    @Override
    public ProductTimeline createInstance() {
        return new ProductTimeline();
    }

    @Override
    public TypeSerializerSnapshot<ProductTimeline> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Names the serializer in a checkpoint; each value carries its own layout version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ProductTimeline> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
