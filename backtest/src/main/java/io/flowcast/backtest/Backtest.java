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
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A backtest: replays the orders through {@link ForecastPipeline#build}, the job graph the live
 * job runs, once per run (forecaster) side by side in one bounded local job (no checkpoints, heap
 * state), and scores every forecast on the thread of the writer that got it ({@link Scorer}, one per
 * run and writer, merged at the end).
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
        // one scorer per run and writer subtask, merged at the end: a product's forecasts all come from
        // one subtask, so each product is scored whole by one of them
        List<List<Scorer>> parts = new ArrayList<>();
        runs.forEach(r -> parts.add(new ArrayList<>()));
        long readBefore = ReplayCounter.read();
        listener.runStarted(0, 1, runs.size() == 1 ? runs.get(0).label() : runs.size() + " models",
                config.input().expectedRecords());
        LongAdder collected = new LongAdder();
        Thread ticker = ticker(listener, readBefore, collected);
        try {
            replay(config, runs, (run, subtask) -> {
                Scorer scorer = newScorer(config, runs.get(run), export);
                synchronized (parts) {
                    parts.get(run).add(scorer);
                }
                return f -> {
                    scorer.accept(f);
                    collected.increment();
                };
            });
        } finally {
            ticker.interrupt();
            ticker.join();
        }
        for (int r = 0; r < scorers.length; r++) {
            scorers[r] = newScorer(config, runs.get(r), export);
            for (Scorer part : parts.get(r)) {
                scorers[r].merge(part);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long read = ReplayCounter.read() - readBefore;
        listener.progress(read, collected.sum());

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

    private static Scorer newScorer(BacktestConfig config, RunSpec run, ForecastCsv.Writer export) {
        return new Scorer(config.horizon(), config.bucketSize(), config.fastUnitsPerBucket())
                .scoreFrom(config.scoreFrom()).origins(config.originEvery(), config.topProducts()).export(export, run.label());
    }

    /**
     * Replays the input once through one copy of {@link ForecastPipeline#build} per run, all in one
     * bounded local job reading the input once, and hands every forecast to the receiver that
     * {@code receivers} made for its run and writer subtask, on that writer's thread, in the order the
     * writer got them (a product's forecasts all pass one writer); returns when the job has ended.
     *
     * <p>Each copy is the live job graph with that run's job options; only the operator uids get a
     * {@code @run} suffix, because one job cannot hold the same uid twice (uids only match state on
     * restore, and a replay never restores). The source uses the options common to all runs.
     */
    public static void replay(BacktestConfig config, List<RunSpec> runs, HandOffSink.Receivers receivers) throws Exception {
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
        HandOffSink.open(session, receivers);
        try {
            for (int r = 0; r < runs.size(); r++) {
                ForecastPipeline.Outputs out = ForecastPipeline.build(parsed, config.jobOptions(runs.get(r)));
                suffixUids(out.forecasts().getTransformation(), parsed.getTransformation(), "@" + r);
                out.forecasts().sinkTo(new HandOffSink(session, r))
                        .name("Forecasts of " + runs.get(r).label()).uid("backtest-hand-off@" + r);
            }
            env.execute("Flowcast backtest: " + runs.stream().map(RunSpec::label).collect(Collectors.joining(", ")));
        } finally {
            HandOffSink.close(session);
        }
    }

    /**
     * Every forecast of each run, per run in arrival order per writer (the writers' lists one after
     * the other): for tests and small replays.
     */
    public static List<List<Forecast>> replayByRun(BacktestConfig config, List<RunSpec> runs) throws Exception {
        List<List<List<Forecast>>> parts = new ArrayList<>();
        runs.forEach(r -> parts.add(new ArrayList<>()));
        replay(config, runs, (run, subtask) -> {
            List<Forecast> part = new ArrayList<>();
            synchronized (parts) {
                parts.get(run).add(part);
            }
            return part::add;
        });
        List<List<Forecast>> out = new ArrayList<>();
        for (List<List<Forecast>> run : parts) {
            List<Forecast> all = new ArrayList<>();
            run.forEach(all::addAll);
            out.add(all);
        }
        return out;
    }

    /** Every forecast of one run: for tests and small replays. */
    public static List<Forecast> replay(BacktestConfig config, RunSpec run) throws Exception {
        return replayByRun(config, List.of(run)).get(0);
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

    private static Thread ticker(ProgressListener listener, long readBefore, LongAdder collected) {
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(250);
                    listener.progress(ReplayCounter.read() - readBefore, collected.sum());
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
