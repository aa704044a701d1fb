package io.flowcast.core.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LstmKernelTest {
    @Test
    void shouldApproximateTanhAndSigmoidWithin5e7() {
        double maxTanh = 0;
        double maxSig = 0;
        for (double v = -20; v <= 20; v += 1e-4) {
            float f = (float) v;
            maxTanh = Math.max(maxTanh, Math.abs(LstmKernel.tanh(f) - Math.tanh(f)));
            maxSig = Math.max(maxSig, Math.abs(LstmKernel.sigmoid(f) - 1 / (1 + Math.exp(-f))));
        }
        assertThat(maxTanh).isLessThan(5e-7);
        assertThat(maxSig).isLessThan(5e-7);
    }

    @Test
    void shouldMatchAStraightforwardDoublePrecisionLstm() {
        LstmWeights w = LstmWeights.random(5, 32, 7, 3, 0.4f);
        LstmKernel k = new LstmKernel(w);
        float[][] a = w.arrays();
        int hd = 32;
        int g = 128;
        double[] h = new double[hd];
        double[] c = new double[hd];
        float[] hk = new float[hd];
        float[] ck = new float[hd];
        float[] out = new float[7];
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        double maxDiff = 0;
        for (int t = 0; t < 50; t++) {
            float[] x = new float[5];
            for (int i = 0; i < 5; i++) {
                x[i] = (float) (r.nextDouble() * 4 - 2);
            }
            double[] z = new double[g];
            for (int j = 0; j < g; j++) {
                z[j] = a[2][j];
                for (int i = 0; i < 5; i++) {
                    z[j] += x[i] * a[0][i * g + j];
                }
                for (int i = 0; i < hd; i++) {
                    z[j] += h[i] * a[1][i * g + j];
                }
            }
            for (int i = 0; i < hd; i++) {
                double blk = Math.tanh(z[i]);
                double f = 1 / (1 + Math.exp(-z[hd + i]));
                double o = 1 / (1 + Math.exp(-z[2 * hd + i]));
                double in = 1 / (1 + Math.exp(-z[3 * hd + i]));
                c[i] = f * c[i] + in * blk;
                h[i] = o * Math.tanh(c[i]);
            }
            k.step(x, hk, ck);
            k.head(hk, out);
            for (int o = 0; o < 7; o++) {
                double ref = a[4][o];
                for (int i = 0; i < hd; i++) {
                    ref += h[i] * a[3][i * 7 + o];
                }
                maxDiff = Math.max(maxDiff, Math.abs(ref - out[o]));
            }
        }
        assertThat(maxDiff).isLessThan(1e-5);
    }

    @Test
    void shouldGiveTheSameResultsBatchedAsOneByOne() {
        LstmWeights w = LstmWeights.random(7, 16, 24, 9, 0.3f);
        LstmKernel k = new LstmKernel(w);
        int n = 5;
        float[] xs = new float[n * 7];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (float) Math.cos(i);
        }
        float[] hs = new float[n * 16];
        float[] cs = new float[n * 16];
        float[] outs = new float[n * 24];
        k.stepBatch(xs, hs, cs, outs, n);
        k.stepBatch(xs, hs, cs, outs, n);
        for (int p = 0; p < n; p++) {
            float[] x = java.util.Arrays.copyOfRange(xs, p * 7, p * 7 + 7);
            float[] h = new float[16];
            float[] c = new float[16];
            float[] out = new float[24];
            k.step(x, h, c);
            k.step(x, h, c);
            k.head(h, out);
            assertThat(java.util.Arrays.copyOfRange(outs, p * 24, p * 24 + 24)).containsExactly(out);
        }
    }

    @Test
    void shouldRoundTripTheBinaryFormatAndRefuseBadBytes() {
        LstmWeights w = LstmWeights.random(5, 32, 7, 1, 0.5f);
        byte[] bytes = w.toBytes();
        assertThat(bytes).hasSize(20_400);
        assertThat(LstmWeights.fromBytes(bytes).toBytes()).isEqualTo(bytes);
        assertThatThrownBy(() -> LstmWeights.fromBytes(java.util.Arrays.copyOf(bytes, bytes.length - 4)))
                .hasMessageContaining("need");
        byte[] magic = bytes.clone();
        magic[0] = 'X';
        assertThatThrownBy(() -> LstmWeights.fromBytes(magic)).hasMessageContaining("magic");
    }
}
