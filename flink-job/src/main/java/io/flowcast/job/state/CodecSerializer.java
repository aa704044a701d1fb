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

    public static final CodecSerializer<ProductTimeline> TIMELINE = new CodecSerializer<>(Codec.TIMELINE);
    public static final CodecSerializer<ProductState> PRODUCT_STATE = new CodecSerializer<>(Codec.PRODUCT_STATE);

    /** One codec per state value; its name is what the serializer snapshot stores. */
    enum Codec {
        TIMELINE {
            @Override
            void write(Object value, DataOutputView out) throws IOException {
                StateCodec.writeTimeline((ProductTimeline) value, out);
            }

            @Override
            Object read(DataInputView in) throws IOException {
                return StateCodec.readTimeline(in);
            }

            @Override
            Object create() {
                return new ProductTimeline();
            }
        },
        PRODUCT_STATE {
            @Override
            void write(Object value, DataOutputView out) throws IOException {
                StateCodec.writeState((ProductState) value, out);
            }

            @Override
            Object read(DataInputView in) throws IOException {
                return StateCodec.readState(in);
            }

            @Override
            Object create() {
                return new ProductState();
            }
        };

        abstract void write(Object value, DataOutputView out) throws IOException;

        abstract Object read(DataInputView in) throws IOException;

        abstract Object create();
    }

    private final Codec codec;

    private CodecSerializer(Codec codec) {
        this.codec = codec;
    }

    /** Per thread: a heap snapshot's thread encodes every product's value in turn. */
    private static final ThreadLocal<DataOutputSerializer> SCRATCH =
            ThreadLocal.withInitial(() -> new DataOutputSerializer(16 * 1024));

    /**
     * Into a byte array first unless the target is one (RocksDB's): a heap backend's snapshot writes to a
     * compressing stream, where each of the thousands of values a product holds went through a chain of
     * stream calls; the same bytes.
     */
    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        if (target instanceof DataOutputSerializer) {
            codec.write(record, target);
            return;
        }
        DataOutputSerializer bytes = encodedInScratch(record);
        target.write(bytes.getSharedBuffer(), 0, bytes.length());
    }

    /** {@code value} encoded in this thread's byte array, valid until the thread's next call. */
    private DataOutputSerializer encodedInScratch(T value) throws IOException {
        DataOutputSerializer bytes = SCRATCH.get();
        bytes.clear();
        codec.write(value, bytes);
        return bytes;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(DataInputView source) throws IOException {
        return (T) codec.read(source);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T createInstance() {
        return (T) codec.create();
    }

    /**
     * Encodes and decodes, through the thread's byte array: the heap backend copies a value the first time it
     * is read while a snapshot runs, and a fresh 1 KB array grew four times per long-tail product state.
     */
    @Override
    public T copy(T from) {
        try {
            DataOutputSerializer bytes = encodedInScratch(from);
            return deserialize(new DataInputDeserializer(bytes.getSharedBuffer(), 0, bytes.length()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy a " + codec + " value", e);
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
        return o instanceof CodecSerializer && ((CodecSerializer<?>) o).codec == codec;
    }

    @Override
    public int hashCode() {
        return codec.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new Snapshot<>(codec);
    }

    /** Names the codec in a checkpoint; each value carries its own layout version ({@link StateCodec#VERSION}). */
    public static final class Snapshot<T> implements TypeSerializerSnapshot<T> {
        private Codec codec;

        /** For Flink, which reads the codec's name with {@link #readSnapshot}. */
        public Snapshot() {}

        Snapshot(Codec codec) {
            this.codec = codec;
        }

        @Override
        public int getCurrentVersion() {
            return 1;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeUTF(codec.name());
        }

        @Override
        public void readSnapshot(int version, DataInputView in, ClassLoader classLoader) throws IOException {
            codec = Codec.valueOf(in.readUTF());
        }

        @Override
        public TypeSerializer<T> restoreSerializer() {
            return new CodecSerializer<>(codec);
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> old) {
            return old instanceof Snapshot && ((Snapshot<T>) old).codec == codec
                    ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
