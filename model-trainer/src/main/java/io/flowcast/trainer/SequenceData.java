package io.flowcast.trainer;

import io.flowcast.core.buckets.DemandSeries;
import io.flowcast.core.features.FeatureEncoder;
import io.flowcast.core.features.FeatureSpec;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training and validation sequences: every series encoded once with the shared
 * {@link FeatureEncoder}, with a time-based split. At step t the targets are the next H
 * (non-negative) units divided by step t's scale. No target at or after the split time is ever in
 * a training sequence.
 *
 * <p>Every sequence starts at the series' first bucket from zero state, as the job's (h, c) does:
 * training runs over the whole series (truncated back-propagation carries the state across
 * segments), and validation forecasts from the origins after the split with the state carried
 * from the first bucket. So what is trained and scored is what the job serves.
 */
public final class SequenceData {
    /** One encoded series. */
    public static final class Encoded {
        public final DemandSeries series;
        public final float[][] x;
        public final double[] scales;
        /** Units with returns clamped to 0: the demand the metrics score against. */
        public final double[] units;
        /** First index whose bucket starts at or after the validation split (length if none). */
        public final int split;

        Encoded(DemandSeries series, FeatureEncoder.Encoded e, long validationFrom) {
            this.series = series;
            this.x = e.x;
            this.scales = e.scales;
            int n = series.length();
            this.units = new double[n];
            int s = n;
            for (int i = 0; i < n; i++) {
                units[i] = Math.max(0, series.units(i));
                if (s == n && series.bucketStart(i) >= validationFrom) {
                    s = i;
                }
            }
            this.split = s;
        }

        public int length() {
            return units.length;
        }

        /** First validation forecast origin: its first target is the first bucket at or after the split. */
        public int firstOrigin() {
            return Math.max(0, split - 1);
        }

        /** Last origin whose H targets all exist. */
        public int lastOrigin(int horizon) {
            return length() - 1 - horizon;
        }
    }

    /** Steps [start, end] of series {@code series} (start is 0: whole history); labels count from {@code labelFrom}. */
    public record Window(int series, int start, int end, int labelFrom) {
        int length() {
            return end - start + 1;
        }
    }

    public final FeatureSpec spec;
    public final long validationFrom;
    public final List<Encoded> series = new ArrayList<>();
    public final List<Window> train = new ArrayList<>();
    public final List<Window> validation = new ArrayList<>();
    /** Bucket-start range of the training targets (inclusive from, exclusive to). */
    public long trainingFrom = Long.MAX_VALUE;
    public long trainingTo = Long.MIN_VALUE;
    public long validationTo = Long.MIN_VALUE;
    /** Loss weight of a labelled step: (scale / weightNorm)^weightPower; 1 when the power is 0. */
    private final double weightPower;
    private double weightNorm = 1;

    public SequenceData(FeatureSpec spec, List<? extends DemandSeries> input, long validationFrom) {
        this(spec, input, validationFrom, 0);
    }

    /**
     * With {@code weightPower} p > 0, a labelled step's loss counts scale^p times, normalised so the
     * training steps' weights average 1 (the learning rate keeps its meaning).
     */
    public SequenceData(FeatureSpec spec, List<? extends DemandSeries> input, long validationFrom, double weightPower) {
        this.spec = spec;
        this.validationFrom = validationFrom;
        this.weightPower = weightPower;
        FeatureEncoder enc = new FeatureEncoder(spec);
        int h = spec.horizon;
        for (DemandSeries s : input) {
            if (s.bucketSizeMillis() != spec.bucketSizeMillis) {
                throw new IllegalArgumentException("series bucket size " + s.bucketSizeMillis() + " != spec "
                        + spec.bucketSizeMillis);
            }
            if (s.length() == 0) {
                continue;
            }
            Encoded e = new Encoded(s, enc.encodeSeries(s), validationFrom);
            int idx = series.size();
            series.add(e);
            int lastTrain = Math.min(e.length() - 1 - h, e.split - 1 - h);
            if (lastTrain >= 0) {
                train.add(new Window(idx, 0, lastTrain, 0));
                trainingFrom = Math.min(trainingFrom, s.bucketStart(0));
                trainingTo = Math.max(trainingTo, s.bucketStart(lastTrain + h) + s.bucketSizeMillis());
            }
            int first = e.firstOrigin();
            int last = e.lastOrigin(h);
            if (last >= first && e.split < e.length()) {
                validation.add(new Window(idx, 0, last, first));
                validationTo = Math.max(validationTo, s.bucketStart(last + h) + s.bucketSizeMillis());
            }
        }
        if (weightPower != 0) {
            double sum = 0;
            long n = 0;
            for (Window w : train) {
                for (int t = w.labelFrom(); t <= w.end(); t++) {
                    sum += Math.pow(series.get(w.series()).scales[t], weightPower);
                    n++;
                }
            }
            weightNorm = n == 0 ? 1 : Math.pow(sum / n, 1 / weightPower);
        }
    }

    /** The loss weight of a step with this scale. */
    float weight(double scale) {
        return weightPower == 0 ? 1f : (float) Math.pow(scale / weightNorm, weightPower);
    }

    /**
     * Windows as one DataSet [b, nIn, T] / [b, nOut, T], right-padded to the longest with masks; the
     * H targets repeat once per output block (mean, p10, p50, p90 all learn the same future).
     */
    public DataSet toDataSet(List<Window> windows) {
        int b = windows.size();
        int t = 0;
        for (Window w : windows) {
            t = Math.max(t, w.length());
        }
        int nIn = spec.nIn;
        int h = spec.horizon;
        int nOut = spec.nOut();
        float[] f = new float[b * nIn * t];
        float[] l = new float[b * nOut * t];
        float[] fm = new float[b * t];
        float[] lm = new float[b * t];
        for (int i = 0; i < b; i++) {
            Window w = windows.get(i);
            Encoded e = series.get(w.series());
            for (int k = 0; k < w.length(); k++) {
                int pos = w.start() + k;
                float[] x = e.x[pos];
                for (int j = 0; j < nIn; j++) {
                    f[(i * nIn + j) * t + k] = x[j];
                }
                fm[i * t + k] = 1f;
                if (pos >= w.labelFrom() && pos + h < e.length()) {
                    double scale = e.scales[pos];
                    lm[i * t + k] = weight(scale); // DL4J multiplies each step's loss and gradient by its mask
                    for (int j = 0; j < nOut; j++) {
                        l[(i * nOut + j) * t + k] = (float) (e.units[pos + 1 + j % h] / scale);
                    }
                }
            }
        }
        return new DataSet(Nd4j.create(f, new long[] {b, nIn, t}, 'c'), Nd4j.create(l, new long[] {b, nOut, t}, 'c'),
                Nd4j.create(fm, new long[] {b, t}, 'c'), Nd4j.create(lm, new long[] {b, t}, 'c'));
    }
}
