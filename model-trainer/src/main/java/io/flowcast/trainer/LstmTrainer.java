package io.flowcast.trainer;

import io.flowcast.core.buckets.DemandSeries;
import io.flowcast.core.events.ModelRecord;
import io.flowcast.core.features.FeatureEncoder;
import io.flowcast.core.features.FeatureSpec;
import io.flowcast.core.lstm.LstmWeights;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Trains the global LSTM on all products' series with DL4J: time-based validation split, early
 * stopping on validation loss (best parameters kept), seeded and repeatable on one thread; then
 * scores it, the champion and seasonal naive on the validation window and builds the {@link ModelRecord}.
 */
public final class LstmTrainer {
    private final TrainerConfig config;
    private final PrintStream err;

    public LstmTrainer(TrainerConfig config) {
        this(config, System.err);
    }

    public LstmTrainer(TrainerConfig config, PrintStream err) {
        this.config = config;
        this.err = err;
    }

    /** What a run produced. */
    public static final class Result {
        public final MultiLayerNetwork network;
        public final ModelRecord record;
        public final double initialValidationLoss;
        public final double bestValidationLoss;
        public final List<double[]> history;
        /** Training sequences: one per series, from its first bucket. */
        public final int trainSequences;
        /** Time steps with a training target, per epoch. */
        public final long trainSteps;
        /** The mean head's calibration factor per horizon step (null for a v1 point model). */
        public final double[] meanCalibration;

        Result(MultiLayerNetwork network, ModelRecord record, double initialValidationLoss, double bestValidationLoss,
                List<double[]> history, int trainSequences, long trainSteps, double[] meanCalibration) {
            this.network = network;
            this.record = record;
            this.initialValidationLoss = initialValidationLoss;
            this.bestValidationLoss = bestValidationLoss;
            this.history = history;
            this.trainSequences = trainSequences;
            this.trainSteps = trainSteps;
            this.meanCalibration = meanCalibration;
        }

        public boolean publish() {
            return record.validation.published;
        }
    }

    /** The series that sold on at least {@code minSellingShare} of their buckets before {@code valFrom}. */
    private List<? extends DemandSeries> sellingEnough(List<? extends DemandSeries> series, long valFrom) {
        if (config.minSellingShare <= 0) {
            return series;
        }
        List<DemandSeries> out = new ArrayList<>();
        for (DemandSeries s : series) {
            int n = 0;
            int sold = 0;
            for (int i = 0; i < s.length() && s.bucketStart(i) < valFrom; i++) {
                n++;
                sold += s.units(i) > 0 ? 1 : 0;
            }
            if (n > 0 && sold >= config.minSellingShare * n) {
                out.add(s);
            }
        }
        err.printf(java.util.Locale.ROOT, "training on %,d of %,d series (sold on >= %.0f%% of their buckets)%n",
                out.size(), series.size(), 100 * config.minSellingShare);
        return out;
    }

    /** The validation split for this data: the configured one, else the last {@code validationBuckets}. */
    public long validationFrom(List<? extends DemandSeries> series) {
        if (config.validationFrom != 0) {
            return config.validationFrom;
        }
        long last = Long.MIN_VALUE;
        for (DemandSeries s : series) {
            if (s.length() > 0) {
                last = Math.max(last, s.bucketStart(s.length() - 1));
            }
        }
        return last - (long) (config.validationBuckets - 1) * config.bucketSize.millis();
    }

