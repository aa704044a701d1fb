package io.flowcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.core.buckets.ArraySeries;
import org.junit.jupiter.api.Test;

class ExponentialSmoothingForecasterTest {
    private static final double EPS = 1e-9;

    @Test
    void shouldRunDampedHoltWithoutSeason() {
        // alpha .3, beta .05, phi .9; L = 10, T = 0
        // t=1 y=12: L = .3*12 + .7*(10 + 0) = 10.6;  T = .05*(10.6-10) + .95*.9*0 = .03
        // t=2 y=11: L = .3*11 + .7*(10.6 + .9*.03) = 3.3 + 7.4389 = 10.7389
        //           T = .05*(10.7389-10.6) + .95*.9*.03 = .006945 + .02565 = .032595
        // h=1: 10.7389 + .9*.032595 = 10.7682355;  h=2: 10.7389 + 1.71*.032595 = 10.79463745
        double[] f = new ExponentialSmoothingForecaster(0).forecast(ArraySeries.of(10, 12, 11), 2);

        assertThat(f[0]).isCloseTo(10.7682355, within(EPS));
        assertThat(f[1]).isCloseTo(10.79463745, within(EPS));
    }

    @Test
    void shouldRunHoltWintersWithTwoSeasons() {
        // period 2, y = [4, 8, 6, 10, 5]; mean1 = 6, mean2 = 8 -> L = 6, T = (8-6)/2 = 1
        // S0 = ((4-6) + (6-8))/2 = -2, S1 = ((8-6) + (10-8))/2 = 2
        // t=2 y=6  s=-2: L = .3*8 + .7*(6 + .9) = 7.23; T = .05*1.23 + .855*1 = .9165;
        //                S0 = .1*(6-7.23) + .9*(-2) = -1.923
        // t=3 y=10 s=2:  L = .3*8 + .7*(7.23 + .82485) = 8.038395; T = .05*.808395 + .855*.9165 = .82402725
        //                S1 = .1*(10-8.038395) + .9*2 = 1.9961605
        // t=4 y=5 s=-1.923: L = .3*6.923 + .7*(8.038395 + .741624525) = 8.2229136675
        //                T = .05*.1845186675 + .855*.82402725 = .713769232125
        //                S0 = .1*(5-8.2229136675) + .9*(-1.923) = -2.05299136675
        // h=1 (S1): 8.2229136675 + .9*T + 1.9961605 = 10.8614664764
        // h=2 (S0): 8.2229136675 + 1.71*T - 2.05299136675 = 7.3904676877
        double[] f = new ExponentialSmoothingForecaster(2).forecast(ArraySeries.of(4, 8, 6, 10, 5), 2);

        assertThat(f[0]).isCloseTo(10.8614664764, within(1e-9));
        assertThat(f[1]).isCloseTo(7.3904676877, within(1e-9));
    }

    @Test
    void shouldBeSimpleSmoothingOfOneBucket() {
        assertThat(new ExponentialSmoothingForecaster(7).forecast(ArraySeries.of(5), 3)).containsExactly(5, 5, 5);
    }

    @Test
    void shouldClampANegativeSeasonalForecastAtZero() {
        // a strong on/off season with a falling level drives the "off" buckets below zero before the clamp
        double[] f = new ExponentialSmoothingForecaster(2).forecast(ArraySeries.of(0, 20, 0, 10, 0, 4, 0, 1), 4);

        assertThat(java.util.stream.DoubleStream.of(f)).allSatisfy(v -> assertThat(v).isNotNaN().isGreaterThanOrEqualTo(0));
        assertThat(f[0]).isZero(); // step 1 is an "off" bucket (index 8): level + trend + a negative season < 0
        assertThat(f[2]).isZero();
    }

    @Test
    void shouldFollowAFlatSeriesExactly() {
        // no trend, no season: every update keeps L = 3, T = 0, S = 0
        double[] f = new ExponentialSmoothingForecaster(2).forecast(ArraySeries.of(3, 3, 3, 3, 3, 3), 3);

        assertThat(java.util.stream.DoubleStream.of(f)).allSatisfy(v -> assertThat(v).isCloseTo(3, within(1e-12)));
    }
}
