package io.flowcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.buckets.ArraySeries;
import io.flowcast.core.buckets.BucketSize;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CleanSeriesTest {
    private static final BucketSize HOURLY = BucketSize.parse("1h");

    @Test
    void shouldReadBadBucketsAsZeroAndKeepTheBucketStarts() {
        ArraySeries raw = ArraySeries.of(HOURLY, 3_600_000L, 2, Double.NaN, -4, -0.0, 5);
        CleanSeries clean = CleanSeries.of(raw);
        assertThat(clean.unitsArray()).containsExactly(2, 0, 0, 0, 5);
        assertThat(Double.doubleToRawLongBits(clean.units(3))).as("-0.0 is read as 0").isZero();
        assertThat(clean.bucketStart(4)).isEqualTo(raw.bucketStart(4));
        assertThat(CleanSeries.of(clean)).isSameAs(clean);
    }

    @Test
    void shouldForecastBitForBitAsTheRawSeriesDoes() {
        Random random = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            double[] units = new double[1 + random.nextInt(200)];
            for (int i = 0; i < units.length; i++) {
                units[i] = switch (random.nextInt(12)) {
                    case 0 -> Double.NaN;
                    case 1 -> -random.nextInt(5);
                    case 2 -> -0.0;
                    case 3 -> random.nextDouble() * 50;
                    default -> random.nextInt(4) == 0 ? random.nextInt(8) : 0;
                };
            }
            ArraySeries raw = ArraySeries.of(HOURLY, 0, units);
            CleanSeries clean = CleanSeries.of(raw);
            for (String name : Forecasters.names()) {
                Forecaster f = Forecasters.byName(name, HOURLY);
                assertThat(f.forecast(clean, 24)).as("%s, trial %d", name, trial).isEqualTo(f.forecast(raw, 24));
            }
            assertThat(clean.unitsArray()).as("the forecasters left it as it was").isEqualTo(CleanSeries.of(raw).unitsArray());
        }
    }
}
