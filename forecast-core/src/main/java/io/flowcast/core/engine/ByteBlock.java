package io.flowcast.core.engine;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A growable byte array that {@link StateCodec} fills or reads in one piece for the large parts of a
 * product's state (the errors, auto's remembered forecasts): a few hundred short runs of doubles,
 * written one call each through Flink's {@code DataOutputView}, cost more in calls than in bytes
 * (about a third of a busy job's keyed thread on RocksDB). Big-endian. One per thread, reused.
 */
final class ByteBlock {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final ThreadLocal<ByteBlock> MINE = ThreadLocal.withInitial(ByteBlock::new);

    byte[] bytes = new byte[16 * 1024];
    int position;
    /** How many bytes a block being read holds. */
    int limit;

    /** This thread's block, emptied, with room for at least {@code length} bytes. */
    static ByteBlock cleared(int length) {
        ByteBlock b = MINE.get();
        b.position = 0;
        if (b.bytes.length < length) {
            b.bytes = new byte[length];
        }
        return b;
    }

    private void room(int n) {
        if (position + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, position + n));
        }
    }

    void putByte(int v) {
        room(1);
        bytes[position++] = (byte) v;
    }

    void putLong(long v) {
        room(8);
        LONGS.set(bytes, position, v);
        position += 8;
    }

    void putInt(int v) {
        room(4);
        INTS.set(bytes, position, v);
        position += 4;
    }

    void putDouble(double v) {
        putLong(Double.doubleToRawLongBits(v));
    }

    void putDoubles(double[] v, int from, int n) {
        room(8 * n);
        for (int i = from; i < from + n; i++) {
            LONGS.set(bytes, position, Double.doubleToRawLongBits(v[i]));
            position += 8;
        }
    }

    /** Unsigned LEB128, as {@link StateCodec#writeVarLong}. */
    void putVarLong(long v) {
        room(10);
        while ((v & ~0x7FL) != 0) {
            bytes[position++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[position++] = (byte) v;
    }

    void putBytes(byte[] v, int from, int n) {
        room(n);
        System.arraycopy(v, from, bytes, position, n);
        position += n;
    }

    void getBytes(byte[] v, int from, int n) {
        System.arraycopy(bytes, position, v, from, n);
        position += n;
    }

    /** Fails unless exactly the block's bytes were read: a block that does not parse is not used. */
    void checkRead(String what) throws IOException {
        if (position != limit) {
            throw new IOException(what + " in the product state is " + limit + " bytes, read " + position);
        }
    }

    byte getByte() {
        return bytes[position++];
    }

    long getLong() {
        long v = (long) LONGS.get(bytes, position);
        position += 8;
        return v;
    }

    int getInt() {
        int v = (int) INTS.get(bytes, position);
        position += 4;
        return v;
    }

    double getDouble() {
        return Double.longBitsToDouble(getLong());
    }

    void getDoubles(double[] v, int from, int n) {
        for (int i = from; i < from + n; i++) {
            v[i] = Double.longBitsToDouble((long) LONGS.get(bytes, position));
            position += 8;
        }
    }

    long getVarLong() throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = bytes[position++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IOException("malformed varint in product state");
    }
}
