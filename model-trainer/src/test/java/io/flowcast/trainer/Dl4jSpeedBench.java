package io.flowcast.trainer;

import io.flowcast.core.lstm.LstmKernel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Rough single-thread comparison (System.nanoTime loops, not JMH): DL4J output() batch 1 (one
 * step, and 56 steps) and rnnTimeStep batch 1 vs the kernel's step + head. Run with OMP_NUM_THREADS=1:
 * {@code java -cp model-trainer/target/test-classes:model-trainer/target/classes:forecast-core/target/classes:$(cat cp) io.flowcast.trainer.Dl4jSpeedBench}.
 */
public final class Dl4jSpeedBench {
    public static void main(String[] args) {
        MultiLayerNetwork net = Dl4jLstm.build(5, 32, 7, 1e-3, 1);
        LstmKernel k = new LstmKernel(Dl4jLstm.toKernelWeights(net));
        INDArray one = Nd4j.rand(new long[] {1, 5, 1}).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        INDArray seq = Nd4j.rand(new long[] {1, 5, 56}).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        float[] x = one.reshape(5).toFloatVector();
        float[] h = new float[32];
        float[] c = new float[32];
        float[] out = new float[7];
        for (int round = 0; round < 3; round++) {
            int n = 20_000;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                net.output(one);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                net.rnnTimeStep(one);
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < n / 20; i++) {
                net.output(seq);
            }
            long t3 = System.nanoTime();
            int m = 2_000_000;
            for (int i = 0; i < m; i++) {
                x[0] = (i & 15) * 0.1f;
                k.step(x, h, c);
                k.head(h, out);
            }
            long t4 = System.nanoTime();
            System.out.printf("DL4J output() batch 1, 1 step: %.1f us; rnnTimeStep batch 1: %.1f us; output() batch 1, 56 steps: %.1f us"
                    + " (%.2f us/step); kernel step+head: %.0f ns  (%f)%n",
                    (t1 - t0) / 1e3 / n, (t2 - t1) / 1e3 / n, (t3 - t2) / 1e3 / (n / 20), (t3 - t2) / 1e3 / (n / 20) / 56,
                    (t4 - t3) / (double) m, out[0]);
        }
    }
}
