package io.flowcast.core.lstm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The immutable float weights of the served network (one DL4J {@code LSTM} layer, then an identity
 * {@code RnnOutputLayer}), in DL4J's layout, and their binary form on the {@code models} topic.
 * Shareable across threads; a {@link LstmKernel} per thread computes with them.
 *
 * <h2>Layout (DL4J 1.0.0-M2.1)</h2>
 * {@code w} = LSTM input weights W [nIn][4H], {@code rw} = recurrent weights RW [H][4H], {@code b} = bias [4H];
 * the 4H columns are four blocks of H in the order block input (tanh), forget gate, output gate,
 * input gate (sigmoid gates); {@code outW} = output layer W [H][nOut], {@code outB} = its bias [nOut].
 * All matrices row-major.
 *
 * <h2>Binary format (little-endian), version 1</h2>
 * <pre>
 * offset 0   4 bytes  magic "FCLW" (ASCII)
 * offset 4   int32    format version = 1
 * offset 8   int32    nIn
 * offset 12  int32    hidden H
 * offset 16  int32    nOut
 * offset 20  float32  w    [nIn * 4H]   row-major [nIn][4H]
 *            float32  rw   [H * 4H]     row-major [H][4H]
 *            float32  b    [4H]
 *            float32  outW [H * nOut]   row-major [H][nOut]
 *            float32  outB [nOut]
 * </pre>
 * Total {@code 20 + 4 * (nIn*4H + H*4H + 4H + H*nOut + nOut)} bytes: 20,400 bytes for nIn 5, H 32, nOut 7.
 */
public final class LstmWeights {
    public static final byte[] MAGIC = "FCLW".getBytes(StandardCharsets.US_ASCII);
    public static final int FORMAT_VERSION = 1;
    public static final int HEADER_BYTES = 20;

    private final int nIn;
    private final int hidden;
    private final int nOut;
    final float[] w;
    final float[] rw;
    final float[] b;
    final float[] outW;
    final float[] outB;

    /** Copies the arrays; each must have exactly the length the shapes give. */
    public LstmWeights(int nIn, int hidden, int nOut, float[] w, float[] rw, float[] b, float[] outW, float[] outB) {
        if (nIn < 1 || hidden < 1 || nOut < 1) {
            throw new IllegalArgumentException("shapes must be positive: nIn " + nIn + " hidden " + hidden + " nOut " + nOut);
        }
        int g = 4 * hidden;
        check("w", w, nIn * g);
        check("rw", rw, hidden * g);
        check("b", b, g);
        check("outW", outW, hidden * nOut);
        check("outB", outB, nOut);
        this.nIn = nIn;
        this.hidden = hidden;
        this.nOut = nOut;
        this.w = w.clone();
        this.rw = rw.clone();
        this.b = b.clone();
        this.outW = outW.clone();
        this.outB = outB.clone();
    }

    private static void check(String name, float[] a, int expected) {
        if (a == null || a.length != expected) {
            throw new IllegalArgumentException(name + " has " + (a == null ? "no" : a.length) + " values, expected " + expected);
        }
    }

    public int nIn() {
        return nIn;
    }

    public int hidden() {
        return hidden;
    }

    public int nOut() {
        return nOut;
    }

    public static int byteSize(int nIn, int hidden, int nOut) {
        return HEADER_BYTES + 4 * (nIn * 4 * hidden + hidden * 4 * hidden + 4 * hidden + hidden * nOut + nOut);
    }

    /** Names of the arrays holding NaN or infinite values; empty when all are finite. */
    public List<String> nonFinite() {
        List<String> bad = new ArrayList<>();
        String[] names = {"w", "rw", "b", "outW", "outB"};
        float[][] arrays = {w, rw, b, outW, outB};
        for (int a = 0; a < arrays.length; a++) {
            for (float v : arrays[a]) {
                if (!Float.isFinite(v)) {
                    bad.add(names[a]);
                    break;
                }
            }
        }
        return bad;
    }

    public byte[] toBytes() {
        ByteBuffer buf = ByteBuffer.allocate(byteSize(nIn, hidden, nOut)).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).putInt(FORMAT_VERSION).putInt(nIn).putInt(hidden).putInt(nOut);
        for (float[] a : new float[][] {w, rw, b, outW, outB}) {
            buf.asFloatBuffer().put(a);
            buf.position(buf.position() + 4 * a.length);
        }
        return buf.array();
    }

    /** Parses {@link #toBytes}; throws IllegalArgumentException saying what is wrong (magic, version, length). */
    public static LstmWeights fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_BYTES) {
            throw new IllegalArgumentException("weights shorter than the " + HEADER_BYTES + "-byte header");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[4];
        buf.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IllegalArgumentException("weights do not start with magic FCLW");
        }
        int version = buf.getInt();
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("weights format version " + version + ", this reader knows " + FORMAT_VERSION);
        }
        int nIn = buf.getInt();
        int hidden = buf.getInt();
        int nOut = buf.getInt();
        if (nIn < 1 || hidden < 1 || nOut < 1 || nIn > 4096 || hidden > 4096 || nOut > 4096) {
            throw new IllegalArgumentException("implausible shapes nIn " + nIn + " hidden " + hidden + " nOut " + nOut);
        }
        int expected = byteSize(nIn, hidden, nOut);
        if (bytes.length != expected) {
            throw new IllegalArgumentException("weights are " + bytes.length + " bytes, shapes nIn " + nIn + " hidden "
                    + hidden + " nOut " + nOut + " need " + expected);
        }
        int g = 4 * hidden;
        float[] w = read(buf, nIn * g);
        float[] rw = read(buf, hidden * g);
        float[] b = read(buf, g);
        float[] outW = read(buf, hidden * nOut);
        float[] outB = read(buf, nOut);
        return new LstmWeights(nIn, hidden, nOut, w, rw, b, outW, outB);
    }

    private static float[] read(ByteBuffer buf, int n) {
        float[] a = new float[n];
        buf.asFloatBuffer().get(a);
        buf.position(buf.position() + 4 * n);
        return a;
    }

    /** Small random weights (uniform in +-scale), for tests and benchmarks. */
    public static LstmWeights random(int nIn, int hidden, int nOut, long seed, float scale) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        int g = 4 * hidden;
        float[][] a = {new float[nIn * g], new float[hidden * g], new float[g], new float[hidden * nOut], new float[nOut]};
        for (float[] x : a) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
            }
        }
        return new LstmWeights(nIn, hidden, nOut, a[0], a[1], a[2], a[3], a[4]);
    }

    /** Copies of the arrays, in the order w, rw, b, outW, outB. */
    public float[][] arrays() {
        return new float[][] {w.clone(), rw.clone(), b.clone(), outW.clone(), outB.clone()};
    }
}
