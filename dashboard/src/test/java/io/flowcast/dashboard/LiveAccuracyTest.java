package io.flowcast.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.core.events.Forecast;
import io.flowcast.core.events.ForecastStep;
import org.junit.jupiter.api.Test;

class LiveAccuracyTest {
    static final long HOUR = 3_600_000L;
    static final long BEGINNING = 0;

    private static Forecast forecast(String product, long bucket, double actual, double... points) {
        Forecast f = new Forecast();
        f.productId = product;
        f.bucketStart = bucket;
        f.bucketSizeMillis = HOUR;
        f.actual = actual;
        f.forecaster = "tsb";
        f.modelVersion = "baseline";
        f.steps = new ForecastStep[points.length];
        for (int h = 1; h <= points.length; h++) {
            double p = points[h - 1];
            f.steps[h - 1] = new ForecastStep(h, bucket + h * HOUR, p, p - 1, p, p + 1);
        }
        return f;
    }

    @Test
    void shouldScoreEachStepWhenItsBucketCloses() {
        LiveAccuracy acc = new LiveAccuracy(24, 100);
        acc.add(forecast("A", BEGINNING, 5, 10, 20));          // predicts 10 at +1h, 20 at +2h
        acc.add(forecast("A", BEGINNING + HOUR, 12, 10, 20));  // actual 12: step 1 error 2
        acc.add(forecast("A", BEGINNING + 2 * HOUR, 16, 10, 20)); // actual 16: step 1 (10) error 6, step 2 (20) error 4

        LiveAccuracy.Row step1 = acc.rows().stream().filter(r -> r.step() == 1).findFirst().orElseThrow();
        LiveAccuracy.Row step2 = acc.rows().stream().filter(r -> r.step() == 2).findFirst().orElseThrow();
        assertThat(step1.model()).isEqualTo("tsb");
        assertThat(step1.count()).isEqualTo(2);
        assertThat(step1.wape()).isCloseTo((2.0 + 6.0) / (12 + 16), within(1e-12));
        assertThat(step1.coverage()).isEqualTo(0.0); // [9, 11] held neither 12 nor 16
        assertThat(step2.count()).isEqualTo(1);
        assertThat(step2.wape()).isCloseTo(4.0 / 16, within(1e-12));
    }

    @Test
    void shouldForgetBucketsOutsideTheWindowAndIgnoreRevisions() {
        LiveAccuracy acc = new LiveAccuracy(2, 100);
        for (int b = 0; b < 5; b++) {
            acc.add(forecast("A", b * HOUR, b == 0 ? 0 : 10 * b, 10));
        }
        Forecast revised = forecast("A", 4 * HOUR, 1000, 10);
        revised.revision = 1;
        acc.add(revised);
        // buckets 3 and 4 only (actuals 30, 40 against 10)
        LiveAccuracy.Row row = acc.rows().get(0);
        assertThat(row.count()).isEqualTo(2);
        assertThat(row.wape()).isCloseTo((20.0 + 30.0) / 70, within(1e-12));
    }

    @Test
    void shouldScoreOnlyTheFirstProductsUpToItsBound() {
        LiveAccuracy acc = new LiveAccuracy(24, 1);
        acc.add(forecast("A", 0, 1, 1));
        acc.add(forecast("B", 0, 1, 1));
        assertThat(acc.trackedProducts()).isEqualTo(1);
    }
}
