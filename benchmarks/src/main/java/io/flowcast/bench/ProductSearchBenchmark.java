package io.flowcast.bench;

import io.flowcast.dashboard.ProductIndex;
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
 * The dashboard's product search over a catalogue of 100,000 ids: a prefix that fills the 20
 * results early, and a substring that matches one id only, so the whole catalogue is scanned.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class ProductSearchBenchmark {
    private ProductIndex index;

    @Setup
    public void fill() {
        index = new ProductIndex();
        for (int i = 0; i < 100_000; i++) {
            index.add(String.format("SKU-%06d", i));
        }
        index.search("", 1); // the sorted snapshot, built once as after a quiet spell
    }

    @Benchmark
    public List<String> prefix() {
        return index.search("sku-0123", 20);
    }

    @Benchmark
    public List<String> substringScanningEverything() {
        return index.search("99999", 20);
    }
}
