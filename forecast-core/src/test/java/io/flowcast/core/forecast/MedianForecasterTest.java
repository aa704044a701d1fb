package io.flowcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.buckets.ArraySeries;
import org.junit.jupiter.api.Test;

class MedianForecasterTest {
    @Test
    void shouldForecastTheMedianOfTheLastWindowFlat() {
        // last 5 of [100, 0, 0, 3, 50, 1]: 0, 0, 3, 50, 1 -> median 1 (the mean would be 10.8)
        assertThat(new MedianForecaster(5, 1).forecast(ArraySeries.of(100, 0, 0, 3, 50, 1), 2)).containsExactly(1, 1);
    }

    @Test
    void shouldTakeTheMedianOfTheSamePositionInEarlierSeasons() {
        // period 3, positions a b c: a = 1, 5, 3; b = 10, 20, 30; c = 0, 0, 9. Next buckets are a, b, c, a
        double[] f = new MedianForecaster(3, 3).forecast(ArraySeries.of(1, 10, 0, 5, 20, 0, 3, 30, 9), 4);
        assertThat(f).containsExactly(3, 20, 0, 3);
    }

    @Test
    void shouldUseTheSeasonsThereAre() {
        // two seasons of period 3 for a window of 12: median of two values is their mean
        assertThat(new MedianForecaster(12, 3).forecast(ArraySeries.of(2, 0, 0, 4, 0, 0), 1)).containsExactly(3);
    }
}
