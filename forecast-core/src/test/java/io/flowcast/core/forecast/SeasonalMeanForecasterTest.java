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
}
