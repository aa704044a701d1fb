package io.flowcast.backtest;

import io.flowcast.backtest.sinks.HandOffSink;
import io.flowcast.backtest.sources.ReplayCounter;
import io.flowcast.core.events.Forecast;
import io.flowcast.core.metrics.DemandSegment;
import io.flowcast.core.metrics.ErrorAccumulator;
import io.flowcast.job.FlowcastJob;
import io.flowcast.job.ForecastPipeline;
import io.flowcast.job.config.JobOptions;
import io.flowcast.job.records.ParsedOrder;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A backtest: replays the orders through {@link ForecastPipeline#build}, the job graph the live
 * job runs, once per run (forecaster) side by side in one bounded local job (no checkpoints, heap
 * state), hands every forecast to this thread and scores it ({@link Scorer}).
 */
public final class Backtest {
    private Backtest() {}

    /** Runs every run of {@code config} and scores them; writes nothing. */
    public static BacktestResult run(BacktestConfig config, ProgressListener listener) throws Exception {
        long start = System.nanoTime();
        List<RunSpec> runs = config.runs();
        Scorer[] scorers = new Scorer[runs.size()];
        ForecastCsv.Writer export = config.exportForecasts()
                ? new ForecastCsv.Writer(config.outDir().resolve(ForecastCsv.FILE), config.bucketSize().millis()) : null;
        try (export) {
            return run(config, listener, start, runs, scorers, export);
        }
    }

    private static BacktestResult run(BacktestConfig config, ProgressListener listener, long start, List<RunSpec> runs,
                                      Scorer[] scorers, ForecastCsv.Writer export) throws Exception {
        for (int r = 0; r < scorers.length; r++) {
            scorers[r] = new Scorer(config.horizon(), config.bucketSize(), config.fastUnitsPerBucket())
                    .scoreFrom(config.scoreFrom()).origins(config.originEvery(), config.topProducts()).export(export, runs.get(r).label());
        }
        long readBefore = ReplayCounter.read();
        listener.runStarted(0, 1, runs.size() == 1 ? runs.get(0).label() : runs.size() + " models",
                config.input().expectedRecords());
        AtomicLong collected = new AtomicLong();
        Thread ticker = ticker(listener, readBefore, collected);
        try {
            replay(config, runs, (run, f) -> {
                scorers[run].accept(f);
                collected.incrementAndGet();
            });
        } finally {
            ticker.interrupt();
            ticker.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long read = ReplayCounter.read() - readBefore;
        listener.progress(read, collected.get());

        Map<String, DemandSegment> segments = scorers[0].segments();
        Map<String, Double> units = scorers[0].totalUnits();
        List<RunResult> results = new ArrayList<>();
        List<ProductChart> charts = List.of();
        for (int r = 0; r < runs.size(); r++) {
            RunSpec run = runs.get(r);
            RunResult result = scorers[r].score(run.label(), segments, seconds, read);
            if (r == 0) {
                charts = pickCharts(config, result, segments, units);
            }
            for (ProductChart c : charts) {
                ProductSeries s = scorers[r].series(c.productId());
                if (s != null) {
                    c.series().put(run.label(), s);
                    ErrorAccumulator acc = result.perProduct().get(c.productId());
                    c.wape().put(run.label(), acc == null ? Double.NaN : acc.wape());
                }
            }
            scorers[r] = null; // let the per-product arrays go before the next run is scored
            results.add(result);
            listener.runFinished(result);
        }
        Map<DemandSegment, Integer> perSegment = new EnumMap<>(DemandSegment.class);
        for (DemandSegment s : DemandSegment.values()) {
            perSegment.put(s, 0);
        }
        segments.values().forEach(s -> perSegment.merge(s, 1, Integer::sum));
        return new BacktestResult(config, config.input().describe(), Instant.now(), (System.nanoTime() - start) / 1e9,
                results, perSegment, charts);
    }

    /** Receives the forecasts of a replay, tagged with the index of the run that made them. */
    @FunctionalInterface
    public interface RunSink {
        void accept(int run, Forecast forecast);
    }

    /**
     * Replays the input once through one copy of {@link ForecastPipeline#build} per run, all in one
     * bounded local job reading the input once, and hands every forecast to {@code sink} on this
     * thread, in arrival order; returns when the job has ended and everything is handed over.
     *
     * <p>Each copy is the live job graph with that run's job options; only the operator uids get a
     * {@code @run} suffix, because one job cannot hold the same uid twice (uids only match state on
     * restore, and a replay never restores). The source uses the options common to all runs.
     */
    public static void replay(BacktestConfig config, List<RunSpec> runs, RunSink sink) throws Exception {
        Configuration common = config.commonJobOptions();
        Configuration flink = FlowcastJob.runtimeConfig(common);
        // STREAMING, as live: in BATCH mode the keyed function's next-bucket timers, registered while
        // the final watermark fires, never fire, so each product got one forecast (seen here)
        flink.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        // the replay sources read sequentially and cannot resume: a failure should fail, not restart
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "disable");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(common.get(JobOptions.PARALLELISM));
        DataStream<ParsedOrder> parsed = config.input().create(env, common);

        String session = UUID.randomUUID().toString();
        BlockingQueue<HandOffSink.Tagged> queue = HandOffSink.open(session, HAND_OFF_CAPACITY);
        try {
            for (int r = 0; r < runs.size(); r++) {
                ForecastPipeline.Outputs out = ForecastPipeline.build(parsed, config.jobOptions(runs.get(r)));
                suffixUids(out.forecasts().getTransformation(), parsed.getTransformation(), "@" + r);
                out.forecasts().sinkTo(new HandOffSink(session, r))
                        .name("Forecasts of " + runs.get(r).label()).uid("backtest-hand-off@" + r);
            }
            JobClient job = env.executeAsync("Flowcast backtest: "
                    + runs.stream().map(RunSpec::label).collect(Collectors.joining(", ")));
            CompletableFuture<JobExecutionResult> done = job.getJobExecutionResult();
            try {
                while (true) {
                    HandOffSink.Tagged t = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (t != null) {
                        accept(t, sink);
                    } else if (done.isDone()) {
                        done.get(); // throws if the job failed
                        // the job ends only after every writer has put its last record: drain and stop
                        for (t = queue.poll(); t != null; t = queue.poll()) {
                            accept(t, sink);
                        }
                        break;
                    }
                }
            } catch (Exception | Error e) {
                if (!done.isDone()) {
                    job.cancel(); // its writers would otherwise block on a queue nobody drains
                }
                throw e;
            }
        } finally {
            HandOffSink.close(session);
        }
    }

    /** Every forecast of one run, in arrival order: for tests and small replays. */
    public static List<Forecast> replay(BacktestConfig config, RunSpec run) throws Exception {
        List<Forecast> out = new ArrayList<>();
        replay(config, List.of(run), (r, f) -> out.add(f));
        return out;
    }

    /** Batches of {@link HandOffSink#BATCH} forecasts. */
    private static final int HAND_OFF_CAPACITY = 256;

    private static void accept(HandOffSink.Tagged batch, RunSink sink) {
        for (Forecast f : batch.forecasts()) {
            sink.accept(batch.run(), f);
        }
    }

    private static void suffixUids(Transformation<?> t, Transformation<?> stop, String suffix) {
        Set<Integer> seen = new HashSet<>();
        Deque<Transformation<?>> todo = new ArrayDeque<>(List.of(t));
        while (!todo.isEmpty()) {
            Transformation<?> x = todo.pop();
            if (x.getId() == stop.getId() || !seen.add(x.getId())) {
                continue;
            }
            if (x.getUid() != null) {
                x.setUid(x.getUid() + suffix);
            }
            todo.addAll(x.getInputs());
        }
    }

    /**
     * The products the report draws: those named in the config, the top sellers, and the worst by
     * WAPE (all steps pooled, first run) among the better-selling half of the products with at least
     * two horizons of scored buckets: the very smallest sellers have huge, meaningless WAPEs.
     */
    static List<ProductChart> pickCharts(BacktestConfig config, RunResult first, Map<String, DemandSegment> segments,
                                         Map<String, Double> units) {
        int n = config.productsToChart();
        Set<String> picked = new LinkedHashSet<>();
        List<ProductChart> out = new ArrayList<>();
        for (String id : config.chartProducts()) {
            if (units.containsKey(id) && picked.add(id)) {
                out.add(new ProductChart(id, "chosen", segments.get(id), units.get(id)));
            }
        }
        List<String> bySales = new ArrayList<>(units.keySet());
        bySales.sort(Comparator.comparing((String id) -> -units.get(id)).thenComparing(id -> id));
        for (String id : bySales) {
            if (countReason(out, "top seller") >= n) {
                break;
            }
            if (picked.add(id)) {
                out.add(new ProductChart(id, "top seller", segments.get(id), units.get(id)));
            }
        }
        List<String> candidates = new ArrayList<>(bySales.subList(0, Math.max(0, bySales.size() / 2)));
        candidates.removeIf(id -> {
            ErrorAccumulator a = first.perProduct().get(id);
            return a == null || a.count() < 2L * config.horizon() || Double.isNaN(a.wape());
        });
        candidates.sort(Comparator.comparing((String id) -> -first.perProduct().get(id).wape()).thenComparing(id -> id));
        for (String id : candidates) {
            if (countReason(out, "worst WAPE") >= n) {
                break;
            }
            if (picked.add(id)) {
                out.add(new ProductChart(id, "worst WAPE", segments.get(id), units.get(id)));
            }
        }
        return out;
    }

    private static long countReason(List<ProductChart> charts, String reason) {
        return charts.stream().filter(c -> c.reason().equals(reason)).count();
    }

    private static Thread ticker(ProgressListener listener, long readBefore, AtomicLong collected) {
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(250);
                    listener.progress(ReplayCounter.read() - readBefore, collected.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "backtest-progress");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
