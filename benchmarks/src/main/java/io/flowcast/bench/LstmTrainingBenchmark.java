package io.flowcast.bench;

import io.flowcast.core.buckets.ArraySeries;
import io.flowcast.trainer.LstmTrainer;
import io.flowcast.trainer.SyntheticSeries;
import io.flowcast.trainer.TrainerConfig;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Wall time of the small training run LstmTrainerTest checks for learning (40 weekly-seasonal
 * series of 200 days, 4 epochs, batch 32): the timing that test used to assert, measured here
 * where a busy machine makes it slower instead of failing a build.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class LstmTrainingBenchmark {
    private List<ArraySeries> series;
    private TrainerConfig config;

    @Setup
    public void setUp() {
        series = SyntheticSeries.weekly(40, 200, Instant.parse("2024-01-01T00:00:00Z").toEpochMilli(), 1);
        config = new TrainerConfig();
        config.maxEpochs = 4;
        config.batchSize = 32;
        config.learningRate = 1e-2;
        config.windowLength = 28;
        config.progress = false;
    }

    @Benchmark
    public double trainTinyModel() {
        return new LstmTrainer(config).train(series, null).bestValidationLoss;
    }
}
