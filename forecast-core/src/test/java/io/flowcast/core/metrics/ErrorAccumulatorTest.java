package io.flowcast.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ErrorAccumulatorTest {
    private static final double EPS = 1e-12;
    private static final double[] ACTUAL = AccuracyMetricsTest.ACTUAL; // {2, 0, 4, 6}
    private static final double[] POINT = AccuracyMetricsTest.FORECAST; // {3, 1, 2, 6}
    private static final double[] P10 = {1, 0, 5, 6};
    private static final double[] P50 = {1, 1, 5, 6};
    private static final double[] P90 = {3, 1, 6, 7};
    private static final double MASE_SCALE = 1.25;

    private static ErrorAccumulator fed(int from, int to) {
        ErrorAccumulator acc = new ErrorAccumulator();
        for (int i = from; i < to; i++) {
            acc.add(ACTUAL[i], POINT[i], P10[i], P50[i], P90[i], MASE_SCALE);
        }
        return acc;
    }

    @Test
    void shouldReportTheSameAsTheArrayMetrics() {
        ErrorAccumulator acc = fed(0, 4);

        // the hand-worked values of AccuracyMetricsTest
        assertThat(acc.count()).isEqualTo(4);
        assertThat(acc.mae()).isCloseTo(1.0, within(EPS));
        assertThat(acc.rmse()).isCloseTo(Math.sqrt(1.5), within(EPS));
        assertThat(acc.mape()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(acc.smape()).isCloseTo((0.4 + 2 + 2.0 / 3) / 4, within(EPS));
        assertThat(acc.wape()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(acc.mase()).isCloseTo(0.8, within(EPS)); // 1 / 1.25
        assertThat(acc.r2()).isCloseTo(0.7, within(EPS));
        assertThat(acc.coverage()).isCloseTo(0.75, within(EPS));
        // p10 [1,0,5,6]: e = 1, 0, -1, 0 -> .1 + 0 + .9 + 0 = 1.0 / 4 = .25
        assertThat(acc.pinball10()).isCloseTo(AccuracyMetrics.pinball(ACTUAL, P10, 0.1), within(EPS)).isCloseTo(0.25, within(EPS));
        assertThat(acc.pinball50()).isCloseTo(AccuracyMetrics.pinball(ACTUAL, P50, 0.5), within(EPS));
        // p90 [3,1,6,7]: e = -1, -1, -2, -1 -> .1 * 5 = .5 / 4 = .125
        assertThat(acc.pinball90()).isCloseTo(0.125, within(EPS));
    }

    @Test
    void shouldMergeToTheSameAsOneAccumulator() {
        ErrorAccumulator whole = fed(0, 4);
        ErrorAccumulator merged = fed(0, 1).merge(fed(1, 4));

        assertThat(merged.asMap()).hasSameSizeAs(whole.asMap());
        whole.asMap().forEach((name, value) -> assertThat(merged.asMap().get(name)).as(name).isCloseTo(value, within(1e-12)));
        assertThat(new ErrorAccumulator().merge(whole).r2()).isCloseTo(0.7, within(EPS));
    }

    @Test
    void shouldReportNaNWhenEmptyAndSkipNaNObservations() {
        ErrorAccumulator acc = new ErrorAccumulator();
        acc.add(Double.NaN, 1, 0, 1, 2);
        acc.add(1, Double.NaN, 0, 1, 2);

        assertThat(acc.count()).isZero();
        assertThat(acc.asMap()).allSatisfy((name, value) -> {
            if (!name.equals("count")) {
                assertThat(value).as(name).isNaN();
            }
        });
    }

    @Test
    void shouldLeaveQuantileMetricsOutWhenQuantilesAreMissing() {
        ErrorAccumulator acc = new ErrorAccumulator();
        acc.add(2, 3, Double.NaN, Double.NaN, Double.NaN);

        assertThat(acc.mae()).isEqualTo(1);
        assertThat(acc.coverage()).isNaN();
        assertThat(acc.pinball50()).isNaN();
        assertThat(acc.mase()).isNaN(); // no scale given
    }
}
