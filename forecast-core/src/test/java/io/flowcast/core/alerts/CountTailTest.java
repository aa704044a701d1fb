package io.flowcast.core.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CountTailTest {
    @Test
    void shouldGivePoissonUpperTailsWorkedByHand() {
        // P(X >= 3 | 1) = 1 - e^-1 (1 + 1 + 1/2) = 1 - 2.5 / e
        assertThat(CountTail.poissonUpper(3, 1)).isCloseTo(1 - 2.5 / Math.E, within(1e-12));
        // P(X >= 1 | 0.5) = 1 - e^-0.5
        assertThat(CountTail.poissonUpper(1, 0.5)).isCloseTo(1 - Math.exp(-0.5), within(1e-12));
        // P(X >= 10 | 1) = e^-1 (1/10! + 1/11! + ...) = 1.1142548e-7
        assertThat(CountTail.poissonUpper(10, 1)).isCloseTo(1.1142547833872079e-7, within(1e-15));
    }

    @Test
    void shouldGiveNegativeBinomialTailsWorkedByHand() {
        // mean 2, variance/mean 2: r = 2, p = 1/2; P(0) = 1/4, P(1) = 2/8, P(2) = 3/16, P(3) = 4/32, P(4) = 5/64
        assertThat(CountTail.zero(2, 2)).isCloseTo(0.25, within(1e-12));
        assertThat(CountTail.upper(3, 2, 2)).isCloseTo(1 - 0.25 - 0.25 - 0.1875, within(1e-12));
        assertThat(CountTail.upper(5, 2, 2)).isCloseTo(1 - 0.25 - 0.25 - 0.1875 - 0.125 - 0.078125, within(1e-12));
    }

    @Test
    void shouldBeHeavierTailedThanPoissonWhenOverdispersed() {
        assertThat(CountTail.upper(6, 1, 3)).isGreaterThan(10 * CountTail.poissonUpper(6, 1)); // 0.031 against 5.9e-4
        assertThat(CountTail.upper(6, 1, 0.5)).isEqualTo(CountTail.poissonUpper(6, 1)); // below 1 means Poisson
    }

    @Test
    void shouldHandleEdgesWithoutUnderflow() {
        assertThat(CountTail.upper(0, 5, 1)).isEqualTo(1.0);
        assertThat(CountTail.upper(1, 0, 1)).isZero(); // nothing expected, something sold
        assertThat(CountTail.upper(2.5, 1, 1)).isEqualTo(CountTail.upper(3, 1, 1)); // fractional units round up
        // e^-1000 underflows a naive sum; in log space P(X >= 1200 | 1000) = 4.684e-10
        assertThat(CountTail.poissonUpper(1200, 1000)).isCloseTo(4.684203855872235e-10, within(1e-13));
        assertThat(CountTail.upper(40, 0.05, 3)).isCloseTo(1.753964633006262e-10, within(1e-13));
        assertThat(CountTail.zero(3, 1)).isCloseTo(Math.exp(-3), within(1e-15));
    }

    @Test
    void shouldMatchKnownLogGammaValues() {
        assertThat(CountTail.logGamma(1)).isCloseTo(0, within(1e-13));
        assertThat(CountTail.logGamma(5)).isCloseTo(Math.log(24), within(1e-13));
        assertThat(CountTail.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-13));
    }
}
