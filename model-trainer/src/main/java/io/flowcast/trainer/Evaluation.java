package io.flowcast.trainer;

import io.flowcast.core.features.FeatureEncoder;
import io.flowcast.core.lstm.LstmKernel;
import io.flowcast.core.lstm.LstmWeights;
import io.flowcast.core.metrics.AccuracyMetrics;
import io.flowcast.core.metrics.ErrorAccumulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores forecasters on the validation origins the way the job serves: the kernel runs from zero
 * state at the series' first bucket (the job's state since the product's first bucket) and steps
 * on, forecasting H buckets at every origin. WAPE is pooled over everything; MASE is the mean
 * over series of (series MAE / in-sample seasonal-naive MAE), series without a usable scale left out.
 */
public final class Evaluation {
    /** Validation scores point forecasts only: no p10/p50/p90 to add. */
    private static final double NO_QUANTILE = Double.NaN;
    private Evaluation() {}

    /** WAPE and MASE of the kernel with these weights over the validation windows. */
    public static double[] lstm(SequenceData data, LstmWeights weights, int season) {
        LstmKernel k = new LstmKernel(weights);
        int h = data.spec.horizon;
        // WAPE and MASE are absolute errors, which the median minimises: a v2 model is scored on its p50
        // head (its mean, the point, would lose to seasonal naive's MASE on intermittent series by design)
        int from = data.spec.hasQuantiles() ? 2 * h : 0;
        float[] hs = new float[k.hidden()];
        float[] cs = new float[k.hidden()];
        float[] out = new float[k.nOut()];
        List<ErrorAccumulator> perSeries = new ArrayList<>();
        for (SequenceData.Window w : data.validation) {
            SequenceData.Encoded e = data.series.get(w.series());
            ErrorAccumulator acc = new ErrorAccumulator();
            double scale = naiveScale(e, season);
            Arrays.fill(hs, 0f);
            Arrays.fill(cs, 0f);
            for (int t = w.start(); t <= w.end(); t++) {
                k.step(e.x[t], hs, cs);
                if (t >= w.labelFrom()) {
                    k.head(hs, out);
                    for (int j = 0; j < h; j++) {
                        acc.add(e.units[t + 1 + j], FeatureEncoder.toUnits(out[from + j], e.scales[t]), NO_QUANTILE,
                                NO_QUANTILE, NO_QUANTILE, scale);
                    }
                }
            }
            perSeries.add(acc);
        }
        return wapeAndMase(perSeries);
    }

    /** WAPE and MASE of seasonal naive (naive when {@code season} is 1) on the same origins. */
    public static double[] seasonalNaive(SequenceData data, int season) {
        int h = data.spec.horizon;
        List<ErrorAccumulator> perSeries = new ArrayList<>();
        for (SequenceData.Window w : data.validation) {
            SequenceData.Encoded e = data.series.get(w.series());
            ErrorAccumulator acc = new ErrorAccumulator();
            double scale = naiveScale(e, season);
            for (int t = w.labelFrom(); t <= w.end(); t++) {
                for (int j = 1; j <= h; j++) {
                    int back = t + j - season * ((j + season - 1) / season);
                    acc.add(e.units[t + j], back >= 0 ? e.units[back] : e.units[t], NO_QUANTILE, NO_QUANTILE, NO_QUANTILE, scale);
                }
            }
            perSeries.add(acc);
        }
        return wapeAndMase(perSeries);
    }

    /** In-sample seasonal-naive MAE of the series' training part: the MASE scale. */
    private static double naiveScale(SequenceData.Encoded e, int season) {
        return AccuracyMetrics.maseScale(Arrays.copyOf(e.units, e.split), season);
    }

    /** Pooled WAPE, and MASE as the mean of the series' own MASE (a series' MASE is its MAE / its scale). */
    private static double[] wapeAndMase(List<ErrorAccumulator> perSeries) {
        ErrorAccumulator all = new ErrorAccumulator();
        double maseSum = 0;
        int maseSeries = 0;
        for (ErrorAccumulator s : perSeries) {
            all.merge(s);
            if (!Double.isNaN(s.mase())) {
                maseSum += s.mase();
                maseSeries++;
            }
        }
        return new double[] {all.wape(), maseSeries > 0 ? maseSum / maseSeries : Double.NaN};
    }
}
