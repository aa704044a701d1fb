package io.flowcast.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.buckets.ArraySeries;
import io.flowcast.core.features.FeatureSpec;
import io.flowcast.core.features.FeatureState;
import io.flowcast.core.lstm.LstmState;
import io.flowcast.core.lstm.LstmStepper;
import java.time.Instant;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Train as it serves: the trainer runs each series from its first bucket and carries (h, c) from
 * one truncated-BPTT segment to the next; the job steps the same series one closed bucket at a
 * time with state kept since the product's first bucket. Both must give the same forecasts.
 */
class TrainServeAgreementTest {
    private static final long BEGINNING = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    /** Float32 on both sides, different summation order: agreement to 1e-5 of the scaled output. */
    private static final double TOLERANCE = 1e-5;

    @Test
    void shouldForecastInTheJobWhatTheTrainerComputedOverTheWholeSeries() {
        List<ArraySeries> series = SyntheticSeries.weekly(12, 150, BEGINNING, 5);
        TrainerConfig c = LstmTrainerTest.tiny();
        c.maxEpochs = 2;
        c.windowLength = 28; // 150 buckets = 6 segments: the state crosses five segment boundaries
        c.progress = false;
        c.featureSet = FeatureSpec.FEATURES_V3; // the newest inputs: v2's are a subset
        LstmTrainer.Result r = new LstmTrainer(c).train(series, null);
        FeatureSpec spec = r.record.featureSpec;
        assertThat(spec.hasQuantiles()).isTrue();
        // features-v3: the selling-day share and the holiday flag (five UK bank holidays fall in these 150 days)
        assertThat(spec.featureNames).contains(FeatureSpec.SELLING_SHARE, FeatureSpec.HOLIDAY);
        int share = spec.featureNames.indexOf(FeatureSpec.SELLING_SHARE);
        int holiday = spec.featureNames.indexOf(FeatureSpec.HOLIDAY);
        int holidaySteps = 0;
        boolean shareBelowOne = false;
        MultiLayerNetwork net = r.network;
        SequenceData data = new SequenceData(spec, series, Long.MAX_VALUE);
        int checked = 0;
        for (SequenceData.Window w : data.train) {
            SequenceData.Encoded e = data.series.get(w.series());
            assertThat(w.start()).isZero(); // training sequences start at the series' first bucket
            for (float[] x : e.x) {
                holidaySteps += x[holiday] == 1f ? 1 : 0;
                shareBelowOne |= x[share] > 0f && x[share] < 1f;
            }
            // training time: DL4J's forward pass the way truncated BPTT runs it, segment by segment with state carried
            DataSet ds = data.toDataSet(List.of(w));
            net.rnnClearPreviousState();
            int n = w.length();
            float[][] trained = new float[n][];
            for (int from = 0; from < n; from += c.windowLength) {
                int to = Math.min(n, from + c.windowLength);
                INDArray out = net.rnnTimeStep(ds.getFeatures().get(NDArrayIndex.all(), NDArrayIndex.all(),
                        NDArrayIndex.interval(from, to)));
                for (int t = from; t < to; t++) {
                    trained[t] = out.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(t - from))
                            .toFloatVector();
                }
            }
            // serving time: the job's stepper, one closed bucket at a time, state kept since the first bucket
            LstmStepper stepper = new LstmStepper(spec, r.record.kernelWeights(), r.record.version);
            FeatureState fs = new FeatureState();
            LstmState st = new LstmState(spec.hidden);
            st.modelVersion = r.record.version;
            double[] served = new double[spec.horizon];
            double maxScaledDiff = 0;
            for (int t = 0; t < n; t++) {
                double scale = stepper.step(fs, st, e.series, t, served);
                assertThat(scale).isEqualTo(e.scales[t]); // same features, same scale
                double[][] q = stepper.quantiles();
                for (int j = 0; j < spec.horizon; j++) {
                    double expected = Math.max(0, trained[t][j]) * scale;
                    maxScaledDiff = Math.max(maxScaledDiff, Math.abs(served[j] - expected) / scale);
                    // p10/p50/p90 heads: the same numbers, sorted so they never cross
                    double[] heads = new double[3];
                    for (int k = 0; k < 3; k++) {
                        heads[k] = Math.max(0, trained[t][(k + 1) * spec.horizon + j]) * scale;
                    }
                    java.util.Arrays.sort(heads);
                    for (int k = 0; k < 3; k++) {
                        maxScaledDiff = Math.max(maxScaledDiff, Math.abs(q[k][j] - heads[k]) / scale);
                    }
                    assertThat(q[0][j]).isLessThanOrEqualTo(q[1][j]);
                    assertThat(q[1][j]).isLessThanOrEqualTo(q[2][j]);
                }
            }
            assertThat(maxScaledDiff).as("series %d", w.series()).isLessThan(TOLERANCE);
            checked++;
        }
        assertThat(checked).isEqualTo(series.size());
        assertThat(holidaySteps).as("holiday inputs seen").isEqualTo(5 * series.size()); // 1 Jan, Good Friday, Easter Monday, 6 and 27 May
        assertThat(shareBelowOne).as("some series have days without a sale").isTrue();
    }
}
