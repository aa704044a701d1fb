package io.flowcast.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The mean/quantile loss against numbers worked out by hand: horizon 1, blocks mean, p10, p50, p90. */
class MeanQuantileLossTest {
    private final MeanQuantileLoss loss = new MeanQuantileLoss(1, 0.1, 0.5, 0.9);

    @Test
    void shouldScoreHalfSquaredErrorForTheMeanAndPinballForTheQuantiles() {
        // actual 4 in every block; forecasts: mean 2, p10 1, p50 6, p90 4
        INDArray labels = Nd4j.create(new float[] {4, 4, 4, 4}, 1, 4);
        INDArray out = Nd4j.create(new float[] {2, 1, 6, 4}, 1, 4);
        // mean: 0.5 * 2^2 = 2; p10 under by 3: 0.1 * 3 = 0.3; p50 over by 2: 0.5 * 2 = 1; p90 exact: 0
        assertThat(loss.computeScore(labels, out, new ActivationIdentity(), null, false)).isCloseTo(3.3, within(1e-6));
        // gradient wrt the forecast: mean -(4 - 2) = -2; p10 under: -0.1; p50 over: 1 - 0.5 = 0.5; p90 exact (e = 0): 1 - 0.9
        INDArray g = loss.computeGradient(labels, out, new ActivationIdentity(), null);
        assertThat(g.toFloatVector()).usingComparatorWithPrecision(1e-6f).containsExactly(-2f, -0.1f, 0.5f, 0.1f);
    }

    @Test
    void shouldWeighRowsByTheMask() {
        INDArray labels = Nd4j.create(new float[] {4, 4, 4, 4, 4, 4, 4, 4}, 2, 4);
        INDArray out = Nd4j.create(new float[] {2, 1, 6, 4, 2, 1, 6, 4}, 2, 4);
        INDArray mask = Nd4j.create(new float[] {0, 3}, 2, 1); // row 0 padding, row 1 weight 3
        assertThat(loss.computeScore(labels, out, new ActivationIdentity(), mask, false)).isCloseTo(9.9, within(1e-5));
        assertThat(loss.computeScoreArray(labels, out, new ActivationIdentity(), mask).toFloatVector())
                .usingComparatorWithPrecision(1e-5f).containsExactly(0f, 9.9f);
        INDArray g = loss.computeGradient(labels, out, new ActivationIdentity(), mask);
        assertThat(g.getRow(0).toFloatVector()).usingComparatorWithPrecision(0f).containsOnly(0f); // -0 counts as 0
        assertThat(g.getRow(1).toFloatVector()).usingComparatorWithPrecision(1e-5f).containsExactly(-6f, -0.3f, 1.5f, 0.3f);
    }

    @Test
    void shouldScaleOnlyTheMeanBlockByItsWeight() {
        MeanQuantileLoss weighted = new MeanQuantileLoss(0.25, 1, 0.1, 0.5, 0.9);
        INDArray labels = Nd4j.create(new float[] {4, 4, 4, 4}, 1, 4);
        INDArray out = Nd4j.create(new float[] {2, 1, 6, 4}, 1, 4);
        // mean 0.25 * 2 = 0.5, the pinball terms as before: 0.3 + 1 + 0
        assertThat(weighted.computeScore(labels, out, new ActivationIdentity(), null, false)).isCloseTo(1.8, within(1e-6));
        INDArray g = weighted.computeGradient(labels, out, new ActivationIdentity(), null);
        assertThat(g.toFloatVector()).usingComparatorWithPrecision(1e-6f).containsExactly(-0.5f, -0.1f, 0.5f, 0.1f);
    }
}
