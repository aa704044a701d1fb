package io.flowcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.buckets.ArraySeries;
import org.junit.jupiter.api.Test;

class SeasonalNaiveForecasterTest {

    @Test
    void shouldRepeatTheLastSeason() {
        // period 3, t = 6 (value 7); y[t+h - 3*ceil(h/3)]:
        // h=1 -> y[4]=5, h=2 -> y[5]=6, h=3 -> y[6]=7, h=4 -> ceil(4/3)=2 -> y[6+4-6]=y[4]=5
        double[] f = new SeasonalNaiveForecaster(3).forecast(ArraySeries.of(1, 2, 3, 4, 5, 6, 7), 4);

        assertThat(f).containsExactly(5, 6, 7, 5);
    }

    @Test
    void shouldRepeatTheLastValueWhenShorterThanASeason() {
        assertThat(new SeasonalNaiveForecaster(7).forecast(ArraySeries.of(3, 4), 3)).containsExactly(4, 4, 4);
    }

    @Test
    void shouldBeThePlainNaiveForecastWithoutSeason() {
        assertThat(new SeasonalNaiveForecaster(0).forecast(ArraySeries.of(3, 4, 9), 2)).containsExactly(9, 9);
    }

    @Test
    void shouldForecastZerosForAnEmptyHistory() {
        assertThat(new SeasonalNaiveForecaster(7).forecast(ArraySeries.of(), 3)).containsExactly(0, 0, 0);
    }

    @Test
    void shouldReadNaNAndNegativeBucketsAsZero() {
        // period 2, t = 3: h=1 -> y[2] = -2 read as 0, h=2 -> y[3] = NaN read as 0
        double[] f = new SeasonalNaiveForecaster(2).forecast(ArraySeries.of(1, 5, -2, Double.NaN), 2);

        assertThat(f).containsExactly(0, 0);
    }
}
