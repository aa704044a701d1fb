package io.flowcast.core.buckets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ArraySeriesTest {
    private static final long BEGINNING = Duration.ofDays(20_000).toMillis();
    private static final BucketSize HOURLY = BucketSize.parse("1h");

    @Test
    void shouldSpaceBucketsEvenlyFromTheFirstStart() {
        ArraySeries s = ArraySeries.of(HOURLY, BEGINNING, 1, 2, 3);

        assertThat(s.length()).isEqualTo(3);
        assertThat(s.units(2)).isEqualTo(3);
        // bucket 2 starts two hours after the first
        assertThat(s.bucketStart(2)).isEqualTo(BEGINNING + 2 * 3_600_000L);
        assertThat(s.bucketSizeMillis()).isEqualTo(3_600_000L);
        assertThat(s.meanPrice(0)).isNaN();
        assertThat(s.promotion(0)).isFalse();
    }

    @Test
    void shouldNotBeChangedThroughTheArrayItWasBuiltFromOrHandsOut() {
        double[] units = {1, 2};
        ArraySeries s = new ArraySeries(units, 0, 1000);
        units[0] = 99;
        s.unitsArray()[1] = 99;

        assertThat(s.unitsArray()).containsExactly(1, 2);
    }

    @Test
    void shouldCutAPrefixWithTheSameStart() {
        ArraySeries s = ArraySeries.of(HOURLY, BEGINNING, 5, 6, 7);

        ArraySeries p = s.prefix(2);

        assertThat(p.unitsArray()).containsExactly(5, 6);
        assertThat(p.bucketStart(0)).isEqualTo(BEGINNING);
        assertThat(s.prefix(0).length()).isZero();
        assertThatThrownBy(() -> s.prefix(4)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
