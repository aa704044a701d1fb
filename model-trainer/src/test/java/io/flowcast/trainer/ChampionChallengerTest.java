package io.flowcast.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.events.ModelRecord;
import io.flowcast.core.buckets.ArraySeries;
import io.flowcast.core.features.FeatureSpec;
import io.flowcast.core.buckets.BucketSize;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChampionChallengerTest {
    static ModelRecord.Validation v(double wape, double mase, double snWape, double snMase, String champ, double cWape,
            double cMase) {
        ModelRecord.Validation v = new ModelRecord.Validation();
        v.wape = wape;
        v.mase = mase;
        v.seasonalNaiveWape = snWape;
        v.seasonalNaiveMase = snMase;
        v.championVersion = champ;
        v.championWape = cWape;
        v.championMase = cMase;
        return v;
    }

    @Test
    void shouldPublishOnlyWhenBeatingChampionAndSeasonalNaiveOnBothMetrics() {
        assertThat(ChampionChallenger.decide(v(0.3, 0.8, 0.4, 0.9, null, Double.NaN, Double.NaN))).isTrue();
        assertThat(ChampionChallenger.decide(v(0.3, 0.8, 0.4, 0.9, "v2", 0.35, 0.85))).isTrue();
        assertThat(ChampionChallenger.decide(v(0.3, 0.8, 0.4, 0.9, "v2", 0.29, 0.85))).isFalse();
        assertThat(ChampionChallenger.decide(v(0.3, 0.8, 0.4, 0.9, "v2", 0.35, 0.79))).isFalse();
        assertThat(ChampionChallenger.decide(v(0.3, 0.95, 0.4, 0.9, null, Double.NaN, Double.NaN))).isFalse();
        ModelRecord.Validation kept = v(0.5, 0.8, 0.4, 0.9, null, Double.NaN, Double.NaN);
        ChampionChallenger.decide(kept);
        assertThat(kept.decision).startsWith("DO NOT PUBLISH").contains("does not beat seasonal naive");
        assertThat(ChampionChallenger.report(kept)).contains("seasonal naive WAPE 0.4000");
    }

    @Test
    void shouldScoreSeasonalNaiveAsWorkedOutByHand() {
        // a perfectly weekly series: seasonal naive is exact, so WAPE 0 and MASE 0
        double[] units = new double[70];
        for (int t = 0; t < units.length; t++) {
            units[t] = 1 + t % 7;
        }
        ArraySeries s = ArraySeries.ofUnits("A", 0, 86_400_000L, units, 2);
        FeatureSpec spec = FeatureSpec.of(BucketSize.parse("1d"), 7, 8);
        SequenceData data = new SequenceData(spec, List.of(s), s.bucketStart(56));
        assertThat(data.validation).hasSize(1);
        assertThat(data.validation.get(0).labelFrom()).isEqualTo(55);
        assertThat(data.validation.get(0).end()).isEqualTo(62);
        double[] sn = Evaluation.seasonalNaive(data, 7);
        assertThat(sn[0]).isZero();
        assertThat(sn[1]).isNaN(); // in-sample naive error is 0: no usable MASE scale
        // no training target reaches the validation window
        for (SequenceData.Window w : data.train) {
            assertThat(w.end() + spec.horizon).isLessThan(56);
        }
    }
}
