package io.flowcast.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AccuracyMetricsTest {
    private static final double EPS = 1e-12;
    // errors e = actual - forecast: -1, -1, 2, 0; |e| sums to 4
    static final double[] ACTUAL = {2, 0, 4, 6};
    static final double[] FORECAST = {3, 1, 2, 6};

    @Test
    void shouldComputeMae() {
        // (1 + 1 + 2 + 0) / 4 = 1
        assertThat(AccuracyMetrics.mae(ACTUAL, FORECAST)).isCloseTo(1.0, within(EPS));
    }

    @Test
    void shouldComputeRmse() {
        // sqrt((1 + 1 + 4 + 0) / 4) = sqrt(1.5)
        assertThat(AccuracyMetrics.rmse(ACTUAL, FORECAST)).isCloseTo(Math.sqrt(1.5), within(EPS));
    }

    @Test
    void shouldComputeMapeOverNonzeroActualsOnly() {
        // the zero actual is skipped: (1/2 + 2/4 + 0/6) / 3 = 1/3
        assertThat(AccuracyMetrics.mape(ACTUAL, FORECAST)).isCloseTo(1.0 / 3, within(EPS));
        assertThat(AccuracyMetrics.mape(new double[] {0, 0}, new double[] {1, 2})).isNaN();
    }

    @Test
    void shouldComputeSmapeWithZeroOverZeroAsZero() {
        // 2*1/(2+3) = .4;  2*1/(0+1) = 2;  2*2/(4+2) = 2/3;  0 -> (.4 + 2 + .666667 + 0) / 4 = .766667
        assertThat(AccuracyMetrics.smape(ACTUAL, FORECAST)).isCloseTo((0.4 + 2 + 2.0 / 3) / 4, within(EPS));
        assertThat(AccuracyMetrics.smape(new double[] {0, 0}, new double[] {0, 0})).isZero();
    }

    @Test
    void shouldComputeWape() {
        // 4 / (2 + 0 + 4 + 6) = 1/3
        assertThat(AccuracyMetrics.wape(ACTUAL, FORECAST)).isCloseTo(1.0 / 3, within(EPS));
        assertThat(AccuracyMetrics.wape(new double[] {0, 0}, new double[] {1, 2})).isNaN();
    }

    @Test
    void shouldComputeMaseAgainstTheInSampleSeasonalNaive() {
        // training [1, 3, 2, 5, 4, 5], period 2: |2-1| + |5-3| + |4-2| + |5-5| = 5 over 4 -> 1.25
        // MASE = MAE 1 / 1.25 = .8
        double[] training = {1, 3, 2, 5, 4, 5};

        assertThat(AccuracyMetrics.maseScale(training, 2)).isCloseTo(1.25, within(EPS));
        assertThat(AccuracyMetrics.mase(ACTUAL, FORECAST, training, 2)).isCloseTo(0.8, within(EPS));
        // period 0 is the plain naive: |3-1| + |2-3| + |5-2| + |4-5| + |5-4| = 8 over 5 = 1.6
        assertThat(AccuracyMetrics.maseScale(training, 0)).isCloseTo(1.6, within(EPS));
    }

    @Test
    void shouldGiveNaNMaseWhenTheTrainingSeriesHasNoScale() {
        assertThat(AccuracyMetrics.mase(ACTUAL, FORECAST, new double[] {4, 4, 4}, 1)).isNaN(); // scale 0
        assertThat(AccuracyMetrics.mase(ACTUAL, FORECAST, new double[] {4, 5}, 7)).isNaN(); // too short
    }

    @Test
    void shouldComputeTheMaseScaleOfEveryPrefix() {
        // period 2 over [1, 3, 2, 5, 4, 5]: |e| at t=2..5 are 1, 2, 2, 0 -> running means 1, 1.5, 5/3, 1.25
        double[] series = {1, 3, 2, 5, 4, 5};

        double[] scales = AccuracyMetrics.maseScales(series, 2);

        assertThat(scales[0]).isNaN();
        assertThat(scales[1]).isNaN();
        assertThat(scales).containsSubsequence(1.0, 1.5);
        assertThat(scales[4]).isCloseTo(5.0 / 3, within(EPS));
        for (int i = 0; i < series.length; i++) {
            double expected = AccuracyMetrics.maseScale(java.util.Arrays.copyOf(series, i + 1), 2);
            assertThat(Double.valueOf(scales[i])).isEqualTo(Double.valueOf(expected)); // NaN equals NaN here
        }
    }

    @Test
    void shouldSkipNaNBucketsInThePrefixScales() {
        // period 1 over [2, NaN, 4, 7]: only |7-4| = 3 pairs both present
        double[] scales = AccuracyMetrics.maseScales(new double[] {2, Double.NaN, 4, 7}, 1);

        assertThat(scales[2]).isNaN();
        assertThat(scales[3]).isCloseTo(3.0, within(EPS));
    }

    @Test
    void shouldComputeR2() {
        // mean actual 3; SS_tot = 1 + 9 + 1 + 9 = 20; SS_res = 1 + 1 + 4 + 0 = 6 -> 1 - 6/20 = .7
        assertThat(AccuracyMetrics.r2(ACTUAL, FORECAST)).isCloseTo(0.7, within(EPS));
        assertThat(AccuracyMetrics.r2(new double[] {5, 5}, new double[] {5, 5})).isNaN();
    }

    @Test
    void shouldComputePinballLoss() {
        // quantile forecast [1, 1, 5, 6] -> e = 1, -1, -1, 0
        // q .9: .9*1 + .1*1 + .1*1 + 0 = 1.1 / 4 = .275
        // q .1: .1*1 + .9*1 + .9*1 + 0 = 1.9 / 4 = .475
        double[] quantile = {1, 1, 5, 6};

        assertThat(AccuracyMetrics.pinball(ACTUAL, quantile, 0.9)).isCloseTo(0.275, within(EPS));
        assertThat(AccuracyMetrics.pinball(ACTUAL, quantile, 0.1)).isCloseTo(0.475, within(EPS));
        // at q .5 it is half the MAE: 1 / 2
        assertThat(AccuracyMetrics.pinball(ACTUAL, FORECAST, 0.5)).isCloseTo(0.5, within(EPS));
        assertThatThrownBy(() -> AccuracyMetrics.pinball(ACTUAL, quantile, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldComputeCoverageWithBoundsIncluded() {
        // 2 in [1,3] yes; 0 in [0,1] yes (on the bound); 4 in [5,6] no; 6 in [6,7] yes -> 3/4
        double[] lo = {1, 0, 5, 6};
        double[] hi = {3, 1, 6, 7};

        assertThat(AccuracyMetrics.coverage(ACTUAL, lo, hi)).isCloseTo(0.75, within(EPS));
    }

    @Test
    void shouldSkipPairsWithNaNAndGiveNaNWhenNothingIsLeft() {
        // only (1, 2) counts: MAE 1
        assertThat(AccuracyMetrics.mae(new double[] {1, Double.NaN}, new double[] {2, 5})).isEqualTo(1);
        assertThat(AccuracyMetrics.mae(new double[0], new double[0])).isNaN();
        assertThat(AccuracyMetrics.rmse(new double[0], new double[0])).isNaN();
        assertThat(AccuracyMetrics.smape(new double[0], new double[0])).isNaN();
        assertThat(AccuracyMetrics.coverage(new double[0], new double[0], new double[0])).isNaN();
    }

    @Test
    void shouldScoreAPerfectForecastOfAllZeros() {
        double[] zeros = {0, 0, 0};

        assertThat(AccuracyMetrics.mae(zeros, zeros)).isZero();
        assertThat(AccuracyMetrics.rmse(zeros, zeros)).isZero();
        assertThat(AccuracyMetrics.smape(zeros, zeros)).isZero();
        assertThat(AccuracyMetrics.mape(zeros, zeros)).isNaN();
        assertThat(AccuracyMetrics.wape(zeros, zeros)).isNaN();
    }

    @Test
    void shouldRejectArraysOfDifferentLength() {
        assertThatThrownBy(() -> AccuracyMetrics.mae(new double[2], new double[3]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
