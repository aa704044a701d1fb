package io.flowcast.cli;

import io.flowcast.backtest.Backtest;
import io.flowcast.backtest.BacktestConfig;
import io.flowcast.backtest.BacktestResult;
import io.flowcast.backtest.MetricsExport;
import io.flowcast.backtest.ProgressListener;
import io.flowcast.backtest.ReportWriter;
import io.flowcast.backtest.RunResult;
import io.flowcast.backtest.RunSpec;
import io.flowcast.backtest.sources.FileInput;
import io.flowcast.backtest.sources.KafkaInput;
import io.flowcast.backtest.sources.OrderInput;
import io.flowcast.backtest.sources.SyntheticInput;
import io.flowcast.core.data.OnlineRetailReader;
import io.flowcast.core.metrics.ErrorAccumulator;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Replays order history through the job graph once per forecaster and writes an accuracy report
 * (HTML with charts, metrics as JSON and CSV).
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = {"Replay order history through the same job graph the live job runs, once per forecaster,",
                "score every forecast against the actuals that arrived later, and write a report:",
                "report.html (charts, opens offline), metrics.json and metrics.csv.",
                "Input: --input FILE (Online Retail CSV or order JSON lines, plain or .gz; default: the shared",
                "Online Retail file), or --bootstrap-servers/--topic with --from/--to, or --synthetic-events N."})
public final class BacktestCommand implements Callable<Integer> {
    @Option(names = "--input", description = "Orders file: Online Retail CSV or newline-delimited order JSON, plain or gzip.")
    Path input;
    @Option(names = "--bootstrap-servers", description = "Replay a Kafka topic instead of a file.")
    String bootstrapServers;
    @Option(names = "--topic", description = "Orders topic to replay (default: ${DEFAULT-VALUE}).")
    String topic = "orders";
    @Option(names = "--from", description = "Start of the replayed window, inclusive: an instant (2011-01-01T00:00:00Z) or a UTC date.")
    String from;
    @Option(names = "--to", description = "End of the replayed window, exclusive: an instant or a UTC date.")
    String to;
    @Option(names = "--score-from", description = "Score only forecasts for buckets from this instant or UTC date on (a hold-out window); earlier buckets are still replayed as history.")
    String scoreFrom;
    @Option(names = "--origins-every", description = {"Rolling-origin evaluation: a forecast origin every this long from --score-from (e.g. 7d);",
            "only the forecast whose step 1 is an origin is scored, all its steps (like R's tsCV). Writes forecasts.csv."})
    String originsEvery;
    @Option(names = "--top-products", description = "Score only the N products with the most selling days before --score-from (0: all).")
    int topProducts;
    @Option(names = "--export-forecasts", description = "Write every scored forecast step to forecasts.csv (on by default with --origins-every).")
    boolean exportForecasts;
    @Option(names = "--synthetic-events", description = "Replay this many generated events instead (benchmarks).")
    long syntheticEvents;
    @Option(names = "--synthetic-products", description = "Products of the generated stream (default: ${DEFAULT-VALUE}).")
    int syntheticProducts = 2000;
    @Option(names = "--synthetic-orders-per-product-day", description = "Order lines per product per day (default: ${DEFAULT-VALUE}).")
    double syntheticRate = 24;
    @Option(names = "--oracle", description = "With --synthetic-events and --origins-every: score the generator's noise-free mean as run 'oracle' next to the models (oracle.csv).")
    boolean oracle;
    @Option(names = "--seed", description = "Seed of the generated stream (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--bucket-size", description = "Bucket width (default: ${DEFAULT-VALUE}).")
    String bucketSize = "1d";
    @Option(names = "--horizon", description = "Buckets ahead (default: ${DEFAULT-VALUE}).")
    int horizon = 7;
    @Option(names = "--lookback", description = "Buckets of history the forecasters see (default: the job's, ${DEFAULT-VALUE}).")
    int lookback = 168;
    @Option(names = "--forecasters", split = ",", description = {"Runs side by side, each NAME[:KEY=VALUE...] with job options for that run,",
            "e.g. auto:model-file=model.json (the LSTM of a 'train --report' file) or tsb:residual-window=30 (default: ${DEFAULT-VALUE})."})
    List<String> forecasters = new ArrayList<>(RunSpec.DEFAULT_FORECASTERS);
    @Option(names = "--job-option", description = "Any job option for every run, KEY=VALUE (repeatable), e.g. product-idle-timeout=168d.")
    List<String> jobOptions = new ArrayList<>();
    @Option(names = "--out", description = "Report directory (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("backtest-report");
    @Option(names = "--products-to-chart", description = "Top sellers and worst products to chart, N of each (default: ${DEFAULT-VALUE}).")
    int productsToChart = 4;
    @Option(names = "--product", description = "A product to chart as well (repeatable).")
    List<String> products = new ArrayList<>();
    @Option(names = "--parallelism", description = "Parallelism of the replayed job (default: ${DEFAULT-VALUE}).")
    int parallelism = 2;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        OrderInput orders = orders();
        BacktestConfig.Builder b = BacktestConfig.builder(orders)
                .bucketSize(bucketSize).horizon(horizon).lookback(lookback).runs(forecasters).outDir(out)
                .productsToChart(productsToChart).parallelism(parallelism);
        for (String kv : jobOptions) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--job-option takes KEY=VALUE, got '" + kv + "'");
            }
            b.jobOption(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        products.forEach(b::chartProduct);
        if (scoreFrom != null) {
            b.scoreFrom(instant(scoreFrom).toEpochMilli());
        }
        if (originsEvery != null) {
            b.originEvery(io.flowcast.core.buckets.BucketSize.parseDuration(originsEvery).toMillis());
        }
        b.topProducts(topProducts).exportForecasts(exportForecasts || originsEvery != null);
        BacktestConfig config = b.build();
        System.err.println("flowcast backtest: " + orders.describe());
        System.err.printf("  %s buckets, horizon %d, lookback %d, parallelism %d, runs side by side: %s%n", bucketSize,
                horizon, lookback, parallelism, String.join(", ", forecasters));

        BacktestResult result = Backtest.run(config, new ConsoleProgress());
        MetricsExport.writeAll(result, out);
        Path report = ReportWriter.write(result, out);
        printSummary(result);
        if (oracle) {
            if (!(orders instanceof SyntheticInput synthetic) || !config.exportForecasts()) {
                throw new IllegalArgumentException("--oracle needs --synthetic-events and --origins-every (or --export-forecasts)");
            }
            java.nio.file.Path export = out.resolve(io.flowcast.backtest.ForecastCsv.FILE);
            java.nio.file.Path oracleFile = out.resolve(io.flowcast.backtest.SyntheticOracle.FILE);
            io.flowcast.backtest.SyntheticOracle.write(synthetic.generatorConfig(), export, config.runs().get(0).label(),
                    config.bucketSize().millis(), oracleFile);
            var scores = io.flowcast.backtest.ForecastCsv.score(List.of(export, oracleFile), horizon);
            System.out.println();
            System.out.print(io.flowcast.backtest.ForecastCsv.markdown(scores, horizon));
        }
        System.err.printf("report: %s  (metrics: %s, %s)   total %.1f s%n", report.toAbsolutePath(),
                out.resolve(MetricsExport.JSON_FILE), out.resolve(MetricsExport.CSV_FILE),
                (System.nanoTime() - started) / 1e9);
        return 0;
    }

