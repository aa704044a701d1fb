package io.flowcast.bench;

import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.features.FeatureSpec;
import io.flowcast.core.features.FeatureState;
import io.flowcast.core.lstm.LstmState;
import io.flowcast.core.lstm.LstmStepper;
import io.flowcast.trainer.Dl4jLstm;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One forecast update, three ways, same model (daily features, 32 hidden, horizon 7, DL4J's own
 * initial weights): the job's serving path (features + one LSTM step + head, per product per closed
 * bucket), and DL4J {@code output()} over a 28-bucket window at batch 1 and at batch 256 (divide
 * that score by 256 for one forecast). Single-threaded: the figures are per core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class LstmServingBenchmark {
    static final int HIDDEN = 32;
    static final int HORIZON = 7;
    static final int WINDOW = 28;

    private LstmStepper stepper;
    private FeatureState features;
    private LstmState state;
    private double[] forecast;
    private long bucketStart;
    private double[] units;
    private int i;

    private MultiLayerNetwork net;
    private INDArray window1;
    private INDArray window256;

    @Setup(Level.Trial)
    public void setUp() {
        FeatureSpec spec = FeatureSpec.of(BucketSize.parse("1d"), HORIZON, HIDDEN);
        net = Dl4jLstm.build(spec.nIn, HIDDEN, HORIZON, 1e-3, 42);
        stepper = new LstmStepper(spec, Dl4jLstm.toKernelWeights(net), "bench");
        features = new FeatureState();
        state = new LstmState(HIDDEN);
        state.modelVersion = "bench";
        forecast = new double[HORIZON];
        Random rnd = new Random(1);
        units = new double[1024];
        for (int k = 0; k < units.length; k++) {
            units[k] = rnd.nextInt(20);
        }
        window1 = Nd4j.rand(new int[] {1, spec.nIn, WINDOW});
        window256 = Nd4j.rand(new int[] {256, spec.nIn, WINDOW});
    }

    /** The job's per-bucket cost: what one product's closed bucket costs to turn into an H-step forecast. */
    @Benchmark
    public double servingPathOneUpdate() {
        i = (i + 1) & 1023;
        bucketStart += 86_400_000L;
        stepper.step(features, state, bucketStart, units[i], 2.5, false, forecast);
        return forecast[0];
    }

    @Benchmark
    public INDArray dl4jOutputBatch1() {
        return net.output(window1);
    }

    @Benchmark
    public INDArray dl4jOutputBatch256() {
        return net.output(window256);
    }
}