    /**
     * Trains on {@code series} and builds the record; {@code champion} (nullable) is the model
     * currently on the topic, scored on the same window for the champion/challenger verdict.
     */
    public Result train(List<? extends DemandSeries> series, ModelRecord champion) {
        FeatureSpec spec = FeatureSpec.of(config.featureSet, config.bucketSize, config.horizon, config.hidden);
        long valFrom = validationFrom(series);
        SequenceData data = new SequenceData(spec, sellingEnough(series, valFrom), valFrom, config.lossWeightPower);
        if (data.train.isEmpty() || data.validation.isEmpty()) {
            throw new IllegalArgumentException("not enough history: " + data.train.size() + " training series, "
                    + data.validation.size() + " validation series (need " + (config.horizon + 1)
                    + "+ buckets before and " + config.horizon + "+ after the split)");
        }
        MultiLayerNetwork net = Dl4jLstm.build(spec, config.learningRate, config.seed, config.windowLength,
                config.gradientClip, config.meanLossWeight);
        DataSet val = data.toDataSet(data.validation);
        double initialVal = net.score(val);
        double best = initialVal;
        INDArray bestParams = net.params().dup();
        int sinceBest = 0;
        List<double[]> history = new ArrayList<>();
        List<DataSet> batches = batches(data);
        long steps = 0;
        for (SequenceData.Window w : data.train) {
            steps += w.length();
        }
        ProgressLine bar = new ProgressLine(err, config.progress);
        for (int epoch = 1; epoch <= config.maxEpochs; epoch++) {
            Collections.shuffle(batches, new Random(config.seed * 1_000_003L + epoch));
            long t0 = System.nanoTime();
            double lossSum = 0;
            long done = 0;
            for (DataSet batch : batches) {
                net.fit(batch); // truncated BPTT: segments of windowLength steps, (h, c) carried between them
                lossSum += net.score();
                done += batch.getFeaturesMaskArray().sumNumber().longValue();
                double secs = (System.nanoTime() - t0) / 1e9;
                bar.update(epoch, config.maxEpochs, done, steps, done / secs, lossSum / batches.size(), Double.NaN);
            }
            double trainLoss = lossSum / batches.size();
            double valLoss = net.score(val);
            double secs = (System.nanoTime() - t0) / 1e9;
            bar.update(epoch, config.maxEpochs, steps, steps, steps / secs, trainLoss, valLoss);
            bar.endEpoch(valLoss < best ? "best" : "");
            history.add(new double[] {trainLoss, valLoss, secs});
            if (!Double.isFinite(trainLoss)) {
                break;
            }
            if (valLoss < best) {
                best = valLoss;
                bestParams = net.params().dup();
                sinceBest = 0;
            } else if (++sinceBest >= config.patience) {
                break;
            }
        }
        net.setParams(bestParams);
        double[] ratios = null;
        if (spec.hasQuantiles()) {
            ratios = calibrateMean(net, data);
            err.printf(java.util.Locale.ROOT, "mean head calibrated on the validation window: x %s per horizon step%n",
                    java.util.Arrays.toString(java.util.Arrays.stream(ratios)
                            .map(r -> Math.round(r * 1000) / 1000.0).toArray()));
        }
        ModelRecord record = buildRecord(net, spec, data, champion, history, best);
        return new Result(net, record, initialVal, best, history, data.train.size(), steps, ratios);
    }

    /**
     * Scales the mean head per horizon step so that, on the validation window, its forecasts add up
     * to the units sold (kept within [0.5, 2]). Measured on the retail log: the trained mean head
     * summed to 0.76-0.80 of what sold, the gradients of rare big days being averaged away; a
     * scale on the head's weights and bias is exact (outputs are linear in them, units = max(0, out) x scale)
     * and leaves the serving path as it is. Returns the factors.
     */
    static double[] calibrateMean(MultiLayerNetwork net, SequenceData data) {
        int h = data.spec.horizon;
        io.flowcast.core.lstm.LstmKernel k = new io.flowcast.core.lstm.LstmKernel(Dl4jLstm.toKernelWeights(net));
        double[] sold = new double[h];
        double[] forecast = new double[h];
        float[] hs = new float[k.hidden()];
        float[] cs = new float[k.hidden()];
        float[] out = new float[k.nOut()];
        for (SequenceData.Window w : data.validation) {
            SequenceData.Encoded e = data.series.get(w.series());
            java.util.Arrays.fill(hs, 0f);
            java.util.Arrays.fill(cs, 0f);
            for (int t = w.start(); t <= w.end(); t++) {
                k.step(e.x[t], hs, cs);
                if (t >= w.labelFrom()) {
                    k.head(hs, out);
                    for (int j = 0; j < h; j++) {
                        sold[j] += e.units[t + 1 + j];
                        forecast[j] += FeatureEncoder.toUnits(out[j], e.scales[t]);
                    }
                }
            }
        }
        double[] ratios = new double[h];
        float[] factor = new float[k.nOut()];
        java.util.Arrays.fill(factor, 1f);
        for (int j = 0; j < h; j++) {
            ratios[j] = forecast[j] > 0 ? Math.max(0.5, Math.min(2.0, sold[j] / forecast[j])) : 1.0;
            factor[j] = (float) ratios[j];
        }
        // new arrays, not in-place views: a column view of DL4J's parameter array can be a copy
        INDArray w = net.getLayer(1).getParam("W"); // [hidden, nOut]
        INDArray b = net.getLayer(1).getParam("b");
        INDArray row = org.nd4j.linalg.factory.Nd4j.create(factor, new long[] {1, factor.length}, 'c').castTo(w.dataType());
        net.getLayer(1).setParam("W", w.mulRowVector(row));
        net.getLayer(1).setParam("b", b.mul(row.reshape(b.shape())));
        return ratios;
    }

