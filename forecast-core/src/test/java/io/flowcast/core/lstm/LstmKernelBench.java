package io.flowcast.core.lstm;

/**
 * Rough single-thread speed check of the kernel (System.nanoTime loops, not JMH):
 * {@code java -cp forecast-core/target/classes:forecast-core/target/test-classes io.flowcast.core.lstm.LstmKernelBench}.
 * Compares the rational tanh/sigmoid against Math.exp-based ones and the batch entry point.
 */
public final class LstmKernelBench {
    public static void main(String[] args) {
        int nIn = 5;
        int hid = 32;
        int nOut = 7;
        LstmWeights wts = LstmWeights.random(nIn, hid, nOut, 42, 0.3f);
        LstmKernel k = new LstmKernel(wts);
        ExpKernel e = new ExpKernel(wts);
        float[] x = {0.5f, 0.1f, -0.3f, 1f, 0f};
        float[] h = new float[hid];
        float[] c = new float[hid];
        float[] out = new float[nOut];
        int products = 1024;
        float[] xs = new float[products * nIn];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (float) Math.sin(i);
        }
        float[] hs = new float[products * hid];
        float[] cs = new float[products * hid];
        float[] outs = new float[products * nOut];
        for (int round = 0; round < 5; round++) {
            int n = 2_000_000;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                x[0] = (i & 15) * 0.1f;
                k.step(x, h, c);
                k.head(h, out);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                x[0] = (i & 15) * 0.1f;
                e.step(x, h, c);
                k.head(h, out);
            }
            long t2 = System.nanoTime();
            int batches = n / products;
            for (int i = 0; i < batches; i++) {
                k.stepBatch(xs, hs, cs, outs, products);
            }
            long t3 = System.nanoTime();
            System.out.printf("rational step+head %.0f ns, Math.exp step+head %.0f ns, batch(1024) %.0f ns/product  (%f)%n",
                    (t1 - t0) / (double) n, (t2 - t1) / (double) n, (t3 - t2) / (double) (batches * products),
                    out[0] + outs[3]);
        }
    }

    /** The same step with Math.exp-based activations, for the comparison only. */
    static final class ExpKernel {
        final LstmWeights wt;
        final float[] z;

        ExpKernel(LstmWeights wt) {
            this.wt = wt;
            this.z = new float[4 * wt.hidden()];
        }

        void step(float[] x, float[] h, float[] c) {
            int g = z.length;
            int hd = wt.hidden();
            System.arraycopy(wt.b, 0, z, 0, g);
            for (int i = 0; i < wt.nIn(); i++) {
                float xi = x[i];
                int off = i * g;
                for (int j = 0; j < g; j++) {
                    z[j] += xi * wt.w[off + j];
                }
            }
            for (int kk = 0; kk < hd; kk++) {
                float hk = h[kk];
                int off = kk * g;
                for (int j = 0; j < g; j++) {
                    z[j] += hk * wt.rw[off + j];
                }
            }
            for (int kk = 0; kk < hd; kk++) {
                float a = (float) Math.tanh(z[kk]);
                float f = (float) (1 / (1 + Math.exp(-z[hd + kk])));
                float o = (float) (1 / (1 + Math.exp(-z[2 * hd + kk])));
                float in = (float) (1 / (1 + Math.exp(-z[3 * hd + kk])));
                float cn = f * c[kk] + in * a;
                c[kk] = cn;
                h[kk] = o * (float) Math.tanh(cn);
            }
        }
    }
}
