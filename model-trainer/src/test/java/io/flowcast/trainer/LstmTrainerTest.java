package io.flowcast.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.events.ModelRecord;
import io.flowcast.core.buckets.ArraySeries;
import io.flowcast.core.features.FeatureSpec;
import io.flowcast.core.json.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LstmTrainerTest {
    private static final long BEGINNING = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    static TrainerConfig tiny() {
        TrainerConfig c = new TrainerConfig();
        c.maxEpochs = 4;
        c.batchSize = 32;
        c.learningRate = 1e-2;
        c.windowLength = 28;
        c.progress = true;
        return c;
    }

    @Test
    void shouldLowerValidationLossOnWeeklySeasonalSeries() {
        // how long this takes is measured by LstmTrainingBenchmark (benchmarks module), not asserted here
        List<ArraySeries> series = SyntheticSeries.weekly(40, 200, BEGINNING, 1);
        LstmTrainer.Result r = new LstmTrainer(tiny()).train(series, null);
        System.out.printf("tiny run: val loss %.4f -> %.4f%n%s%n", r.initialValidationLoss,
                r.bestValidationLoss, ChampionChallenger.report(r.record.validation));
        assertThat(r.bestValidationLoss).isLessThan(r.initialValidationLoss);
        ModelRecord rec = r.record;
        assertThat(rec.verify(FeatureSpec.of(tiny().bucketSize, 7, 32))).isEmpty(); // a v2 model passes a job whose own spec is v1-built
        assertThat(rec.featureSpec.featureSet).isEqualTo(FeatureSpec.FEATURES_V2);
        assertThat(rec.kernelWeights().nOut()).isEqualTo(4 * 7);
        assertThat(rec.probe()).isEmpty();
        assertThat(rec.version).isEqualTo("v1");
        assertThat(rec.trainingTo).isLessThanOrEqualTo(rec.validation.windowFrom);
        assertThat(rec.validation.wape).isFinite();
        assertThat(rec.validation.seasonalNaiveWape).isFinite();
        assertThat(rec.validation.decision).isNotBlank();
        // the published weights are the trained network's, and the record survives its JSON
        ModelRecord back = Json.fromBytes(Json.toBytes(rec), ModelRecord.class);
        assertThat(back.verify(rec.featureSpec)).isEmpty();
        assertThat(back.kernelWeights().toBytes()).isEqualTo(Dl4jLstm.toKernelWeights(r.network).toBytes());
        // the DL4J zip (with the custom mean/quantile loss in its JSON) restores to the same network
        assertThat(Dl4jLstm.toKernelWeights(Dl4jLstm.fromBytes(rec.dl4jModelBytes())).toBytes())
                .isEqualTo(rec.kernelWeights().toBytes());
        int size = Json.toBytes(rec).length;
        System.out.printf("model record JSON: %d bytes (weights %d, DL4J zip %d base64 chars)%n", size,
                rec.weights.length(), rec.dl4jModel.length());
        assertThat(size).isLessThan(100_000);
    }

    @Test
    void shouldCalibrateTheMeanHeadSoItsValidationForecastsAddUpToWhatSold() {
        List<ArraySeries> series = SyntheticSeries.weekly(10, 120, BEGINNING, 4);
        TrainerConfig c = tiny();
        c.maxEpochs = 1;
        c.progress = false;
        LstmTrainer trainer = new LstmTrainer(c);
        LstmTrainer.Result r = trainer.train(series, null);
        SequenceData data = new SequenceData(r.record.featureSpec, series, trainer.validationFrom(series));
        // the trained net was calibrated: measured again, a step's factor is 1 unless its first one hit the
        // [0.5, 2] bounds (then it still points the same way)
        double[] again = LstmTrainer.calibrateMean(r.network, data);
        assertThat(again).hasSize(7);
        int exact = 0;
        for (int j = 0; j < 7; j++) {
            double first = r.meanCalibration[j];
            if (first > 0.5 && first < 2.0) {
                assertThat(again[j]).as("step %d", j + 1).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
                exact++;
            } else {
                assertThat(Math.signum(again[j] - 1)).isEqualTo(Math.signum(first - 1));
            }
        }
        assertThat(exact).isPositive();
    }

    @Test
    void shouldBeRepeatableWithTheSameSeed() {
        List<ArraySeries> series = SyntheticSeries.weekly(10, 120, BEGINNING, 2);
        TrainerConfig c = tiny();
        c.maxEpochs = 2;
        c.progress = false;
        ModelRecord a = new LstmTrainer(c).train(series, null).record;
        ModelRecord b = new LstmTrainer(c).train(series, null).record;
        assertThat(a.weights).isEqualTo(b.weights);
    }

    @Test
    void shouldScoreTheChampionAndNumberTheNextVersion() {
        List<ArraySeries> series = SyntheticSeries.weekly(10, 120, BEGINNING, 3);
        TrainerConfig c = tiny();
        c.maxEpochs = 1;
        c.progress = false;
        ModelRecord first = new LstmTrainer(c).train(series, null).record;
        first.version = "v7";
        ModelRecord second = new LstmTrainer(c).train(series, first).record;
        assertThat(second.version).isEqualTo("v8");
        assertThat(second.validation.championVersion).isEqualTo("v7");
        // the same seed and data: the challenger equals the champion, so it must not be published
        assertThat(second.validation.championWape).isEqualTo(second.validation.wape);
        assertThat(second.validation.published).isFalse();
    }

    @Test
    void shouldTrainOnlyOnRegularSellersWhenAskedTo() {
        List<ArraySeries> series = new java.util.ArrayList<>();
        for (int p = 0; p < 6; p++) { // regular: sells every day but Sunday, a selling share of 6/7
            double[] units = new double[120];
            for (int t = 0; t < 120; t++) {
                units[t] = t % 7 == 6 ? 0 : 1 + (t * (p + 1)) % 5;
            }
            series.add(ArraySeries.ofUnits("R" + p, BEGINNING, 86_400_000L, units, 2.0));
        }
        for (int p = 0; p < 3; p++) { // intermittent: a sale every fifth day, a selling share of 0.2
            double[] units = new double[120];
            for (int t = p; t < 120; t += 5) {
                units[t] = 4;
            }
            series.add(ArraySeries.ofUnits("I" + p, BEGINNING, 86_400_000L, units, 2.0));
        }
        TrainerConfig c = tiny();
        c.maxEpochs = 1;
        c.progress = false;
        assertThat(new LstmTrainer(c).train(series, null).trainSequences).isEqualTo(9);
        c.minSellingShare = 0.5;
        assertThat(new LstmTrainer(c).train(series, null).trainSequences).isEqualTo(6);
    }
}
