package io.flowcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.buckets.ArraySeries;
import org.junit.jupiter.api.Test;

class MedianForecasterTest {
    @Test
    void shouldForecastTheMedianOfTheLastWindowFlat() {
        // last 5 of [100, 0, 0, 3, 50, 1]: 0, 0, 3, 50, 1 -> median 1 (the mean would be 10.8)
        assertThat(new MedianForecaster(5, 1).forecast(ArraySeries.of(100, 0, 0, 3, 50, 1), 2)).containsExactly(1, 1);
    }

    @Test
    void shouldTakeTheMedianOfTheSamePositionInEarlierSeasons() {
        // period 3, positions a b c: a = 1, 5, 3; b = 10, 20, 30; c = 0, 0, 9. Next buckets are a, b, c, a
        double[] f = new MedianForecaster(3, 3).forecast(ArraySeries.of(1, 10, 0, 5, 20, 0, 3, 30, 9), 4);
        assertThat(f).containsExactly(3, 20, 0, 3);
    }

    @Test
    void shouldUseTheSeasonsThereAre() {
        // two seasons of period 3 for a window of 12: median of two values is their mean
        assertThat(new MedianForecaster(12, 3).forecast(ArraySeries.of(2, 0, 0, 4, 0, 0), 1)).containsExactly(3);
    }

    @Test
    void shouldSelectTheSameMedianAsSortingDoes() {
        java.util.Random random = new java.util.Random(11);
        for (int trial = 0; trial < 20_000; trial++) {
            int k = 1 + random.nextInt(200);
            double[] v = new double[k];
            for (int i = 0; i < k; i++) {
                // ties and runs of zeros as in demand, now and then any value
                v[i] = switch (random.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> random.nextInt(5);
                    case 2 -> trial % 3 == 0 ? i : random.nextInt(3) * 12.5;
                    default -> random.nextDouble() * 1000;
                };
            }
            double[] sorted = v.clone();
            java.util.Arrays.sort(sorted);
            double expected = k % 2 == 1 ? sorted[k / 2] : (sorted[k / 2 - 1] + sorted[k / 2]) / 2;
            assertThat(Double.doubleToRawLongBits(MedianForecaster.median(v, k))).as("k=%d", k)
                    .isEqualTo(Double.doubleToRawLongBits(expected));
        }
    }

    @Test
    void shouldCountTheSameMedianAsSelectionFinds() {
        java.util.Random random = new java.util.Random(12);
        int[] counts = new int[MedianForecaster.COUNTED];
        for (int trial = 0; trial < 20_000; trial++) {
            int k = 1 + random.nextInt(120);
            double[] v = new double[k];
            for (int i = 0; i < k; i++) {
                // small whole units (counted), now and then one too large or fractional (selected instead)
                v[i] = switch (random.nextInt(20)) {
                    case 0 -> trial % 2 == 0 ? 255 + random.nextInt(3) : random.nextInt(4) + 0.5;
                    case 1, 2, 3, 4, 5, 6, 7 -> 0;
                    default -> random.nextInt(trial % 4 == 0 ? 255 : 6);
                };
            }
            double selected = MedianForecaster.median(v.clone(), k);
            assertThat(Double.doubleToRawLongBits(MedianForecaster.median(v, k, counts))).as("k=%d", k)
                    .isEqualTo(Double.doubleToRawLongBits(selected));
            assertThat(counts).as("left clean").containsOnly(0);
        }
    }
}
