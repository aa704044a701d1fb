package io.flowcast.core.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RulesTest {
    @Test
    void shouldRunTheCusumRecursionByHand() {
        double s = 0;
        double[] expected = {0.5, 1.0, 1.5, 2.0};
        for (double e : expected) {
            s = Cusum.up(s, 1.0, 0.5); // each one-sigma miss adds 1 - k
            assertThat(s).isEqualTo(e);
        }
        assertThat(Cusum.up(2.0, -3.0, 0.5)).isZero(); // never below zero
        assertThat(Cusum.down(0, -2.0, 0.5)).isEqualTo(1.5);
        assertThat(Cusum.down(1.5, 1.0, 0.5)).isZero();
    }

    @Test
    void shouldAddTheLogLikelihoodRatioInThePoissonCusum() {
        // expected 2 lines, looking for a doubling: x ln 2 - 2 x (2 - 1)
        assertThat(Cusum.poisson(0, 5, 2, Cusum.UP_RATIO)).isCloseTo(5 * Math.log(2) - 2, within(1e-12));
        assertThat(Cusum.poisson(0, 2, 2, Cusum.UP_RATIO)).isZero(); // 2 ln 2 - 2 < 0: floored
        // looking for a halving: a zero adds expected / 2, a line takes ln 2 off
        assertThat(Cusum.poisson(1.0, 0, 2, Cusum.DOWN_RATIO)).isCloseTo(2.0, within(1e-12));
        assertThat(Cusum.poisson(1.0, 1, 2, Cusum.DOWN_RATIO)).isCloseTo(2.0 - Math.log(2), within(1e-12));
    }

    @Test
    void shouldNameTheOptionToFixInABadRule() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AlertRules(1.0, 1e-3, 6.0, 0.5, 3, 1.0, 24, 1.25, 30))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad alert rules: alert-warm-up must be in 0..24, the buckets alert-history keeps (raise both"
                        + " to warm up longer), got 30.0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AlertRules(1.0, 1e-3, 6.0, 0.5, 3, 1.0, 24, 0.5, 0))
                .hasMessageContaining("alert-line-headroom must be at least 1, got 0.5");
    }

    @Test
    void shouldStandardiseWithTheIntervalAndClip() {
        // p90 - p10 = 2 * 1.2816 * 2: sigma 2, so a miss of 4 is z = 2
        double half = Cusum.Z90 * 2;
        assertThat(Cusum.standardise(14, 10, 10 - half, 10 + half)).isCloseTo(2.0, within(1e-12));
        assertThat(Cusum.standardise(100, 10, 10 - half, 10 + half)).isEqualTo(Cusum.MAX_Z);
        assertThat(Cusum.standardise(0, 0.4, 0, 0)).isCloseTo(-0.4, within(1e-12)); // sigma floored at one unit
    }

    @Test
    void shouldFlagASpikeOnlyBeyondTheMargin() {
        assertThat(SpikeRule.threshold(4, 10, 1.0)).isEqualTo(16.0); // 10 + 1 x (10 - 4)
        assertThat(SpikeRule.isSpike(16, 4, 10, 1.0)).isFalse();
        assertThat(SpikeRule.isSpike(16.5, 4, 10, 1.0)).isTrue();
        assertThat(SpikeRule.threshold(0, 0, 2.0)).isEqualTo(2.0); // zero width counts as one unit
        assertThat(SpikeRule.isSpike(11, 4, 10, 0.0)).isTrue(); // margin 0: anything above p90
    }

    @Test
    void shouldFlagADropOnlyForAProductThatAlwaysSold() {
        assertThat(DropRule.alwaysSold(new double[] {1, 2, 3}, 3, 3)).isTrue();
        assertThat(DropRule.alwaysSold(new double[] {1, 0, 3}, 3, 3)).isFalse();
        assertThat(DropRule.alwaysSold(new double[] {1, 2}, 2, 3)).isFalse(); // too little history
        // P(0 | 10) = e^-10 = 4.5e-5 < 1e-3; P(0 | 5) = e^-5 = 6.7e-3 is not
        assertThat(DropRule.isDrop(0, 10, 1, 1e-3, true)).isTrue();
        assertThat(DropRule.isDrop(0, 5, 1, 1e-3, true)).isFalse();
        assertThat(DropRule.isDrop(0, 10, 1, 1e-3, false)).isFalse();
        assertThat(DropRule.isDrop(1, 10, 1, 1e-3, true)).isFalse();
        // overdispersed: variance/mean 3, mean 10: P(0) = 3^-5 = 4.1e-3, not improbable enough
        assertThat(DropRule.isDrop(0, 10, 3, 1e-3, true)).isFalse();
    }

    @Test
    void shouldEstimateDispersionFromRecentErrors() {
        AlertState st = new AlertState(4);
        assertThat(st.dispersion(true)).isEqualTo(1.0);
        st.push(4, 2, 4); // error 2
        st.push(0, 2, 4); // error -2
        // pooled: sum e^2 / sum point = 8 / 4; robust: median of 4/2, 4/2 = 2, over 0.455
        assertThat(st.dispersion(true)).isEqualTo(2.0);
        assertThat(st.dispersion(false)).isCloseTo(2.0 / 0.4549364231195724, within(1e-9));
        st.push(2, 2, 0);
        st.push(2, 2, 0);
        st.push(2, 2, 0); // the first falls out of the ring: (4 + 0 + 0 + 0) / 8, floored at 1
        assertThat(st.dispersion(true)).isEqualTo(1.0);
        assertThat(st.recentUnits()).containsExactly(0, 2, 2, 2);
    }

    @Test
    void shouldNotLetOneHugeErrorInflateTheRobustDispersion() {
        AlertState st = new AlertState(5);
        double[] sq = {9, 16, 4, 14_400, 9}; // one wholesale order of 120 extra units
        for (double e2 : sq) {
            st.push(10, 10, e2);
        }
        // median of e^2 / point = 0.9 -> 0.9 / 0.455 = 1.98; the pooled ratio would be 288 (capped at 100)
        assertThat(st.dispersion(false)).isCloseTo(0.9 / 0.4549364231195724, within(1e-9));
        assertThat(st.dispersion(true)).isEqualTo(100.0);
    }
}
