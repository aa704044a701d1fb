package io.flowcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.core.buckets.ArraySeries;
import io.flowcast.core.buckets.BucketSize;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ForecasterSelectorTest {
    private static final BucketSize DAILY = BucketSize.parse("1d");
    private final ForecasterSelector weekly = ForecasterSelector.forBuckets(DAILY);

    private static ArraySeries ones(int n) {
        double[] y = new double[n];
        Arrays.fill(y, 1);
        return ArraySeries.of(y);
    }

    @Test
    void shouldTakeTheSeasonFromTheBucketSize() {
        assertThat(weekly.period()).isEqualTo(7);
        assertThat(ForecasterSelector.forBuckets(BucketSize.parse("1h")).period()).isEqualTo(24);
    }

    @Test
    void shouldPickTsbForIntermittentDemand() {
        // nonzero at 2 and 6: ADI = (6 + 1) / 2 = 3.5 >= 1.32, though there are two seasons
        ArraySeries s = ArraySeries.of(0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0);

        assertThat(weekly.choose(s).name()).isEqualTo(CrostonTsbForecaster.NAME);
    }

    @Test
    void shouldPickTsbAtExactlyTheCutOff() {
        // 33 buckets, 25 nonzero, the last one nonzero: ADI = 33 / 25 = 1.32
        double[] y = new double[33];
        Arrays.fill(y, 1);
        for (int i = 0; i < 8; i++) {
            y[i * 4] = 0;
        }
        assertThat(Intermittency.adi(y)).isEqualTo(1.32);
        assertThat(weekly.choose(ArraySeries.of(y)).name()).isEqualTo(CrostonTsbForecaster.NAME);

        y[0] = 1; // 26 nonzero: 33 / 26 = 1.269 < 1.32
        assertThat(weekly.choose(ArraySeries.of(y)).name()).isEqualTo(ExponentialSmoothingForecaster.NAME);
    }

    @Test
    void shouldPickBySeasonsOfHistoryForSmoothDemand() {
        assertThat(weekly.choose(ones(14)).name()).isEqualTo(ExponentialSmoothingForecaster.NAME);
        assertThat(weekly.choose(ones(13)).name()).isEqualTo(SeasonalNaiveForecaster.NAME);
        assertThat(weekly.choose(ones(7)).name()).isEqualTo(SeasonalNaiveForecaster.NAME);
        assertThat(weekly.choose(ones(6)).name()).isEqualTo(MovingAverageForecaster.NAME);
    }

    @Test
    void shouldTreatANeverSoldProductAsIntermittent() {
        assertThat(weekly.choose(ArraySeries.of()).name()).isEqualTo(CrostonTsbForecaster.NAME);
        assertThat(weekly.choose(ArraySeries.of(0, 0, 0)).name()).isEqualTo(CrostonTsbForecaster.NAME);
    }

    @Test
    void shouldUseHoltOrMovingAverageWithoutSeason() {
        ForecasterSelector none = new ForecasterSelector(0);

        assertThat(none.choose(ones(ForecasterSelector.NO_SEASON_MIN_HISTORY)).name())
                .isEqualTo(ExponentialSmoothingForecaster.NAME);
        assertThat(none.choose(ones(ForecasterSelector.NO_SEASON_MIN_HISTORY - 1)).name())
                .isEqualTo(MovingAverageForecaster.NAME);
    }

    @Test
    void shouldOfferAllFourBaselines() {
        assertThat(weekly.baselines()).extracting(Forecaster::name).containsExactly(
                SeasonalNaiveForecaster.NAME, MovingAverageForecaster.NAME,
                ExponentialSmoothingForecaster.NAME, CrostonTsbForecaster.NAME);
    }

    @Test
    void shouldModelTheDailyCycleOfSubDailyBucketsRobustlyOnceThereIsADay() {
        ForecasterSelector hourly = ForecasterSelector.forBuckets(BucketSize.parse("1h"));

        assertThat(hourly.choose(ones(24)).name()).isEqualTo(RobustSeasonalForecaster.NAME);
        assertThat(hourly.choose(ones(168)).name()).isEqualTo(RobustSeasonalForecaster.NAME);
        assertThat(hourly.choose(ones(23)).name()).isEqualTo(MovingAverageForecaster.NAME);
        assertThat(hourly.baselines()).extracting(Forecaster::name).endsWith(RobustSeasonalForecaster.NAME).hasSize(5);
        assertThat(ForecasterSelector.hasDailyCycle(BucketSize.parse("15m"))).isTrue();
        assertThat(ForecasterSelector.hasDailyCycle(BucketSize.parse("1d"))).isFalse();
    }

    @Test
    void shouldComputeAdiFromTheStartOfHistory() {
        // nonzero at 1 and 4: intervals 2 (from the start) and 3 -> (4 + 1) / 2 = 2.5; trailing zeros ignored
        assertThat(Intermittency.adi(new double[] {0, 3, 0, 0, 2, 0, 0})).isEqualTo(2.5);
        assertThat(Intermittency.adi(new double[] {1, 1, 1})).isEqualTo(1.0);
        assertThat(Intermittency.adi(new double[0])).isInfinite();
    }

    @Test
    void shouldBuildEveryForecasterByName() {
        for (String name : Forecasters.names()) {
            assertThat(Forecasters.byName(name, DAILY).name()).isEqualTo(name);
        }
        assertThat(Forecasters.byName(" TSB ", DAILY).name()).isEqualTo("tsb");
        assertThat(((SeasonalNaiveForecaster) Forecasters.byName("seasonal-naive", DAILY)).period()).isEqualTo(7);
        assertThatThrownBy(() -> Forecasters.byName("prophet", DAILY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seasonal-naive");
    }

    @Test
    void shouldForecastWithTheChosenForecasterWhenAuto() {
        ArraySeries short6 = ArraySeries.of(1, 2, 3, 4, 5, 6);
        Forecaster auto = Forecasters.byName("auto", DAILY);

        // six buckets < one season -> moving average over them: 21 / 6 = 3.5
        assertThat(auto.forecast(short6, 2)).containsExactly(3.5, 3.5);
    }
}
