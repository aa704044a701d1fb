package io.flowcast.core.engine;

import io.flowcast.core.alerts.AlertState;
import io.flowcast.core.buckets.BucketAggregate;
import io.flowcast.core.buckets.BucketHistory;
import io.flowcast.core.features.FeatureState;
import io.flowcast.core.forecast.ForecastErrors;
import io.flowcast.core.forecast.SelectorState;
import io.flowcast.core.lstm.LstmState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The binary layout of a product's state, one value per write: a layout version byte, then the
 * fields in a fixed order. Compact where it pays: only the buckets and remembered forecasts held are
 * written (not the arrays' capacity), whole numbers (units, counts, zero buckets) take a byte or two,
 * each residual is written once. Layout 2 is read too; a value of any other layout version fails
 * with a message that says so.
 */
public final class StateCodec {
    /**
     * Layout of {@link ProductState} and {@link ProductTimeline} values written now. 3: the auto
     * forecaster's memory names its candidate set (2 did not: read as unknown, so the errors start
     * afresh). 2: remembered forecasts without their scored steps (1, never released, wrote them all).
     */
    public static final int VERSION = 3;
    /** The oldest layout this version reads. */
    public static final int OLDEST_READ = 2;
    private static final long NONE = Long.MIN_VALUE;

    private StateCodec() {}

    public static void writeTimeline(ProductTimeline t, DataOutput out) throws IOException {
        out.writeByte(VERSION);
        out.writeLong(t.newestClosedStart);
        out.writeLong(t.lastOrderTime);
        out.writeLong(t.lastSaleStart);
        out.writeLong(t.nextCloseTimer);
        writeVarLong(out, t.revision);
        out.writeBoolean(t.quiet);
        writeVarLong(out, t.openStarts.length);
        for (int i = 0; i < t.openStarts.length; i++) {
            out.writeLong(t.openStarts[i]);
            writeAggregate(out, t.openSums[i]);
        }
    }

    public static ProductTimeline readTimeline(DataInput in) throws IOException {
        checkVersion(in.readByte(), "product timeline"); // the same in layouts 2 and 3
        ProductTimeline t = new ProductTimeline();
        t.newestClosedStart = in.readLong();
        t.lastOrderTime = in.readLong();
        t.lastSaleStart = in.readLong();
        t.nextCloseTimer = in.readLong();
        t.revision = (int) readVarLong(in);
        t.quiet = in.readBoolean();
        int open = (int) readVarLong(in);
        t.openStarts = new long[open];
        t.openSums = new BucketAggregate[open];
        for (int i = 0; i < open; i++) {
            t.openStarts[i] = in.readLong();
            t.openSums[i] = readAggregate(in);
        }
        return t;
    }

    public static void writeState(ProductState st, DataOutput out) throws IOException {
        out.writeByte(VERSION);
        out.writeBoolean(st.history != null);
        if (st.history != null) {
            writeHistory(st.history, out);
            writeErrors(st.errors, out);
            writeFeatures(st.features, out);
            writeLstm(st.lstm, out);
        }
        out.writeBoolean(st.alerts != null);
        if (st.alerts != null) {
            writeAlerts(st.alerts, out);
        }
        out.writeBoolean(st.selection != null);
        if (st.selection != null) {
            writeSelection(st.selection, out);
        }
    }

    public static ProductState readState(DataInput in) throws IOException {
        int version = checkVersion(in.readByte(), "product state");
        ProductState st = new ProductState();
        if (in.readBoolean()) {
            st.history = readHistory(in);
            st.errors = readErrors(in);
            st.features = readFeatures(in);
            st.lstm = readLstm(in);
        }
        if (in.readBoolean()) {
            st.alerts = readAlerts(in);
        }
        if (in.readBoolean()) {
            st.selection = readSelection(in, version);
        }
        return st;
    }

    /**
     * The auto forecaster's memory: each candidate's remembered forecasts and error sums. Of a
     * remembered forecast only the steps not yet scored are written: a step whose bucket is at or
     * before the newest scored one is never read again ({@link #scoredSteps}); a flat one as one value.
     */
    private static void writeSelection(SelectorState s, DataOutput out) throws IOException {
        writeVarLong(out, s.candidates);
        writeVarLong(out, s.horizon);
        out.writeLong(s.bucketSizeMillis);
        out.writeLong(s.lastScored);
        int k = s.candidates;
        int horizon = s.horizon;
        double[] steps = new double[horizon]; // one forecast's steps, written in issue order as layouts 2 and 3 do
        for (int slot = 0; slot < horizon; slot++) {
            out.writeLong(s.issuedAt[slot]);
            if (s.issuedAt[slot] != NONE) {
                int scored = scoredSteps(s.issuedAt[slot], s.lastScored, s.bucketSizeMillis, horizon);
                writeVarLong(out, scored);
                for (int c = 0; c < k; c++) {
                    for (int h = scored + 1; h <= horizon; h++) {
                        steps[h - 1] = s.issued[s.at(slot, c, h)];
                    }
                    writeSteps(out, steps, scored, horizon - scored);
                }
            }
        }
        for (int c = 0; c < k; c++) {
            out.writeDouble(s.sumSquares[c]);
            out.writeDouble(s.sumAbs[c]);
            out.writeDouble(s.count[c]);
        }
        out.writeInt(s.candidateSet);
    }

    private static SelectorState readSelection(DataInput in, int version) throws IOException {
        int k = (int) readVarLong(in);
        int horizon = (int) readVarLong(in);
        SelectorState s = new SelectorState(k, 0, horizon); // the candidate set is written last
        s.bucketSizeMillis = in.readLong();
        s.lastScored = in.readLong();
        double[] steps = new double[horizon];
        for (int slot = 0; slot < horizon; slot++) {
            s.issuedAt[slot] = in.readLong();
            int scored = s.issuedAt[slot] == NONE ? horizon : (int) readVarLong(in);
            for (int c = 0; c < k; c++) { // scored steps and empty slots stay 0, as in a fresh state: never read
                readSteps(in, steps, scored, horizon - scored);
                for (int h = scored + 1; h <= horizon; h++) {
                    s.issued[s.at(slot, c, h)] = steps[h - 1];
                }
            }
        }
        for (int c = 0; c < k; c++) {
            s.sumSquares[c] = in.readDouble();
            s.sumAbs[c] = in.readDouble();
            s.count[c] = in.readDouble();
        }
        s.candidateSet = version >= 3 ? in.readInt() : 0; // 0: not known, the engine starts the errors afresh
        return s;
    }

    /**
     * {@code n} forecast steps from {@code v[from]}: a flat run (a moving average's, a median's,
     * TSB's, or the absent LSTM's NaN: about half of auto's candidates) as a 1 and one value, any
     * other as a 0 and every value. Flat means bit for bit, so the read-back is exact.
     */
    private static void writeSteps(DataOutput out, double[] v, int from, int n) throws IOException {
        if (n == 0) {
            return;
        }
        long first = Double.doubleToRawLongBits(v[from]);
        boolean flat = true;
        for (int i = from + 1; i < from + n && flat; i++) {
            flat = Double.doubleToRawLongBits(v[i]) == first;
        }
        out.writeBoolean(flat);
        out.writeDouble(v[from]);
        if (!flat) {
            for (int i = from + 1; i < from + n; i++) {
                out.writeDouble(v[i]);
            }
        }
    }

    private static void readSteps(DataInput in, double[] v, int from, int n) throws IOException {
        if (n == 0) {
            return;
        }
        boolean flat = in.readBoolean();
        v[from] = in.readDouble();
        if (flat) {
            Arrays.fill(v, from + 1, from + n, v[from]);
        } else {
            for (int i = from + 1; i < from + n; i++) {
                v[i] = in.readDouble();
            }
        }
    }

    /**
     * Steps 1..n of the forecast issued at {@code issuedAt} whose buckets are at or before
     * {@code lastScored}: both the errors and the auto forecaster score a bucket only when it is newer
     * than the newest they scored, so those steps are never read again and are not written.
     */
    static int scoredSteps(long issuedAt, long lastScored, long bucketSizeMillis, int horizon) {
        if (lastScored == NONE || bucketSizeMillis <= 0 || lastScored < issuedAt) {
            return 0;
        }
        return (int) Math.min(horizon, (lastScored - issuedAt) / bucketSizeMillis);
    }

    private static int checkVersion(int version, String what) throws IOException {
        if (version < OLDEST_READ || version > VERSION) {
            throw new IOException("the " + what + " was written in state layout " + version + ", this version of "
                    + "Flowcast reads layouts " + OLDEST_READ + " to " + VERSION + " only: restore it with the release "
                    + "that wrote it");
        }
        return version;
    }

    /** The held buckets, oldest first: a fresh ring of the same capacity reads them back in order. */
    private static void writeHistory(BucketHistory h, DataOutput out) throws IOException {
        writeVarLong(out, h.capacity());
        out.writeLong(h.bucketSizeMillis);
        out.writeLong(h.newestStart);
        writeVarLong(out, h.count);
        for (int i = 0; i < h.count; i++) {
            int slot = Math.floorMod(h.head - (h.count - 1 - i), h.capacity());
            writeNumber(out, h.units[slot]);
            writeNumber(out, h.revenue[slot]);
            writeVarLong(out, h.orders[slot]);
            writeVarLong(out, h.promoOrders[slot]);
        }
    }

    private static BucketHistory readHistory(DataInput in) throws IOException {
        BucketHistory h = new BucketHistory((int) readVarLong(in), in.readLong());
        h.newestStart = in.readLong();
        h.count = (int) readVarLong(in);
        for (int i = 0; i < h.count; i++) {
            h.units[i] = readNumber(in);
            h.revenue[i] = readNumber(in);
            h.orders[i] = readVarLong(in);
            h.promoOrders[i] = readVarLong(in);
        }
        h.head = h.count - 1;
        return h;
    }

    private static void writeErrors(ForecastErrors e, DataOutput out) throws IOException {
        writeVarLong(out, e.horizon);
        writeVarLong(out, e.window);
        writeVarLong(out, e.minResiduals);
        out.writeLong(e.bucketSizeMillis);
        for (int slot = 0; slot < e.horizon; slot++) {
            out.writeLong(e.issuedAt[slot]);
            if (e.issuedAt[slot] != NONE) { // an empty slot's points are never read, nor its scored steps
                int scored = scoredSteps(e.issuedAt[slot], e.lastActualStart, e.bucketSizeMillis, e.horizon);
                writeVarLong(out, scored);
                for (int h = scored + 1; h <= e.horizon; h++) {
                    out.writeDouble(e.issuedPoints[e.at(slot, h)]);
                }
            }
        }
        for (int h = 0; h < e.horizon; h++) {
            int n = e.residualCount[h];
            writeVarLong(out, n);
            out.writeInt(e.residualSeq[h]);
            for (int i = h * e.window; i < h * e.window + n; i++) {
                out.writeDouble(e.sortedResiduals[i]);
                out.writeByte(e.stamps[i]);
            }
        }
        out.writeLong(e.lastActualStart);
        out.writeDouble(e.lastActual);
        out.writeDouble(e.sumAbsChange);
        writeVarLong(out, e.changeCount);
    }

    private static ForecastErrors readErrors(DataInput in) throws IOException {
        ForecastErrors e = new ForecastErrors((int) readVarLong(in), (int) readVarLong(in), (int) readVarLong(in));
        e.bucketSizeMillis = in.readLong();
        for (int slot = 0; slot < e.horizon; slot++) {
            e.issuedAt[slot] = in.readLong();
            if (e.issuedAt[slot] != NONE) {
                int scored = (int) readVarLong(in); // the scored steps stay 0: never read again
                for (int h = scored + 1; h <= e.horizon; h++) {
                    e.issuedPoints[e.at(slot, h)] = in.readDouble();
                }
            }
        }
        for (int h = 0; h < e.horizon; h++) {
            int n = (int) readVarLong(in);
            e.residualCount[h] = n;
            e.residualSeq[h] = in.readInt();
            for (int i = h * e.window; i < h * e.window + n; i++) {
                e.sortedResiduals[i] = in.readDouble();
                e.stamps[i] = in.readByte();
            }
        }
        e.lastActualStart = in.readLong();
        e.lastActual = in.readDouble();
        e.sumAbsChange = in.readDouble();
        e.changeCount = readVarLong(in);
        return e;
    }

    private static void writeFeatures(FeatureState f, DataOutput out) throws IOException {
        writeVarLong(out, f.buckets);
        out.writeDouble(f.unitsSum);
        out.writeDouble(f.priceSum);
        writeVarLong(out, f.pricedBuckets);
        out.writeLong(f.lastBucketStart);
    }

    private static FeatureState readFeatures(DataInput in) throws IOException {
        FeatureState f = new FeatureState();
        f.buckets = readVarLong(in);
        f.unitsSum = in.readDouble();
        f.priceSum = in.readDouble();
        f.pricedBuckets = readVarLong(in);
        f.lastBucketStart = in.readLong();
        return f;
    }

    private static void writeLstm(LstmState s, DataOutput out) throws IOException {
        out.writeBoolean(s.h != null);
        if (s.h != null) {
            writeVarLong(out, s.h.length);
            for (int i = 0; i < s.h.length; i++) {
                out.writeFloat(s.h[i]);
                out.writeFloat(s.c[i]);
            }
        }
        out.writeBoolean(s.modelVersion != null);
        if (s.modelVersion != null) {
            out.writeUTF(s.modelVersion);
        }
        out.writeLong(s.lastBucketStart);
    }

    private static LstmState readLstm(DataInput in) throws IOException {
        LstmState s = new LstmState();
        if (in.readBoolean()) {
            int n = (int) readVarLong(in);
            s.h = new float[n];
            s.c = new float[n];
            for (int i = 0; i < n; i++) {
                s.h[i] = in.readFloat();
                s.c[i] = in.readFloat();
            }
        }
        s.modelVersion = in.readBoolean() ? in.readUTF() : null;
        s.lastBucketStart = in.readLong();
        return s;
    }

    private static void writeAlerts(AlertState a, DataOutput out) throws IOException {
        out.writeLong(a.expectedFor);
        writeDoubles(out, a.expPoint, a.expP10, a.expP50, a.expP90, a.expOrders);
        out.writeLong(a.judgedBucket);
        writeDoubles(out, a.judgedPoint, a.judgedP10, a.judgedP50, a.judgedP90, a.judgedOrders, a.judgedDispersion,
                a.judgedUnitsPerLine, a.cusumUpBefore, a.cusumDownBefore, a.cusumUp, a.cusumDown);
        out.writeBoolean(a.judgedIntermittent);
        out.writeBoolean(a.judgedAlwaysSold);
        out.writeBoolean(a.judgedWarm);
        out.writeBoolean(a.cusumOnCounts);
        writeVarLong(out, a.runUpBefore);
        writeVarLong(out, a.runDownBefore);
        writeVarLong(out, a.runUp);
        writeVarLong(out, a.runDown);
        writeLongs(out, a.openedAt);
        writeLongs(out, a.cooldownUntil);
        writeVarLong(out, a.units.length);
        writeVarLong(out, a.count);
        writeVarLong(out, a.next);
        for (int i = 0; i < a.units.length; i++) {
            writeNumber(out, a.units[i]);
            out.writeDouble(a.expected[i]);
            out.writeDouble(a.squaredErrors[i]);
            writeNumber(out, a.lines[i]);
        }
    }

    private static AlertState readAlerts(DataInput in) throws IOException {
        AlertState a = new AlertState();
        a.expectedFor = in.readLong();
        a.expPoint = in.readDouble();
        a.expP10 = in.readDouble();
        a.expP50 = in.readDouble();
        a.expP90 = in.readDouble();
        a.expOrders = in.readDouble();
        a.judgedBucket = in.readLong();
        a.judgedPoint = in.readDouble();
        a.judgedP10 = in.readDouble();
        a.judgedP50 = in.readDouble();
        a.judgedP90 = in.readDouble();
        a.judgedOrders = in.readDouble();
        a.judgedDispersion = in.readDouble();
        a.judgedUnitsPerLine = in.readDouble();
        a.cusumUpBefore = in.readDouble();
        a.cusumDownBefore = in.readDouble();
        a.cusumUp = in.readDouble();
        a.cusumDown = in.readDouble();
        a.judgedIntermittent = in.readBoolean();
        a.judgedAlwaysSold = in.readBoolean();
        a.judgedWarm = in.readBoolean();
        a.cusumOnCounts = in.readBoolean();
        a.runUpBefore = (int) readVarLong(in);
        a.runDownBefore = (int) readVarLong(in);
        a.runUp = (int) readVarLong(in);
        a.runDown = (int) readVarLong(in);
        a.openedAt = readLongs(in);
        a.cooldownUntil = readLongs(in);
        int n = (int) readVarLong(in);
        a.count = (int) readVarLong(in);
        a.next = (int) readVarLong(in);
        a.units = new double[n];
        a.expected = new double[n];
        a.squaredErrors = new double[n];
        a.lines = new double[n];
        for (int i = 0; i < n; i++) {
            a.units[i] = readNumber(in);
            a.expected[i] = in.readDouble();
            a.squaredErrors[i] = in.readDouble();
            a.lines[i] = readNumber(in);
        }
        return a;
    }

    private static void writeAggregate(DataOutput out, BucketAggregate a) throws IOException {
        writeNumber(out, a.units);
        writeNumber(out, a.revenue);
        writeVarLong(out, a.orders);
        writeVarLong(out, a.promoOrders);
    }

    private static BucketAggregate readAggregate(DataInput in) throws IOException {
        return new BucketAggregate(readNumber(in), readNumber(in), readVarLong(in), readVarLong(in));
    }

    private static void writeDoubles(DataOutput out, double... values) throws IOException {
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    private static void writeLongs(DataOutput out, long[] values) throws IOException {
        writeVarLong(out, values.length);
        for (long v : values) {
            out.writeLong(v);
        }
    }

    private static long[] readLongs(DataInput in) throws IOException {
        long[] values = new long[(int) readVarLong(in)];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readLong();
        }
        return values;
    }

    /**
     * A double that is usually a whole number (units, lines, a zero bucket): a zigzag varint with a 0
     * tag bit when it is one exactly (bit for bit), else a 1 tag byte and the 8 bytes.
     */
    static void writeNumber(DataOutput out, double v) throws IOException {
        long whole = (long) v;
        if (Math.abs(whole) < (1L << 52) && Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(whole)) {
            writeVarLong(out, ((whole << 1) ^ (whole >> 63)) << 1);
        } else {
            out.writeByte(1);
            out.writeDouble(v);
        }
    }

    static double readNumber(DataInput in) throws IOException {
        long x = readVarLong(in);
        if ((x & 1) != 0) {
            return in.readDouble();
        }
        long zigzag = x >>> 1;
        return (double) ((zigzag >>> 1) ^ -(zigzag & 1));
    }

    /** Unsigned LEB128: 7 bits a byte. */
    static void writeVarLong(DataOutput out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    static long readVarLong(DataInput in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.readByte();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IOException("malformed varint in product state");
    }
}
