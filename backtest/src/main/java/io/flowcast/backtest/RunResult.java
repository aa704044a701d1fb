package io.flowcast.backtest;

import io.flowcast.core.metrics.ErrorAccumulator;
import java.util.Map;

/**
 * The scores of one run: accumulators per segment ({@link Scorer#SEGMENTS}) and horizon step, per
 * product (all steps pooled), and a sample of (actual, step-1 forecast) pairs for the scatter.
 * {@code tooLate}: forecasts that arrived too far behind their product's newest to be scored.
 */
public record RunResult(String label, long forecasts, long revisions, long tooLate, int products, double replaySeconds,
                        long recordsRead, ErrorAccumulator[][] bySegmentAndStep,
                        Map<String, ErrorAccumulator> perProduct, double[] scatterActual, double[] scatterPoint) {
    public static final int SCATTER_POINTS = 2500;

    public int horizon() {
        return bySegmentAndStep[0].length;
    }

    /** Step h (1-based) of segment index s (0 = all). */
    public ErrorAccumulator at(int segment, int step) {
        return bySegmentAndStep[segment][step - 1];
    }

    /** Segment index s (0 = all), every step pooled. */
    public ErrorAccumulator pooled(int segment) {
        return Scorer.pooled(bySegmentAndStep[segment]);
    }
}
