package io.flowcast.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.lstm.LstmKernel;
import io.flowcast.core.lstm.LstmWeights;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The serving kernel must compute exactly DL4J's forward pass: output() and rnnTimeStep(), every step. */
class KernelParityTest {
    private static final int N_IN = 5;
    private static final int HIDDEN = 32;
    private static final int H = 7;
    private static final int T = 40;

    static float[][][] sequences(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][][] s = new float[n][T][N_IN];
        for (float[][] seq : s) {
            for (float[] x : seq) {
                for (int i = 0; i < N_IN; i++) {
                    // demand-like first feature with spikes, the rest in [-1, 1]
                    x[i] = i == 0 ? (float) (r.nextDouble() < 0.05 ? 8 * r.nextDouble() : r.nextDouble() * 2)
                            : (float) (r.nextDouble() * 2 - 1);
                }
            }
        }
        return s;
    }

    static INDArray toNcw(float[][][] s) {
        float[] flat = new float[s.length * N_IN * T];
        for (int b = 0; b < s.length; b++) {
            for (int t = 0; t < T; t++) {
                for (int i = 0; i < N_IN; i++) {
                    flat[(b * N_IN + i) * T + t] = s[b][t][i];
                }
            }
        }
        return Nd4j.create(flat, new long[] {s.length, N_IN, T}, 'c');
    }

    /** Max abs difference between kernel and DL4J output() over all sequences and steps. */
    static double maxDiff(MultiLayerNetwork net, float[][][] seqs) {
        LstmKernel k = new LstmKernel(Dl4jLstm.toKernelWeights(net));
        INDArray out = net.output(toNcw(seqs)); // [b, H, T]
        double max = 0;
        for (int b = 0; b < seqs.length; b++) {
            float[][] mine = k.outputSequence(seqs[b]);
            for (int t = 0; t < T; t++) {
                for (int j = 0; j < H; j++) {
                    max = Math.max(max, Math.abs(mine[t][j] - out.getFloat(b, j, t)));
                }
            }
        }
        return max;
    }

    @Test
    void shouldMatchDl4jOutputForRandomWeights() {
        for (long seed = 1; seed <= 3; seed++) {
            MultiLayerNetwork net = Dl4jLstm.build(N_IN, HIDDEN, H, 1e-3, seed);
            // DL4J's own Xavier init. Stress figure, not asserted: weights x3 gave 4.6e-6..9.1e-6 on
            // seeds 1-3 and x2 up to 1.25e-5 on seed 4 (float rounding in a cell state growing to |c| ~ 14)
            double diff = maxDiff(net, sequences(seed, 8));
            System.out.printf("parity random weights seed %d: max abs diff %.3g%n", seed, diff);
            assertThat(diff).isLessThan(1e-5);
        }
    }

    @Test
    void shouldMatchDl4jOutputAfterTraining() {
        MultiLayerNetwork net = Dl4jLstm.build(N_IN, HIDDEN, H, 1e-2, 11);
        float[][][] seqs = sequences(5, 16);
        SplittableRandom r = new SplittableRandom(3);
        float[] labels = new float[16 * H * T];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (float) (r.nextDouble() * 3);
        }
        DataSet ds = new DataSet(toNcw(seqs), Nd4j.create(labels, new long[] {16, H, T}, 'c'));
        for (int i = 0; i < 30; i++) {
            net.fit(ds);
        }
        double diff = maxDiff(net, sequences(99, 8));
        System.out.printf("parity trained weights: max abs diff %.3g%n", diff);
        assertThat(diff).isLessThan(1e-5);
    }

    @Test
    void shouldMatchDl4jRnnTimeStepOneBucketAtATime() {
        // Xavier-initialised weights as DL4J makes them. With weights scaled x2 the cell state grows to
        // |c| ~ 14 over 40 steps and float rounding alone (same maths, other summation order) reached
        // 1.25e-5 at |out| 3.7, while DL4J's rnnTimeStep and output() differ by 9.5e-7 there.
        MultiLayerNetwork net = Dl4jLstm.build(N_IN, HIDDEN, H, 1e-3, 4);
        LstmKernel k = new LstmKernel(Dl4jLstm.toKernelWeights(net));
        float[][][] seqs = sequences(4, 3);
        double max = 0;
        double dl4jSelf = 0;
        double magnitude = 0;
        INDArray full = net.output(toNcw(seqs));
        for (int b = 0; b < seqs.length; b++) {
            float[][] seq = seqs[b];
            net.rnnClearPreviousState();
            float[] h = new float[HIDDEN];
            float[] c = new float[HIDDEN];
            float[] out = new float[H];
            int t = 0;
            for (float[] x : seq) {
                INDArray o = net.rnnTimeStep(Nd4j.create(x, new long[] {1, N_IN, 1}, 'c'));
                k.step(x, h, c);
                k.head(h, out);
                for (int j = 0; j < H; j++) {
                    max = Math.max(max, Math.abs(out[j] - o.getFloat(0, j, 0)));
                    dl4jSelf = Math.max(dl4jSelf, Math.abs(full.getFloat(b, j, t) - o.getFloat(0, j, 0)));
                    magnitude = Math.max(magnitude, Math.abs(out[j]));
                }
                t++;
            }
        }
        System.out.printf("parity rnnTimeStep: max abs diff %.3g (DL4J rnnTimeStep vs its own output(): %.3g; max |out| %.3g)%n",
                max, dl4jSelf, magnitude);
        assertThat(max).isLessThan(1e-5);
    }

    @Test
    void shouldExportWeightsThatSurviveTheBinaryFormat() {
        MultiLayerNetwork net = Dl4jLstm.build(N_IN, HIDDEN, H, 1e-3, 8);
        LstmWeights w = Dl4jLstm.toKernelWeights(net);
        assertThat(LstmWeights.fromBytes(w.toBytes()).toBytes()).isEqualTo(w.toBytes());
        MultiLayerNetwork back = Dl4jLstm.fromBytes(Dl4jLstm.toBytes(net));
        assertThat(Dl4jLstm.toKernelWeights(back).toBytes()).isEqualTo(w.toBytes());
    }
}
