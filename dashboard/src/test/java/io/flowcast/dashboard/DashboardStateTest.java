package io.flowcast.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.events.Forecast;
import io.flowcast.core.events.ForecastStep;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardStateTest {
    static final long HOUR = 3_600_000L;

    private static Forecast forecast(long bucket, double actual, int revision, String forecaster, String version, int horizon) {
        Forecast f = new Forecast();
        f.productId = "A";
        f.bucketStart = bucket;
        f.bucketSizeMillis = HOUR;
        f.actual = actual;
        f.revision = revision;
        f.forecaster = forecaster;
        f.modelVersion = version;
        f.actualOrders = 2;
        f.steps = new ForecastStep[horizon];
        for (int h = 1; h <= horizon; h++) {
            f.steps[h - 1] = new ForecastStep(h, bucket + h * HOUR, 10 + h, 5, 10 + h, 20 + h);
        }
        return f;
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldShowActualsTheNewestFanRevisionsAndTheModelSwap() {
        DashboardState state = new DashboardState(24, 100);
        state.onForecast(forecast(0, 3, 0, "tsb", "baseline", 2));
        state.onForecast(forecast(HOUR, 4, 0, "tsb", "baseline", 2));
        state.onForecast(forecast(HOUR, 6, 1, "tsb", "baseline", 0)); // a late order corrected bucket 1
        state.onForecast(forecast(2 * HOUR, 5, 0, "lstm", "v1", 2));

        Map<String, Object> p = state.product("A");
        List<Object[]> actuals = (List<Object[]>) p.get("actuals");
        assertThat(actuals).extracting(a -> a[0] + "=" + a[1] + "/r" + a[2]).containsExactly("0=3.0/r0", "3600000=6.0/r1", "7200000=5.0/r0");
        assertThat(p.get("revisedBuckets")).isEqualTo(1L);
        List<double[]> steps = (List<double[]>) p.get("steps");
        assertThat(steps).hasSize(2);
        assertThat(steps.get(0)).containsExactly(3 * HOUR, 11, 5, 11, 21);
        assertThat(p.get("servedModel")).isEqualTo("lstm v1");
        assertThat((List<Map<String, Object>>) p.get("swaps")).singleElement()
                .satisfies(s -> assertThat(s).containsEntry("from", "tsb").containsEntry("to", "lstm v1"));
        assertThat(state.orderLinesIn()).isEqualTo(6); // three first forecasts of 2 lines; the revision not again
        assertThat(state.product("B")).isNull();
    }
}
