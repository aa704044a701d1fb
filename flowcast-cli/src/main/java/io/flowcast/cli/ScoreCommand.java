package io.flowcast.cli;

import io.flowcast.backtest.ForecastCsv;
import io.flowcast.core.metrics.ErrorAccumulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Scores per-forecast CSV exports (Flowcast's forecasts.csv, eval/r-peers.R's output) with one scorer. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score per-forecast CSV files (run,product,origin,step,target,actual,point,p10,p50,p90,...):",
                "the backtest's forecasts.csv and eval/r-peers.R's output alike. Prints markdown tables per run:",
                "all steps pooled, then per step."})
public final class ScoreCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", description = "CSV files to score together.")
    List<Path> files;
    @Option(names = "--horizon", description = "Steps scored, 1..H (default: ${DEFAULT-VALUE}).")
    int horizon = 7;
    @Option(names = "--common", description = "Score only the (product, origin) forecasts every run made, all H steps.")
    boolean common;

    @Override
    public Integer call() throws Exception {
        Set<String> keep = common ? ForecastCsv.commonForecasts(files, horizon) : null;
        Map<String, List<ErrorAccumulator>> scores = ForecastCsv.score(files, horizon, keep);
        if (keep != null) {
            System.out.printf("forecasts every run made: %,d (product, origin) pairs%n%n", keep.size());
        }
        System.out.println("All steps pooled:\n");
        System.out.print(ForecastCsv.markdown(scores, horizon));
        StringBuilder byStep = new StringBuilder("\n| run | metric |");
        for (int h = 1; h <= horizon; h++) {
            byStep.append(" h").append(h).append(" |");
        }
        byStep.append("\n|---|---|").append("---|".repeat(horizon)).append('\n');
        scores.forEach((run, accs) -> {
            for (String metric : List.of("p50 WAPE", "RMSE")) {
                byStep.append("| ").append(run).append(" | ").append(metric).append(" |");
                for (int h = 1; h <= horizon; h++) {
                    ErrorAccumulator a = accs.get(h - 1);
                    byStep.append(String.format(java.util.Locale.ROOT, " %.3f |", metric.equals("RMSE") ? a.rmse() : a.wapeP50()));
                }
                byStep.append('\n');
            }
        });
        System.out.println(byStep);
        return 0;
    }
}
