package io.flowcast.job.state;

import io.flowcast.core.engine.ProductState;
import io.flowcast.core.engine.StateCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** The keyed state of a product's history, errors, LSTM and alert state, in {@link StateCodec}'s layout. */
public final class ProductStateSerializer extends CodecSerializer<ProductState> {
    private static final long serialVersionUID = 1L;
    public static final ProductStateSerializer INSTANCE = new ProductStateSerializer();

    @Override
    void write(ProductState value, DataOutput out) throws IOException {
        StateCodec.writeState(value, out);
    }

    @Override
    ProductState read(DataInput in) throws IOException {
        return StateCodec.readState(in);
    }

    @Override
    public ProductState createInstance() {
        return new ProductState();
    }

    @Override
    public TypeSerializerSnapshot<ProductState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Names the serializer in a checkpoint; each value carries its own layout version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ProductState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
