package io.flowcast.core.buckets;

/**
 * A product's closed buckets, oldest first (index 0) to newest ({@code length() - 1}), evenly
 * spaced with zero buckets where nothing sold. What every forecaster reads.
 */
public interface DemandSeries {
    int length();

    double units(int i);

    /** Revenue per unit in bucket i, NaN where nothing sold. */
    double meanPrice(int i);

    /** True if any order line in bucket i was on promotion. */
    boolean promotion(int i);

    /** Start of bucket i, epoch millis UTC. */
    long bucketStart(int i);

    long bucketSizeMillis();

    /** Units as a fresh array, oldest first. */
    default double[] unitsArray() {
        double[] out = new double[length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = units(i);
        }
        return out;
    }
}
