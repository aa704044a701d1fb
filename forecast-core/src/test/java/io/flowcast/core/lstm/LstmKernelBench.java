package io.flowcast.core.lstm;

/**
 * Rough single-thread speed check of the kernel (System.nanoTime loops, not JMH):
 * {@code java -cp forecast-core/target/classes:forecast-core/target/test-classes io.flowcast.core.lstm.LstmKernelBench}.
 * Compares one-by-one stepping with the batch entry point.
 */
public final class LstmKernelBench {
    public static void main(String[] args) {
        int nIn = 5;
        int hid = 32;
        int nOut = 7;
        LstmWeights wts = LstmWeights.random(nIn, hid, nOut, 42, 0.3f);
        LstmKernel k = new LstmKernel(wts);
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
            long t2 = System.nanoTime();
            int batches = n / products;
            for (int i = 0; i < batches; i++) {
                k.stepBatch(xs, hs, cs, outs, products);
            }
            long t3 = System.nanoTime();
            System.out.printf("step+head %.0f ns, stepBatch(1024) with head %.0f ns/product  (%f)%n",
                    (t1 - t0) / (double) n, (t3 - t2) / (double) (batches * products),
                    out[0] + outs[3]);
        }
    }
}
