package io.flowcast.backtest;

import io.flowcast.core.metrics.DemandSegment;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Everything a backtest found, for the report and the exports. */
public record BacktestResult(BacktestConfig config, String inputDescription, Instant finishedAt, double wallSeconds,
                             List<RunResult> runs, Map<DemandSegment, Integer> productsPerSegment,
                             List<ProductChart> charts) {
}
