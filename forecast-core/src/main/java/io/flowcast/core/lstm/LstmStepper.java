package io.flowcast.core.lstm;

import io.flowcast.core.buckets.DemandSeries;
import io.flowcast.core.features.FeatureEncoder;
import io.flowcast.core.features.FeatureSpec;
import io.flowcast.core.features.FeatureState;
import java.util.Arrays;

/**
 * What the job calls per product per closed bucket: features, one LSTM step, the head, times the
 * scale. One per thread/subtask (it owns a kernel with scratch buffers); allocation-free per step.
 * A model with quantile heads (features-v2) writes its mean as the point; {@link #quantiles} then
 * reads the same step's p10/p50/p90.
 */
public final class LstmStepper {
    private final FeatureEncoder encoder;
    private final LstmKernel kernel;
    private final String version;
    private final float[] x;
    private final float[] out;
    private final int horizon;
    private final boolean quantiles;
    /** Scale of the newest step whose head is in {@link #out}. */
    private double lastScale = Double.NaN;

    public LstmStepper(FeatureSpec spec, LstmWeights weights, String version) {
        if (weights.nIn() != spec.nIn || weights.nOut() != spec.nOut() || weights.hidden() != spec.hidden) {
            throw new IllegalArgumentException("weights " + weights.nIn() + "/" + weights.hidden() + "/" + weights.nOut()
                    + " do not fit " + spec);
        }
        this.encoder = new FeatureEncoder(spec);
        this.kernel = new LstmKernel(weights);
        this.version = version;
        this.x = new float[spec.nIn];
        this.out = new float[spec.nOut()];
        this.horizon = spec.horizon;
        this.quantiles = spec.hasQuantiles();
    }

    public String version() {
        return version;
    }

    public int horizon() {
        return horizon;
    }

    /** True when the model has p10/p50/p90 heads (features-v2). */
    public boolean hasQuantiles() {
        return quantiles;
    }

    /**
     * The p10, p50 and p90 of the newest step (or re-warm) in units, never negative and never
     * crossing (sorted per horizon step: separately trained heads can cross by a hair). Null when
     * the model has no quantile heads or nothing was stepped.
     */
    public double[][] quantiles() {
        if (!quantiles || Double.isNaN(lastScale)) {
            return null;
        }
        double[][] q = new double[3][horizon];
        double[] sorted = new double[3];
        for (int j = 0; j < horizon; j++) {
            for (int k = 0; k < 3; k++) {
                sorted[k] = FeatureEncoder.toUnits(out[(k + 1) * horizon + j], lastScale);
            }
            Arrays.sort(sorted);
            for (int k = 0; k < 3; k++) {
                q[k][j] = sorted[k];
            }
        }
        return q;
    }

    /** True when {@code state} was computed by another model (or none) and needs {@link #rewarm}. */
    public boolean needsRewarm(LstmState state) {
        return state.h == null || state.h.length != kernel.hidden() || !version.equals(state.modelVersion);
    }

    /**
     * Steps one closed bucket: advances {@code features} and {@code state}, writes the H-step point
     * forecast in units (never negative) to {@code forecast}. Returns the scale used.
     */
    public double step(FeatureState features, LstmState state, long bucketStart, double units, double meanPrice,
            boolean promotion, double[] forecast) {
        double scale = encoder.step(features, bucketStart, units, meanPrice, promotion, x);
        kernel.step(x, state.h, state.c);
        state.lastBucketStart = bucketStart;
        head(state, scale, forecast);
        return scale;
    }

    /** The output heads after {@code state}, the point forecast in units to {@code forecast}. */
    private void head(LstmState state, double scale, double[] forecast) {
        kernel.head(state.h, out);
        lastScale = scale;
        for (int j = 0; j < horizon; j++) {
            forecast[j] = FeatureEncoder.toUnits(out[j], scale);
        }
    }

    /** {@link #step} for bucket i of a series (e.g. the newest of the job's {@code BucketHistory}). */
    public double step(FeatureState features, LstmState state, DemandSeries series, int i, double[] forecast) {
        return step(features, state, series.bucketStart(i), series.units(i), series.meanPrice(i), series.promotion(i),
                forecast);
    }

    /**
     * The job's one call per product per closed bucket, after appending it to {@code ring}: advances
     * the features by the ring's newest bucket, then one LSTM step, or a re-warm over the whole ring
     * when the state belongs to another model (swap) or none. Writes the H-step forecast in units.
     * Returns the scale used.
     */
    public double onBucketClosed(FeatureState features, LstmState state, DemandSeries ring, double[] forecast) {
        int newest = ring.length() - 1;
        if (!needsRewarm(state)) {
            return step(features, state, ring, newest, forecast);
        }
        encoder.step(features, ring, newest, x);
        rewarm(features, state, ring, forecast);
        return features.scale();
    }

    /**
     * After a model swap or restore: zero state, then steps through all of {@code ring} (oldest
     * first). {@code features} must already include the ring's buckets (it is rewound, replayed and
     * ends where it was). Writes the forecast after the newest bucket to {@code forecast} if not null.
     */
    public void rewarm(FeatureState features, LstmState state, DemandSeries ring, double[] forecast) {
        state.reset(kernel.hidden(), version);
        if (ring.length() == 0) {
            return;
        }
        FeatureState replay = encoder.rewind(features, ring, 0);
        double scale = 1;
        for (int i = 0; i < ring.length(); i++) {
            scale = encoder.step(replay, ring, i, x);
            kernel.step(x, state.h, state.c);
        }
        state.lastBucketStart = ring.bucketStart(ring.length() - 1);
        // keep the replayed copy's bookkeeping in step with the caller's state
        features.lastBucketStart = replay.lastBucketStart;
        if (forecast != null) {
            head(state, scale, forecast);
        }
    }
}
