package io.flowcast.core.lstm;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.buckets.BucketHistory;
import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.buckets.ArraySeries;
import io.flowcast.core.features.FeatureEncoder;
import io.flowcast.core.features.FeatureSpec;
import io.flowcast.core.features.FeatureState;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class LstmStepperTest {
    private static final FeatureSpec SPEC = FeatureSpec.of(BucketSize.parse("1d"), 7, 32);
    private static final LstmWeights WEIGHTS = LstmWeights.random(5, 32, 7, 5, 0.3f);

    static ArraySeries series(int n) {
        double[] u = new double[n];
        for (int t = 0; t < n; t++) {
            u[t] = (t % 7 == 5 ? 9 : 2) + (t * 37 % 5);
        }
        return ArraySeries.ofUnits("A", 0, SPEC.bucketSizeMillis, u, 3);
    }

    @Test
    void shouldForecastOutputTimesScaleStepByStep() {
        ArraySeries s = series(30);
        FeatureEncoder.Encoded enc = new FeatureEncoder(SPEC).encodeSeries(s);
        float[][] ref = new LstmKernel(WEIGHTS).outputSequence(enc.x);
        LstmStepper stepper = new LstmStepper(SPEC, WEIGHTS, "v1");
        FeatureState fs = new FeatureState();
        LstmState st = new LstmState();
        assertThat(stepper.needsRewarm(st)).isTrue();
        st.reset(32, "v1");
        assertThat(stepper.needsRewarm(st)).isFalse();
        double[] f = new double[7];
        for (int t = 0; t < s.length(); t++) {
            stepper.step(fs, st, s, t, f);
            for (int j = 0; j < 7; j++) {
                assertThat(f[j]).isCloseTo(Math.max(0, ref[t][j] * enc.scales[t]), Offset.offset(1e-9));
            }
        }
    }

    @Test
    void shouldRewarmOverTheRingBufferAsIfStartingThere() {
        ArraySeries s = series(40);
        BucketHistory ring = new BucketHistory(14, SPEC.bucketSizeMillis);
        LstmStepper old = new LstmStepper(SPEC, LstmWeights.random(5, 32, 7, 1, 0.3f), "v1");
        FeatureState fs = new FeatureState();
        LstmState st = new LstmState(32);
        st.modelVersion = "v1";
        double[] f = new double[7];
        for (int i = 0; i < s.length(); i++) {
            ring.append(s.bucketStart(i), s.aggregate(i));
            old.step(fs, st, ring, ring.length() - 1, f);
        }
        FeatureState before = fs.copy();
        LstmStepper swapped = new LstmStepper(SPEC, WEIGHTS, "v2");
        assertThat(swapped.needsRewarm(st)).isTrue();
        double[] rewarmed = new double[7];
        swapped.rewarm(fs, st, ring, rewarmed);
        assertThat(st.modelVersion).isEqualTo("v2");
        assertThat(fs.scale()).isCloseTo(before.scale(), Offset.offset(1e-12));
        // reference: the whole series' features, but the LSTM only over the last 14 steps from zero
        FeatureEncoder.Encoded enc = new FeatureEncoder(SPEC).encodeSeries(s);
        float[][] last = java.util.Arrays.copyOfRange(enc.x, 26, 40);
        float[][] ref = new LstmKernel(WEIGHTS).outputSequence(last);
        for (int j = 0; j < 7; j++) {
            assertThat(rewarmed[j]).isCloseTo(Math.max(0, ref[13][j] * enc.scales[39]), Offset.offset(1e-5));
        }
        // the same through the job's single entry point, swapping models at the newest bucket
        FeatureState fs2 = new FeatureState();
        LstmState st2 = new LstmState(32);
        st2.modelVersion = "v1";
        BucketHistory ring2 = new BucketHistory(14, SPEC.bucketSizeMillis);
        double[] viaJob = new double[7];
        for (int i = 0; i < s.length(); i++) {
            ring2.append(s.bucketStart(i), s.aggregate(i));
            (i < s.length() - 1 ? old : swapped).onBucketClosed(fs2, st2, ring2, viaJob);
        }
        assertThat(viaJob).containsExactly(rewarmed, Offset.offset(1e-9));
        assertThat(fs2.scale()).isEqualTo(fs.scale());
        double[] backtest = new LstmForecaster(SPEC, WEIGHTS, "v2", 14).forecast(s, 7);
        assertThat(backtest).containsExactly(rewarmed, Offset.offset(1e-5));
    }

    @Test
    void shouldServeTheMeanAsPointAndNonCrossingQuantilesOfAV2Model() {
        FeatureSpec v2 = FeatureSpec.of(FeatureSpec.FEATURES_V2, BucketSize.parse("1d"), 7, 16);
        assertThat(v2.nIn).isEqualTo(6); // v1's five inputs + ln(scale)
        LstmWeights w = LstmWeights.random(v2.nIn, 16, v2.nOut(), 3, 0.8f); // 28 outputs: mean, p10, p50, p90
        ArraySeries s = series(30);
        FeatureEncoder.Encoded enc = new FeatureEncoder(v2).encodeSeries(s);
        assertThat(enc.x[29][5]).isEqualTo((float) Math.log(enc.scales[29]));
        float[][] ref = new LstmKernel(w).outputSequence(enc.x);
        LstmStepper stepper = new LstmStepper(v2, w, "v9");
        assertThat(stepper.hasQuantiles()).isTrue();
        assertThat(stepper.quantiles()).isNull(); // nothing stepped yet
        FeatureState fs = new FeatureState();
        LstmState st = new LstmState(16);
        double[] f = new double[7];
        int crossed = 0;
        for (int t = 0; t < s.length(); t++) {
            stepper.step(fs, st, s, t, f);
            double[][] q = stepper.quantiles();
            for (int j = 0; j < 7; j++) {
                assertThat(f[j]).isCloseTo(Math.max(0, ref[t][j] * enc.scales[t]), Offset.offset(1e-9)); // the mean block
                double[] heads = {Math.max(0, ref[t][7 + j] * enc.scales[t]), Math.max(0, ref[t][14 + j] * enc.scales[t]),
                        Math.max(0, ref[t][21 + j] * enc.scales[t])};
                if (heads[0] > heads[1] || heads[1] > heads[2]) {
                    crossed++;
                }
                java.util.Arrays.sort(heads);
                assertThat(new double[] {q[0][j], q[1][j], q[2][j]}).containsExactly(heads, Offset.offset(1e-9));
            }
        }
        assertThat(crossed).isPositive(); // random heads do cross: the sort is what keeps p10 <= p50 <= p90
        assertThat(new LstmStepper(SPEC, WEIGHTS, "v1").quantiles()).isNull(); // a v1 model has no heads
    }
}
