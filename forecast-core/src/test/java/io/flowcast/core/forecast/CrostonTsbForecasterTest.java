package io.flowcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.core.buckets.ArraySeries;
import org.junit.jupiter.api.Test;

class CrostonTsbForecasterTest {

    @Test
    void shouldForecastProbabilityTimesSize() {
        // alpha .5, beta .5, y = [0, 4, 0, 0, 2]: z = 4 (first nonzero), p = 2/5 = .4
        // t0 y=0: p = .4 + .5*(0-.4) = .2
        // t1 y=4: first nonzero, z stays 4; p = .2 + .5*(1-.2) = .6
        // t2 y=0: p = .3;  t3 y=0: p = .15
        // t4 y=2: z = 4 + .5*(2-4) = 3; p = .15 + .5*.85 = .575
        // forecast .575 * 3 = 1.725
        double[] f = new CrostonTsbForecaster(0.5, 0.5).forecast(ArraySeries.of(0, 4, 0, 0, 2), 2);

        assertThat(f[0]).isCloseTo(1.725, within(1e-12));
        assertThat(f[1]).isCloseTo(1.725, within(1e-12));
    }

    @Test
    void shouldDecayWhenAProductStopsSelling() {
        CrostonTsbForecaster tsb = new CrostonTsbForecaster();

        double selling = tsb.forecast(ArraySeries.of(5, 5, 5), 1)[0];
        double stopped = tsb.forecast(ArraySeries.of(5, 5, 5, 0, 0, 0), 1)[0];

        assertThat(stopped).isPositive().isLessThan(selling);
    }

    @Test
    void shouldForecastZerosForNoDemand() {
        CrostonTsbForecaster tsb = new CrostonTsbForecaster();

        assertThat(tsb.forecast(ArraySeries.of(0, 0, 0), 2)).containsExactly(0, 0);
        assertThat(tsb.forecast(ArraySeries.of(), 2)).containsExactly(0, 0);
    }

    @Test
    void shouldRejectSmoothingOutsideTheUnitInterval() {
        assertThatThrownBy(() -> new CrostonTsbForecaster(0, 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CrostonTsbForecaster(0.1, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