    private OrderInput orders() throws Exception {
        int sources = (input != null ? 1 : 0) + (bootstrapServers != null ? 1 : 0) + (syntheticEvents > 0 ? 1 : 0);
        if (sources > 1) {
            throw new IllegalArgumentException("give one of --input, --bootstrap-servers and --synthetic-events");
        }
        if (bootstrapServers != null) {
            return new KafkaInput(bootstrapServers, topic, instant(from), instant(to));
        }
        if (from != null || to != null) {
            throw new IllegalArgumentException("--from/--to select a window of a Kafka topic; use them with --bootstrap-servers");
        }
        if (syntheticEvents > 0) {
            return new SyntheticInput(syntheticProducts, syntheticEvents, syntheticRate, seed, 0.0);
        }
        return FileInput.of(input != null ? input : OnlineRetailReader.defaultFile());
    }

    static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
    }

    private static void printSummary(BacktestResult result) {
        int h = result.config().horizon();
        System.out.printf("%n%s%n", ReportWriter.protocol(result.config()));
        System.out.printf("%-28s %10s %8s %8s %8s %8s %8s %8s %9s %9s%n", "model (scored products)", "forecasts",
                "WAPE h1", "WAPE h" + h, "WAPE", "p50 WAPE", "RMSE", "MASE h1", "total/sold", "cover80");
        for (RunResult r : result.runs()) {
            ErrorAccumulator a1 = r.at(0, 1);
            ErrorAccumulator ah = r.at(0, h);
            ErrorAccumulator all = r.pooled(0);
            System.out.printf("%-28s %,10d %8.3f %8.3f %8.3f %8.3f %8.2f %8.3f %9.3f %9.3f%n", r.label(), r.forecasts(),
                    a1.wape(), ah.wape(), all.wape(), all.wapeP50(), all.rmse(), a1.mase(), all.totalRatio(), all.coverage());
        }
        System.out.printf("products per segment: %s; wall %.1f s%n", result.productsPerSegment(), result.wallSeconds());
    }

    /** A progress bar on stderr, rewritten in place. */
    static final class ConsoleProgress implements ProgressListener {
        private static final int WIDTH = 30;
        private final long startNanos = System.nanoTime();
        private volatile String label = "";
        private volatile long expected = -1;
        private volatile long runStart;
        private volatile int index;
        private volatile int runs;

        @Override
        public void runStarted(int index, int runs, String label, long expectedRecords) {
            this.index = index;
            this.runs = runs;
            this.label = label;
            this.expected = expectedRecords;
            this.runStart = System.nanoTime();
        }

        @Override
        public synchronized void progress(long recordsRead, long forecasts) {
            double secs = Math.max(1e-3, (System.nanoTime() - runStart) / 1e9);
            String bar;
            if (expected > 0) {
                double frac = Math.min(1.0, (double) recordsRead / expected);
                int filled = (int) Math.round(frac * WIDTH);
                bar = "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + String.format("] %3.0f%%", 100 * frac);
            } else {
                bar = "[" + " ".repeat(WIDTH) + "]     ";
            }
            System.err.printf("\r%d/%d %-16.16s %s %,d records %,.0f/s  %,d forecasts  %4.0fs   ", index + 1, runs, label,
                    bar, recordsRead, recordsRead / secs, forecasts, (System.nanoTime() - startNanos) / 1e9);
        }

        @Override
        public synchronized void runFinished(RunResult r) {
            System.err.printf("%n    %s: %,d forecasts for %,d products%s%n", r.label(), r.forecasts(), r.products(),
                    r.tooLate() == 0 ? "" : String.format(", %,d too late to score", r.tooLate()));
        }
    }
}
