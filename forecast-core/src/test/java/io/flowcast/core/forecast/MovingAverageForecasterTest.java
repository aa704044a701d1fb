package io.flowcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.core.buckets.ArraySeries;
import org.junit.jupiter.api.Test;

class MovingAverageForecasterTest {

    @Test
    void shouldForecastTheMeanOfTheLastWindowFlat() {
        // last 3 of [10, 2, 4, 6]: (2 + 4 + 6) / 3 = 4
        assertThat(new MovingAverageForecaster(3).forecast(ArraySeries.of(10, 2, 4, 6), 2)).containsExactly(4, 4);
    }

    @Test
    void shouldAverageWhatThereIsWhenShorterThanTheWindow() {
        // (1 + 2) / 2 = 1.5
        assertThat(new MovingAverageForecaster(5).forecast(ArraySeries.of(1, 2), 1)).containsExactly(1.5);
    }

    @Test
    void shouldForecastZerosForAnEmptyHistory() {
        assertThat(new MovingAverageForecaster(5).forecast(ArraySeries.of(), 2)).containsExactly(0, 0);
    }

    @Test
    void shouldRejectAnEmptyWindow() {
        assertThatThrownBy(() -> new MovingAverageForecaster(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
