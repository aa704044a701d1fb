package io.flowcast.core.lstm;

/**
 * A product's LSTM state (h, c) in keyed state, tagged with the model version that produced it so
 * the job knows to re-warm after a swap. A Flink POJO of primitives: no Kryo.
 */
public class LstmState {
    public float[] h;
    public float[] c;
    /** Version of the model that computed h and c; null before the first step. */
    public String modelVersion;
    /** Start of the last bucket stepped, Long.MIN_VALUE before the first. */
    public long lastBucketStart = Long.MIN_VALUE;

    public LstmState() {}

    public LstmState(int hidden) {
        h = new float[hidden];
        c = new float[hidden];
    }

    /** Zero state for a model with {@code hidden} units (reallocating only if the size changed). */
    public void reset(int hidden, String version) {
        if (h == null || h.length != hidden) {
            h = new float[hidden];
            c = new float[hidden];
        } else {
            java.util.Arrays.fill(h, 0f);
            java.util.Arrays.fill(c, 0f);
        }
        modelVersion = version;
        lastBucketStart = Long.MIN_VALUE;
    }
}
