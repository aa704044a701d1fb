package io.flowcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.core.buckets.ArraySeries;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SeasonalMeanForecasterTest {
    @Test
    void shouldBeThePlainMeanOfTheWindowWithoutASeason() {
        double[] y = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        // (7 + 8 + 9 + 10) / 4
        assertThat(new SeasonalMeanForecaster(1, 4).forecast(ArraySeries.of(y), 3)).containsExactly(8.5, 8.5, 8.5);
    }

    @Test
    void shouldSpreadTheWindowsMeanOverRobustSeasonalsWeeklyShape() {
        // four weeks of Mon-Sun 10, 10, 10, 10, 10, 0, 4, and one order of 200 on the last Monday
        double[] y = new double[28];
        for (int i = 0; i < y.length; i++) {
            y[i] = new double[] {10, 10, 10, 10, 10, 0, 4}[i % 7];
        }
        y[21] += 200;
        double[] f = new SeasonalMeanForecaster(7, 14).forecast(ArraySeries.of(y), 7);
        double[] robust = new RobustSeasonalForecaster(7).forecast(ArraySeries.of(y), 7);

        // the level is the last two weeks' mean, big order included: (2 * 54 + 200) / 14 = 22 a day, 154 a week
        assertThat(Arrays.stream(f).sum()).isCloseTo(154, within(1e-9));
        // robust-seasonal clipped the order out of its level: its week is under a third of that
        assertThat(Arrays.stream(robust).sum()).isLessThan(154 / 3.0);
        // the shape is robust-seasonal's: every step the same multiple of its forecast
        for (int h = 0; h < 7; h++) {
            assertThat(f[h]).isCloseTo(robust[h] * 154 / Arrays.stream(robust).sum(), within(1e-9));
        }
        assertThat(f[5]).isLessThan(f[4] / 2); // Saturday (step 6) low (ClosedDays sets a closed one to 0 in the job)
    }

    @Test
    void shouldGiveEachSeriesItsOwnShapeWhenTheShapeIsReused() {
        // auto calls four seasonal means on the same units, then the next product's: a reused shape
        // must never leak from one series, period or horizon into another
        java.util.Random random = new java.util.Random(5);
        double[][] series = new double[3][];
        for (int p = 0; p < series.length; p++) {
            series[p] = random.doubles(70, 0, 20).map(Math::floor).toArray();
        }
        series[2] = series[1].clone();
        series[2][69] += 40; // differs from series 1 in its last bucket only
        for (int round = 0; round < 2; round++) {
            for (double[] y : series) {
                for (int period : new int[] {7, 5}) {
                    for (int horizon : new int[] {7, 9}) {
                        double[] robust = new RobustSeasonalForecaster(period).forecast(ArraySeries.of(y), Math.max(horizon, period));
                        double robustSum = Arrays.stream(robust, 0, period).sum();
                        double level = Arrays.stream(y, 70 - 28, 70).sum() / 28;
                        double[] f = new SeasonalMeanForecaster(period, 28).forecast(ArraySeries.of(y), horizon);
                        for (int h = 0; h < horizon; h++) {
                            assertThat(f[h]).isCloseTo(level * period * robust[h] / robustSum, within(1e-9));
                        }
                    }
                }
            }
        }
    }
}
