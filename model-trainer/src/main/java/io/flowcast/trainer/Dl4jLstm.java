package io.flowcast.trainer;

import io.flowcast.core.features.FeatureSpec;
import io.flowcast.core.lstm.LstmWeights;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossL1;

/** The DL4J side of the model: network configuration, export to the serving kernel's weights, (de)serialisation. */
public final class Dl4jLstm {
    static {
        // JavaCPP checks the process's resident memory on every native allocation when this is set
        // (its default): 19% of the trainer's main-thread samples in a JFR profile. ND4J frees its
        // buffers itself and the heap is capped by -Xmx; set the property to re-enable the check.
        if (System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes") == null) {
            System.setProperty("org.bytedeco.javacpp.maxPhysicalBytes", "0");
        }
    }

    private Dl4jLstm() {}

    /**
     * One LSTM layer (tanh, sigmoid gates: DL4J's default gate activation, stated explicitly because
     * the serving kernel hard-codes it) and an identity RnnOutputLayer predicting H scaled buckets per step.
     * Loss L1 (features-v1 models): a median. Its forecasts added up to 40% of the units sold on the
     * retail log, which is why v2 models train the mean and quantiles with {@link MeanQuantileLoss}.
     */
    public static MultiLayerNetwork build(int nIn, int hidden, int nOut, double learningRate, long seed) {
        return build(nIn, hidden, nOut, new LossL1(), learningRate, seed, 0, 1.0);
    }

    /**
     * The network for a feature spec: with quantile heads (features-v2) the outputs are the mean and
     * p10/p50/p90 blocks under {@link MeanQuantileLoss}, else one point block under L1.
     */
    public static MultiLayerNetwork build(FeatureSpec spec, double learningRate, long seed, int tbpttLength,
            double gradientClip) {
        return build(spec, learningRate, seed, tbpttLength, gradientClip, 1.0);
    }

    /** {@link #build(FeatureSpec, double, long, int, double)} with the mean block's loss weight ({@link MeanQuantileLoss#meanWeight}). */
    public static MultiLayerNetwork build(FeatureSpec spec, double learningRate, long seed, int tbpttLength,
            double gradientClip, double meanLossWeight) {
        ILossFunction loss = spec.hasQuantiles()
                ? new MeanQuantileLoss(meanLossWeight, spec.horizon, FeatureSpec.QUANTILE_LEVELS)
                : new LossL1();
        return build(spec.nIn, spec.hidden, spec.nOut(), loss, learningRate, seed, tbpttLength, gradientClip);
    }

    /**
     * {@code tbpttLength > 0}: {@code fit} back-propagates through segments of that many steps and
     * carries (h, c) from one segment to the next, so a whole series trains from its first bucket
     * (the job's state) at the cost of one pass over it instead of overlapping windows.
     */
    public static MultiLayerNetwork build(int nIn, int hidden, int nOut, ILossFunction loss, double learningRate, long seed,
            int tbpttLength, double gradientClip) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(learningRate))
                .gradientNormalization(gradientClip > 0 ? GradientNormalization.ClipElementWiseAbsoluteValue
                        : GradientNormalization.None)
                .gradientNormalizationThreshold(gradientClip > 0 ? gradientClip : 1.0)
                .list()
                .layer(new LSTM.Builder().nIn(nIn).nOut(hidden)
                        .activation(Activation.TANH)
                        .gateActivationFunction(Activation.SIGMOID)
                        .build())
                .layer(new RnnOutputLayer.Builder(loss)
                        .activation(Activation.IDENTITY)
                        .nIn(hidden).nOut(nOut)
                        .build())
                .backpropType(tbpttLength > 0 ? BackpropType.TruncatedBPTT : BackpropType.Standard)
                .tBPTTLength(Math.max(1, tbpttLength))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** The network's parameters in the kernel's layout (see {@link LstmWeights}). */
    public static LstmWeights toKernelWeights(MultiLayerNetwork net) {
        INDArray w = net.getLayer(0).getParam("W");
        INDArray rw = net.getLayer(0).getParam("RW");
        INDArray b = net.getLayer(0).getParam("b");
        INDArray ow = net.getLayer(1).getParam("W");
        INDArray ob = net.getLayer(1).getParam("b");
        int nIn = (int) w.size(0);
        int hidden = (int) rw.size(0);
        int nOut = (int) ow.size(1);
        if (w.size(1) != 4L * hidden || rw.size(1) != 4L * hidden || ow.size(0) != hidden) {
            throw new IllegalStateException("unexpected DL4J parameter shapes: W " + w.shapeInfoToString()
                    + " RW " + rw.shapeInfoToString() + " out W " + ow.shapeInfoToString());
        }
        return new LstmWeights(nIn, hidden, nOut, rowMajor(w), rowMajor(rw), vector(b), rowMajor(ow), vector(ob));
    }

    private static float[] rowMajor(INDArray m) {
        // toFloatMatrix reads by logical index, so the 'f' order of DL4J's parameter views does not matter
        float[][] rows = m.toFloatMatrix();
        int cols = rows[0].length;
        float[] out = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, out, r * cols, cols);
        }
        return out;
    }

    private static float[] vector(INDArray v) {
        // biases are rank 1 in M2.1 (stack notes): getFloat(0, j) would misread them
        return v.dup().reshape(v.length()).toFloatVector();
    }

    /** ModelSerializer zip without the updater state: what goes into the record. */
    public static byte[] toBytes(MultiLayerNetwork net) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ModelSerializer.writeModel(net, out, false);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static MultiLayerNetwork fromBytes(byte[] bytes) {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
