package io.flowcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.core.events.ForecastStep;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import io.flowcast.core.json.Json;
import org.junit.jupiter.api.Test;

class ForecastErrorsTest {
    private static final long SIZE = 10;
    private static final double EPS = 1e-9;

    /**
     * Horizon 2, window 4, at least 3 residuals. Every bucket the forecast [5, 4] is issued;
     * actuals 5, 6, 3, 7, 5, 9 at buckets 0, 10, ..., 50.
     * Step 1 residuals (actual - 5) for buckets 10..50: 1, -2, 2, 0, 4 -> the ring of 4 keeps -2, 2, 0, 4.
     * Step 2 residuals (actual - 4) for buckets 20..50: -1, 3, 1, 5.
     */
    private static ForecastErrors handWorked() {
        ForecastErrors errors = new ForecastErrors(2, 4, 3);
        double[] actuals = {5, 6, 3, 7, 5, 9};
        for (int i = 0; i < actuals.length; i++) {
            errors.recordActual(i * SIZE, actuals[i]);
            if (i < actuals.length - 1) {
                errors.remember(i * SIZE, SIZE, new double[] {5, 4});
            }
        }
        return errors;
    }

    @Test
    void shouldKeepTheLastWindowOfResidualsPerStep() {
        ForecastErrors errors = handWorked();

        assertThat(errors.residuals(1)).containsExactly(-2, 2, 0, 4);
        assertThat(errors.residuals(2)).containsExactly(-1, 3, 1, 5);
        assertThat(errors.residualCount(2)).isEqualTo(4);
    }

    @Test
    void shouldAddResidualQuantilesToThePointForecast() {
        ForecastStep[] steps = handWorked().steps(50, SIZE, new double[] {10, 10});

        // step 1, sorted [-2, 0, 2, 4], type-7 position q*(n-1):
        // q.1 -> .3 -> -2 + .3*2 = -1.4;  q.5 -> 1.5 -> 0 + .5*2 = 1;  q.9 -> 2.7 -> 2 + .7*2 = 3.4
        assertThat(steps[0].step).isEqualTo(1);
        assertThat(steps[0].bucketStart).isEqualTo(60);
        assertThat(steps[0].point).isEqualTo(10);
        assertThat(steps[0].p10).isCloseTo(8.6, within(EPS));
        assertThat(steps[0].p50).isCloseTo(11, within(EPS));
        assertThat(steps[0].p90).isCloseTo(13.4, within(EPS));
        // step 2, sorted [-1, 1, 3, 5]: q.1 -> -1 + .6 = -.4;  q.5 -> 1 + 1 = 2;  q.9 -> 3 + 1.4 = 4.4
        assertThat(steps[1].bucketStart).isEqualTo(70);
        assertThat(steps[1].p10).isCloseTo(9.6, within(EPS));
        assertThat(steps[1].p50).isCloseTo(12, within(EPS));
        assertThat(steps[1].p90).isCloseTo(14.4, within(EPS));
    }

    @Test
    void shouldClampQuantilesAtZeroAndKeepThemMonotone() {
        // step 1: .5 - 1.4 < 0 -> p10 = 0; p50 = .5 + 1 = 1.5; p90 = .5 + 3.4 = 3.9
        ForecastStep s = handWorked().steps(50, SIZE, new double[] {0.5})[0];

        assertThat(s.p10).isZero();
        assertThat(s.p50).isCloseTo(1.5, within(EPS));
        assertThat(s.p90).isCloseTo(3.9, within(EPS));

        // a point of 0 with all-negative residuals: everything clamps to 0, still ordered
        ForecastErrors errors = new ForecastErrors(1, 4, 1);
        for (int i = 0; i < 4; i++) {
            errors.remember(i * SIZE, SIZE, new double[] {10});
            errors.recordActual((i + 1) * SIZE, 1);
        }
        ForecastStep z = errors.steps(40, SIZE, new double[] {0})[0];
        assertThat(new double[] {z.p10, z.p50, z.p90}).containsExactly(0, 0, 0);
    }

    @Test
    void shouldFallBackToTheMeanAbsoluteChangeUntilThereAreEnoughResiduals() {
        ForecastErrors errors = handWorked();
        errors.minResiduals = 8; // 4 held: fallback
        // changes of 5, 6, 3, 7, 5, 9: 1 + 3 + 4 + 2 + 4 = 14 over 5 -> scale 2.8
        // half-width h=1: 1.28155 * 1.25331 * 2.8 = 4.4973227; h=2: x sqrt(2) = 6.3601748
        ForecastStep[] steps = errors.steps(50, SIZE, new double[] {10, 10});

        assertThat(steps[0].p10).isCloseTo(10 - 4.497322745, within(1e-8));
        assertThat(steps[0].p50).isEqualTo(10);
        assertThat(steps[0].p90).isCloseTo(10 + 4.497322745, within(1e-8));
        assertThat(steps[1].p90).isCloseTo(10 + 6.360174821, within(1e-8));
    }

