package io.flowcast.core.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.events.Forecast;
import io.flowcast.core.events.ForecastStep;
import io.flowcast.core.forecast.Intermittency;
import org.junit.jupiter.api.Test;

class AlertTrackerTest {
    private static final long HOUR = 3_600_000L;

    private static Forecast forecast(int i, double lines) {
        Forecast f = new Forecast();
        f.productId = "P";
        f.bucketStart = i * HOUR;
        f.bucketSizeMillis = HOUR;
        f.actual = 2 * lines;
        f.actualOrders = (long) lines;
        f.expectedOrders = 0.8;
        f.steps = new ForecastStep[] {new ForecastStep(1, f.bucketStart + HOUR, 1.6, 0, 1.6, 4)};
        f.forecaster = "tsb";
        f.modelVersion = "baseline";
        return f;
    }

    @Test
    void shouldSwitchTheCusumToCountsAtAdi132AndBackOnlyBelow12() {
        AlertTracker tracker = new AlertTracker(new AlertRules(1.0, 1e-3, 6.0, 0.5, 3, 1.0, 24, 1.25, 0));
        AlertState st = tracker.newState();
        // intermittent (every other bucket), then 4 of every 5, then every bucket
        double[] lines = new double[90];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = i < 30 ? (i % 2 == 1 ? 1 : 0) : i < 60 ? (i % 5 == 0 ? 0 : 1) : 1;
        }
        boolean mode = false;
        int heldByHysteresis = 0;
        for (int i = 0; i < lines.length; i++) {
            double adi = Intermittency.adi(st.recentUnits());
            boolean judged = i > 0; // the first bucket has no expectation to judge against
            if (judged) {
                boolean expected = mode ? adi >= 1.2 : adi >= Intermittency.ADI_CUTOFF;
                if (mode && expected && adi < Intermittency.ADI_CUTOFF) {
                    heldByHysteresis++;
                }
                mode = expected;
            }
            tracker.onForecast(st, forecast(i, lines[i]), 0);
            assertThat(st.cusumOnCounts).as("bucket %d, ADI %.3f", i, adi).isEqualTo(mode);
        }
        assertThat(heldByHysteresis).as("buckets kept on counts with 1.2 <= ADI < 1.32").isPositive();
        assertThat(st.cusumOnCounts).isFalse(); // selling every bucket: back on the z-score CUSUM
    }
}
