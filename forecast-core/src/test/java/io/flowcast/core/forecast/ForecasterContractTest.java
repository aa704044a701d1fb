package io.flowcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.buckets.ArraySeries;
import io.flowcast.core.buckets.BucketSize;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the {@link Forecaster} contract promises, for every forecaster on awkward histories. */
class ForecasterContractTest {
    private static final int HORIZON = 10;

    static Stream<Arguments> forecastersAndSeries() {
        List<double[]> histories = new ArrayList<>();
        histories.add(new double[0]);
        histories.add(new double[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        histories.add(new double[] {7});
        histories.add(new double[] {Double.NaN, -3, 2, Double.NaN, 0, 5, -1, 4, 4, 4, 0, 0, 9, Double.NaN, 1});
        histories.add(new double[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 500, 0}); // one spike
        histories.add(new double[] {100, 90, 80, 70, 60, 50, 40, 30, 20, 10, 0, 0, 0, 0, 0}); // steep fall
        Random random = new Random(42); // seeded: the same noisy series every run
        double[] noisy = new double[60];
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] = Math.max(0, 10 + 8 * Math.sin(i * 2 * Math.PI / 7) + random.nextGaussian() * 5);
        }
        histories.add(noisy);
        List<Forecaster> forecasters = new ArrayList<>(ForecasterSelector.forBuckets(BucketSize.parse("1d")).baselines());
        forecasters.add(Forecasters.byName(Forecasters.AUTO, BucketSize.parse("1d")));
        forecasters.add(new ExponentialSmoothingForecaster(0));
        forecasters.add(new RobustSeasonalForecaster(7));
        forecasters.add(new RobustSeasonalForecaster(1));
        forecasters.add(new SeasonalMeanForecaster(7, 28));
        forecasters.add(new SeasonalMeanForecaster(1, 28));
        List<Arguments> out = new ArrayList<>();
        for (Forecaster f : forecasters) {
            for (double[] h : histories) {
                out.add(Arguments.of(f, ArraySeries.of(h)));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("forecastersAndSeries")
    void shouldNeverForecastNegativeOrNaN(Forecaster forecaster, ArraySeries series) {
        double[] f = forecaster.forecast(series, HORIZON);

        assertThat(f).hasSize(HORIZON);
        assertThat(java.util.stream.DoubleStream.of(f)).allSatisfy(v -> assertThat(v).isFinite().isGreaterThanOrEqualTo(0));
        assertThat(forecaster.forecast(series, 0)).isEmpty();
    }
}
