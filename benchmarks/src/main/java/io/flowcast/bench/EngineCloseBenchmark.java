package io.flowcast.bench;

import io.flowcast.core.alerts.AlertRules;
import io.flowcast.core.buckets.BucketAggregate;
import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.engine.Emission;
import io.flowcast.core.engine.EngineSettings;
import io.flowcast.core.engine.ForecastEngine;
import io.flowcast.core.engine.ProductState;
import io.flowcast.core.engine.ProductTimeline;
import io.flowcast.core.json.Json;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One bucket close of the keyed operator's engine without Flink, Kafka or state bytes: what the heap
 * backend's job does per forecast at its core. The job's defaults ({@link EngineSettings}'s: hourly
 * buckets, 168 kept, 24 steps, 50 residuals; alerts on) over {@code products} products that sell at mixed Poisson rates, each
 * with 200 closed buckets behind it; every call closes the next product's next bucket, round-robin,
 * so a product's state is as cold in the cache as in a job with that many products.
 * {@code closeAndJson} adds the forecast's JSON, as the size guard writes it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class EngineCloseBenchmark {
    private static final BucketSize BUCKETS = BucketSize.of(EngineSettings.DEFAULT_BUCKET_SIZE);
    private static final long T0 = 1_700_006_400_000L; // a Wednesday, 00:00 UTC

    @Param({"auto"})
    public String forecaster;
    @Param({"1000", "20000"})
    public int products;

    private ForecastEngine engine;
    private ProductTimeline[] timelines;
    private ProductState[] states;
    private double[] rates;
    private long[] nextBucket;
    private SplittableRandom random;
    private int next;

    @Setup
    public void fill() {
        AlertRules alerts = new AlertRules(AlertRules.DEFAULT_SPIKE_MARGIN, AlertRules.DEFAULT_TAIL_PROBABILITY,
                AlertRules.DEFAULT_CUSUM_THRESHOLD, AlertRules.DEFAULT_CUSUM_SLACK, AlertRules.DEFAULT_COOLDOWN_BUCKETS,
                AlertRules.DEFAULT_MIN_VOLUME, AlertRules.DEFAULT_HISTORY_BUCKETS, AlertRules.DEFAULT_LINE_HEADROOM,
                AlertRules.warmUpFor(BUCKETS.seasonPeriod(), AlertRules.DEFAULT_HISTORY_BUCKETS));
        engine = new ForecastEngine(new EngineSettings(BUCKETS, EngineSettings.DEFAULT_LOOKBACK,
                EngineSettings.DEFAULT_HORIZON, EngineSettings.DEFAULT_RESIDUAL_WINDOW, Duration.ZERO, forecaster,
                EngineSettings.DEFAULT_LSTM_MIN_HISTORY, alerts));
        timelines = new ProductTimeline[products];
        states = new ProductState[products];
        rates = new double[products];
        nextBucket = new long[products];
        random = new SplittableRandom(1);
        for (int p = 0; p < products; p++) {
            timelines[p] = new ProductTimeline();
            rates[p] = Math.exp(random.nextDouble(-3, 2)); // 0.05 to 7 units an hour
            nextBucket[p] = T0;
            for (int b = 0; b < 200; b++) {
                close(p);
            }
        }
    }

    @Benchmark
    public Emission close() {
        Emission e = close(next);
        next = next + 1 == products ? 0 : next + 1;
        return e;
    }

    @Benchmark
    public byte[] closeAndJson() {
        return Json.toBytes(close().forecast());
    }

    private Emission close(int p) {
        ProductTimeline t = timelines[p];
        long bucket = nextBucket[p];
        long units = poisson(rates[p]);
        if (units > 0) {
            engine.onSum(t, bucket, new BucketAggregate(units, units * 2.5, 1, 0), bucket + 1);
        } else if (!t.hasClosedBuckets()) {
            engine.onSum(t, bucket, new BucketAggregate(0, 0, 0, 0), bucket + 1); // a product starts with an order
        }
        states[p] = engine.stateFor(states[p]);
        Emission e = engine.close(t, states[p], "P" + p, bucket, null, false, 0);
        nextBucket[p] = bucket + BUCKETS.millis();
        return e;
    }

    private long poisson(double mean) {
        long k = 0;
        double l = Math.exp(-mean);
        double prod = random.nextDouble();
        while (prod > l) {
            k++;
            prod *= random.nextDouble();
        }
        return k;
    }
}
