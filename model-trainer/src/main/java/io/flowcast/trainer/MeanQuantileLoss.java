package io.flowcast.trainer;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossUtil;

/**
 * The loss of the probabilistic head: outputs are blocks of {@code horizon} columns, the first the
 * mean (half squared error: its minimiser is the mean, so the point forecast is not pulled under the
 * big days as L1's median was), then one block per quantile level (pinball loss: its minimiser is
 * that quantile). Labels repeat the H targets once per block. DL4J calls it on 2-d arrays
 * [examples x time steps, columns] with a per-row mask for sequences.
 */
public class MeanQuantileLoss implements ILossFunction {
    /** Columns per block: the horizon. Public non-final fields: DL4J stores the loss as JSON in the model zip. */
    public int horizon;
    /** Quantile levels of the blocks after the mean, e.g. 0.1, 0.5, 0.9. */
    public double[] levels;
    /**
     * Weight of the mean block's squared error against the quantile blocks' pinball losses: on lumpy
     * scaled demand the squared errors of the big days are orders of magnitude above the pinball
     * terms and steer the shared LSTM layer; below 1 gives the quantile heads more say.
     */
    public double meanWeight = 1.0;

    public MeanQuantileLoss() {}

    public MeanQuantileLoss(int horizon, double... levels) {
        this.horizon = horizon;
        this.levels = levels.clone();
    }

    public MeanQuantileLoss(double meanWeight, int horizon, double... levels) {
        this(horizon, levels);
        this.meanWeight = meanWeight;
    }

    public int columns() {
        return horizon * (1 + levels.length);
    }

    /** Per column: {@link #meanWeight} for the mean block, else 0; and the quantile level (0 in the mean block). */
    private INDArray[] columnWeights(DataType type) {
        float[] mean = new float[columns()];
        float[] tau = new float[columns()];
        for (int j = 0; j < horizon; j++) {
            mean[j] = (float) meanWeight;
        }
        for (int q = 0; q < levels.length; q++) {
            for (int j = 0; j < horizon; j++) {
                tau[(q + 1) * horizon + j] = (float) levels[q];
            }
        }
        return new INDArray[] {Nd4j.create(mean, 1, columns()).castTo(type), Nd4j.create(tau, 1, columns()).castTo(type)};
    }

    /** {score array, gradient wrt the pre-output}, masked. */
    private INDArray[] scoreAndGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        if (labels.size(1) != columns()) {
            throw new IllegalArgumentException("labels have " + labels.size(1) + " columns, the loss expects " + columns());
        }
        INDArray out = activationFn.getActivation(preOutput.dup(), true);
        INDArray[] w = columnWeights(out.dataType());
        INDArray isMean = w[0];
        INDArray notMean = isMean.gt(0).castTo(out.dataType()).rsubi(1.0);
        INDArray e = labels.castTo(out.dataType()).sub(out); // actual - forecast
        // pinball: e * tau when e > 0, e * (tau - 1) otherwise; its slope in the forecast is -(tau - 1{e <= 0})
        INDArray slope = e.gt(0).castTo(out.dataType()).subi(1.0).addiRowVector(w[1]);
        INDArray score = e.mul(e).muli(0.5).muliRowVector(isMean).addi(e.mul(slope).muliRowVector(notMean));
        INDArray dLdOut = e.mulRowVector(isMean).addi(slope.mulRowVector(notMean)).negi();
        INDArray grad = activationFn.backprop(preOutput.dup(), dLdOut).getFirst();
        if (mask != null) {
            LossUtil.applyMask(score, mask);
            LossUtil.applyMask(grad, mask);
        }
        return new INDArray[] {score, grad};
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
            boolean average) {
        double s = scoreAndGradient(labels, preOutput, activationFn, mask)[0].sumNumber().doubleValue();
        return average ? s / labels.size(0) : s;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return scoreAndGradient(labels, preOutput, activationFn, mask)[0].sum(true, 1);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return scoreAndGradient(labels, preOutput, activationFn, mask)[1];
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
            INDArray mask, boolean average) {
        INDArray[] sg = scoreAndGradient(labels, preOutput, activationFn, mask);
        double s = sg[0].sumNumber().doubleValue();
        return Pair.of(average ? s / labels.size(0) : s, sg[1]);
    }

    @Override
    public String name() {
        return "MeanQuantileLoss";
    }

    @Override
    public String toString() {
        return "MeanQuantileLoss(horizon=" + horizon + ", levels=" + java.util.Arrays.toString(levels) + ", meanWeight="
                + meanWeight + ")";
    }
}
