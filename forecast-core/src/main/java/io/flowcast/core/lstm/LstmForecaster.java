package io.flowcast.core.lstm;

import io.flowcast.core.buckets.DemandSeries;
import io.flowcast.core.features.FeatureSpec;
import io.flowcast.core.features.FeatureState;
import io.flowcast.core.forecast.Forecaster;

/**
 * The LSTM behind the {@link Forecaster} interface for backtests: every call re-warms over the
 * last {@code warmup} buckets of the series from zero state (the job's behaviour right after a
 * model swap), with the feature statistics of the whole series. Thread-safe: state is per call.
 */
public final class LstmForecaster implements Forecaster {
    private final FeatureSpec spec;
    private final LstmWeights weights;
    private final String version;
    private final int warmup;

    public LstmForecaster(FeatureSpec spec, LstmWeights weights, String version, int warmup) {
        this.spec = spec;
        this.weights = weights;
        this.version = version;
        this.warmup = warmup;
    }

    @Override
    public String name() {
        return "lstm";
    }

    @Override
    public double[] forecast(DemandSeries series, int horizon) {
        if (horizon > spec.horizon) {
            throw new IllegalArgumentException("model horizon " + spec.horizon + " < requested " + horizon);
        }
        LstmStepper stepper = new LstmStepper(spec, weights, version);
        FeatureState fs = new FeatureState();
        LstmState st = new LstmState(spec.hidden);
        double[] out = new double[spec.horizon];
        int from = Math.max(0, series.length() - warmup);
        float[] scratch = new float[spec.nIn];
        io.flowcast.core.features.FeatureEncoder enc = new io.flowcast.core.features.FeatureEncoder(spec);
        for (int i = 0; i < from; i++) {
            enc.step(fs, series, i, scratch);
        }
        for (int i = from; i < series.length(); i++) {
            stepper.step(fs, st, series, i, out);
        }
        return java.util.Arrays.copyOf(out, horizon);
    }
}
