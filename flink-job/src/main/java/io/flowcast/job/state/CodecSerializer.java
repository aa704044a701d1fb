package io.flowcast.job.state;

import io.flowcast.core.engine.ProductState;
import io.flowcast.core.engine.ProductTimeline;
import io.flowcast.core.engine.StateCodec;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The Flink serializer of a product's two state values, over their hand-written binary layout
 * ({@link StateCodec}): each value is written in one pass with its layout version, instead of Flink's
 * POJO serializer writing arrays element by element with null flags. The serializer snapshot in a
 * checkpoint names which of the two values it holds.
 */
public final class CodecSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    public static final CodecSerializer<ProductTimeline> TIMELINE = new CodecSerializer<>(Value.TIMELINE);
    public static final CodecSerializer<ProductState> PRODUCT_STATE = new CodecSerializer<>(Value.PRODUCT_STATE);

    /** Which value; its name is what the serializer snapshot stores. */
    enum Value { TIMELINE, PRODUCT_STATE }

    private final Value value;

    private CodecSerializer(Value value) {
        this.value = value;
    }

    @SuppressWarnings("unchecked")
    private static <T> CodecSerializer<T> of(Value value) {
        return (CodecSerializer<T>) (value == Value.TIMELINE ? TIMELINE : PRODUCT_STATE);
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        if (value == Value.TIMELINE) {
            StateCodec.writeTimeline((ProductTimeline) record, target);
        } else {
            StateCodec.writeState((ProductState) record, target);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(DataInputView source) throws IOException {
        return (T) (value == Value.TIMELINE ? StateCodec.readTimeline(source) : StateCodec.readState(source));
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T createInstance() {
        return (T) (value == Value.TIMELINE ? new ProductTimeline() : new ProductState());
    }

    @Override
    public T copy(T from) {
        try {
            DataOutputSerializer bytes = new DataOutputSerializer(1024);
            serialize(from, bytes);
            return deserialize(new DataInputDeserializer(bytes.getSharedBuffer(), 0, bytes.length()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy a " + value + " value", e);
        }
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return this; // stateless
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CodecSerializer && ((CodecSerializer<?>) o).value == value;
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new Snapshot<>(value);
    }

    /** Names the value in a checkpoint; each value carries its own layout version ({@link StateCodec#VERSION}). */
    public static final class Snapshot<T> implements TypeSerializerSnapshot<T> {
        private Value value;

        /** For Flink, which reads the value's name with {@link #readSnapshot}. */
        public Snapshot() {}

        Snapshot(Value value) {
            this.value = value;
        }

        @Override
        public int getCurrentVersion() {
            return 1;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeUTF(value.name());
        }

        @Override
        public void readSnapshot(int version, DataInputView in, ClassLoader classLoader) throws IOException {
            value = Value.valueOf(in.readUTF());
        }

        @Override
        public TypeSerializer<T> restoreSerializer() {
            return of(value);
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> old) {
            return old instanceof Snapshot && ((Snapshot<T>) old).value == value
                    ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
