package io.flowcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.core.buckets.ArraySeries;
import org.junit.jupiter.api.Test;

class RobustSeasonalForecasterTest {
    private static final double EPS = 1e-9;

    /** Seven days of an hourly profile from 0.3x to 1.7x a mean of {@code mean}, peak at 15:00. */
    private static double[] dailyCycle(double mean, int days) {
        double[] y = new double[24 * days];
        for (int t = 0; t < y.length; t++) {
            y[t] = mean * (1 + 0.7 * Math.cos(2 * Math.PI * (t % 24 - 15) / 24.0));
        }
        return y;
    }

    @Test
    void shouldClipAnOutlierToTwoRobustSigmasBeforeItMovesTheLevel() {
        // period 1 (no season), y = 4, 4, 40. Start: trimmed mean of {4, 4, 40} without its largest = 4,
        // season 1, sigma 1.
        // t0, t1: forecast 4, residual 0: level 4, season 1; sigma would decay to .95, but its floor is 1.
        // t2: forecast 4, scale sqrt(5) = 2.2360680, residual 36 clipped at 2 * 1 * 2.2360680 = 4.4721360:
        //     clean 8.4721360; level = .1 * 8.4721360 + .9 * 4 = 4.4472136;
        //     season = .05 * 8.4721360 / 4.4472136 + .95 = 1.0452522.
        // h=1: 4.4472136 * 1.0452522 = 4.6484597 (unclipped, the level alone would have jumped to 7.6)
        double[] f = new RobustSeasonalForecaster(1).forecast(ArraySeries.of(4, 4, 40), 2);

        assertThat(f[0]).isCloseTo(4.6484597134749395, within(EPS));
        assertThat(f[1]).isCloseTo(4.6484597134749395, within(EPS));
    }

    @Test
    void shouldFollowAFlatSeriesExactly() {
        double[] f = new RobustSeasonalForecaster(24).forecast(ArraySeries.of(3, 3, 3, 3, 3, 3, 3, 3, 3, 3), 30);

        assertThat(java.util.stream.DoubleStream.of(f)).allSatisfy(v -> assertThat(v).isCloseTo(3, within(1e-12)));
    }

    @Test
    void shouldForecastTheDailyCycle() {
        double[] y = dailyCycle(10, 7);
        double[] f = new RobustSeasonalForecaster(24).forecast(ArraySeries.of(y), 24);

        for (int h = 0; h < 24; h++) {
            assertThat(f[h]).as("hour %d", h).isCloseTo(y[h], within(0.05 * y[h])); // the next day repeats it
        }
    }

    @Test
    void shouldBarelyNoticeOneWholesaleLineWhereHoltWintersCarriesItIntoTheNextDay() {
        double[] clean = dailyCycle(10, 7);
        double[] wholesale = clean.clone();
        wholesale[6 * 24 + 15] += 144; // one line of 144 units at 15:00 on the last day
        RobustSeasonalForecaster robust = new RobustSeasonalForecaster(24);
        ExponentialSmoothingForecaster holtWinters = new ExponentialSmoothingForecaster(24);

        // the history ends at 23:00, so the next 15:00 is step 16
        double robustShift = robust.forecast(ArraySeries.of(wholesale), 16)[15] - robust.forecast(ArraySeries.of(clean), 16)[15];
        double holtShift = holtWinters.forecast(ArraySeries.of(wholesale), 16)[15]
                - holtWinters.forecast(ArraySeries.of(clean), 16)[15];

        assertThat(robustShift).isBetween(0.0, 1.0); // under a unit against a peak of 17
        assertThat(holtShift).isGreaterThan(10 * robustShift);
    }

    @Test
    void shouldGiveTheSameForecastWhenItsLastOneIsReusedOrChangedByTheCaller() {
        double[] y = dailyCycle(10, 7);
        y[100] = 300; // a wholesale line to clip
        RobustSeasonalForecaster daily = new RobustSeasonalForecaster(24);
        RobustSeasonalForecaster faster = new RobustSeasonalForecaster(24, 0.5, 0.05, 2.0);
        double[] first = daily.forecast(ArraySeries.of(y), 24);
        first[3] = -1; // a caller zeroing a closed bucket must not change the next caller's forecast

        double[] again = daily.forecast(ArraySeries.of(y), 24);
        double[] other = faster.forecast(ArraySeries.of(y), 24);
        double[] shorter = daily.forecast(ArraySeries.of(y), 6);

        assertThat(again[3]).isGreaterThan(0);
        assertThat(other).isNotEqualTo(again); // other parameters: not the memo's forecast
        for (int h = 0; h < 6; h++) {
            assertThat(shorter[h]).isCloseTo(again[h], within(EPS));
        }
        assertThat(shorter).hasSize(6);
    }
}
