package io.flowcast.trainer;

import io.flowcast.core.lstm.LstmKernel;
import io.flowcast.core.lstm.LstmWeights;

/**
 * Scores forecasters on the validation origins the way the job serves: the kernel re-warms from zero
 * state over the window before the first origin (the job's ring buffer after a model swap), then
 * steps on, forecasting H buckets at every origin.
 */
public final class Evaluation {
    private Evaluation() {}

    /** WAPE and MASE of the kernel with these weights over the validation windows. */
    public static double[] lstm(SequenceData data, LstmWeights weights, int season) {
        LstmKernel k = new LstmKernel(weights);
        int h = data.spec.horizon;
        float[] hs = new float[k.hidden()];
        float[] cs = new float[k.hidden()];
        float[] out = new float[k.nOut()];
        AccuracyMath acc = new AccuracyMath();
        for (SequenceData.Window w : data.validation) {
            SequenceData.Encoded e = data.series.get(w.series());
            java.util.Arrays.fill(hs, 0f);
            java.util.Arrays.fill(cs, 0f);
            for (int t = w.start(); t <= w.end(); t++) {
                k.step(e.x[t], hs, cs);
                if (t >= w.labelFrom()) {
                    k.head(hs, out);
                    for (int j = 0; j < h; j++) {
                        acc.add(Math.max(0, out[j] * e.scales[t]), e.units[t + 1 + j]);
                    }
                }
            }
            acc.endSeries(AccuracyMath.naiveScale(e.units, e.split, season));
        }
        return new double[] {acc.wape(), acc.mase()};
    }

    /** WAPE and MASE of seasonal naive (naive when {@code season} is 1) on the same origins. */
    public static double[] seasonalNaive(SequenceData data, int season) {
        int h = data.spec.horizon;
        AccuracyMath acc = new AccuracyMath();
        for (SequenceData.Window w : data.validation) {
            SequenceData.Encoded e = data.series.get(w.series());
            for (int t = w.labelFrom(); t <= w.end(); t++) {
                for (int j = 1; j <= h; j++) {
                    int back = t + j - season * ((j + season - 1) / season);
                    acc.add(back >= 0 ? e.units[back] : e.units[t], e.units[t + j]);
                }
            }
            acc.endSeries(AccuracyMath.naiveScale(e.units, e.split, season));
        }
        return new double[] {acc.wape(), acc.mase()};
    }
}