    /**
     * The training sequences as minibatches, built once: sorted by length so a batch pads little
     * (series start at the product's first sale), the order of the batches shuffled per epoch.
     */
    private List<DataSet> batches(SequenceData data) {
        List<SequenceData.Window> byLength = new ArrayList<>(data.train);
        byLength.sort(java.util.Comparator.comparingInt(SequenceData.Window::length).reversed()
                .thenComparingInt(SequenceData.Window::series));
        List<DataSet> out = new ArrayList<>();
        for (int from = 0; from < byLength.size(); from += config.batchSize) {
            out.add(data.toDataSet(byLength.subList(from, Math.min(byLength.size(), from + config.batchSize))));
        }
        return out;
    }

    private ModelRecord buildRecord(MultiLayerNetwork net, FeatureSpec spec, SequenceData data, ModelRecord champion,
            List<double[]> history, double bestVal) {
        LstmWeights weights = Dl4jLstm.toKernelWeights(net);
        int season = Math.max(1, config.bucketSize.seasonPeriod());
        ModelRecord.Validation v = new ModelRecord.Validation();
        v.windowFrom = data.validationFrom;
        v.windowTo = data.validationTo;
        double[] m = Evaluation.lstm(data, weights, season);
        v.wape = m[0];
        v.mase = m[1];
        double[] sn = Evaluation.seasonalNaive(data, season);
        v.seasonalNaiveWape = sn[0];
        v.seasonalNaiveMase = sn[1];
        v.validationLoss = bestVal;
        v.trainLoss = history.isEmpty() ? Double.NaN : history.get(history.size() - 1)[0];
        String championNote = "";
        if (champion != null) {
            List<String> why = champion.verify(spec);
            if (why.isEmpty()) {
                double[] c = Evaluation.lstm(data, champion.kernelWeights(), season);
                v.championVersion = champion.version;
                v.championWape = c[0];
                v.championMase = c[1];
            } else {
                // a champion on other features or horizon cannot be scored here: seasonal naive alone decides
                championNote = " (champion " + champion.version + " not comparable: " + why + ")";
            }
        }
        ChampionChallenger.decide(v);
        v.decision += championNote;
        ModelRecord r = new ModelRecord();
        r.modelName = config.modelName;
        r.version = ModelRecord.nextVersion(champion == null ? null : champion.version);
        r.createdAt = System.currentTimeMillis();
        r.featureSpec = spec;
        r.trainingFrom = data.trainingFrom;
        r.trainingTo = data.trainingTo;
        r.validation = v;
        return r.withPayload(weights.toBytes(), Dl4jLstm.toBytes(net));
    }

    /** One stderr line per epoch, redrawn in place with \r while the epoch runs. */
    static final class ProgressLine {
        private final PrintStream out;
        private final boolean enabled;
        private long lastDraw;

        ProgressLine(PrintStream out, boolean enabled) {
            this.out = out;
            this.enabled = enabled;
        }

        void update(int epoch, int epochs, long done, long total, double perSec, double trainLoss, double valLoss) {
            long now = System.nanoTime();
            if (!enabled || (done < total && now - lastDraw < 200_000_000L)) {
                return;
            }
            lastDraw = now;
            int width = 20;
            int filled = (int) ((long) width * done / Math.max(1, total));
            out.printf(java.util.Locale.ROOT, "\repoch %2d/%d [%s%s] %,8.0f steps/s  train loss %.4f  val loss %s",
                    epoch, epochs, "=".repeat(filled), " ".repeat(width - filled), perSec, trainLoss,
                    Double.isNaN(valLoss) ? "  ...  " : String.format(java.util.Locale.ROOT, "%.4f", valLoss));
            out.flush();
        }

        void endEpoch(String note) {
            if (enabled) {
                out.println(note.isEmpty() ? "" : "  " + note);
            }
        }
    }
}