    @Test
    void shouldUseTheCallersScaleWhenGiven() {
        // scale 1: half-width 1.28155 * 1.25331 = 1.60618670 at h=1
        ForecastStep s = new ForecastErrors(2, 4).steps(0, SIZE, new double[] {5}, 1.0)[0];

        assertThat(s.p10).isCloseTo(5 - 1.6061867, within(1e-6));
        assertThat(s.p90).isCloseTo(5 + 1.6061867, within(1e-6));
    }

    @Test
    void shouldGuessAPoissonIntervalBeforeAnyActual() {
        // sigma = sqrt(4) = 2; half-width 1.28155 * 2 = 2.5631031
        ForecastStep s = new ForecastErrors(2, 4).steps(0, SIZE, new double[] {4})[0];

        assertThat(s.p10).isCloseTo(4 - 2.5631031, within(1e-6));
        assertThat(s.p90).isCloseTo(4 + 2.5631031, within(1e-6));
    }

    @Test
    void shouldReplaceARevisedForecastAndNotCountAnActualTwice() {
        ForecastErrors errors = new ForecastErrors(2, 4);
        errors.remember(0, SIZE, new double[] {5, 5});
        errors.remember(0, SIZE, new double[] {7, 5}); // late correction of bucket 0 re-issues

        errors.recordActual(10, 6);
        errors.recordActual(10, 6);
        errors.recordActual(0, 6); // older than the newest recorded: ignored

        assertThat(errors.residuals(1)).containsExactly(-1); // 6 - 7 once
        assertThat(errors.residualCount(2)).isZero();
    }

    @Test
    void shouldNotScoreForecastsTooOldToCoverTheBucket() {
        ForecastErrors errors = new ForecastErrors(2, 4);
        errors.remember(0, SIZE, new double[] {5, 5});

        errors.recordActual(30, 8); // step 3 of the forecast from bucket 0: beyond the horizon

        assertThat(errors.residualCount(1)).isZero();
        assertThat(errors.residualCount(2)).isZero();
    }

    @Test
    void shouldStartOverWhenTheBucketSizeChanges() {
        ForecastErrors errors = handWorked();

        errors.remember(60, 2 * SIZE, new double[] {1, 1});

        assertThat(errors.residualCount(1)).isZero();
        assertThat(errors.bucketSizeMillis).isEqualTo(2 * SIZE);
    }

    @Test
    void shouldForecastZeroStepsForAnEmptyPointForecast() {
        assertThat(handWorked().steps(50, SIZE, new double[0])).isEmpty();
    }

    @Test
    void shouldBeAFlinkPojoOfPrimitivesAndPrimitiveArrays() {
        // Flink's POJO rules: public class, public no-arg constructor, public non-final fields;
        // primitives and primitive arrays only, so RocksDB state needs no Kryo
        assertThat(Modifier.isPublic(ForecastErrors.class.getModifiers())).isTrue();
        assertThat(new ForecastErrors()).isNotNull();
        for (Field f : ForecastErrors.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || Modifier.isTransient(f.getModifiers())) {
                continue; // transient fields are not state: Flink's POJO serializer skips them
            }
            assertThat(Modifier.isPublic(f.getModifiers())).as(f.getName()).isTrue();
            assertThat(Modifier.isFinal(f.getModifiers())).as(f.getName()).isFalse();
            Class<?> t = f.getType().isArray() ? f.getType().getComponentType() : f.getType();
            assertThat(t.isPrimitive()).as(f.getName()).isTrue();
        }
    }

    @Test
    void shouldComputeTheEmpiricalQuantileWithLinearInterpolation() {
        // sorted [1, 2, 3, 4, 10]: q.9 -> position 3.6 -> 4 + .6*6 = 7.6
        assertThat(ForecastErrors.quantile(new double[] {10, 3, 1, 4, 2}, 0.9)).isCloseTo(7.6, within(EPS));
        assertThat(ForecastErrors.quantile(new double[] {3}, 0.1)).isEqualTo(3);
        assertThat(ForecastErrors.quantile(new double[0], 0.5)).isNaN();
    }

    @Test
    void shouldGiveTheSameStepsWithTheSortedCacheAsWithAFreshCopy() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
        long day = 86_400_000L;
        ForecastErrors cached = new ForecastErrors(3, 10, 4);
        for (int t = 0; t < 400; t++) {
            // every other stretch repeats values a lot, like an intermittent product's residuals
            double actual = (t / 50) % 2 == 0 ? rng.nextInt(3) : rng.nextDouble(0, 40);
            cached.recordActual(t * day, actual);
            double[] point = {rng.nextInt(4), rng.nextDouble(0, 10), 1.5};
            ForecastStep[] withCache = cached.steps(t * day, day, point);
            cached.remember(t * day, day, point);

            // a field-by-field copy has no cache, as after a restore: it must sort afresh and agree
            ForecastErrors fresh = Json.fromString(Json.toString(cached), ForecastErrors.class);
            assertThat(fresh.steps(t * day, day, point)).as("bucket %d", t).containsExactly(withCache);
        }
    }
}
