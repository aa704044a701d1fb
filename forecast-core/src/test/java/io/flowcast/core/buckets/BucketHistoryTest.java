package io.flowcast.core.buckets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BucketHistoryTest {
    private static final long DAY = 86_400_000L;

    private static BucketAggregate units(double u) {
        return new BucketAggregate(u, u, 1, 0);
    }

    @Test
    void shouldCopyUnitsOldestFirstBeforeAndAfterTheRingWraps() {
        BucketHistory h = new BucketHistory(4, DAY);
        assertThat(h.unitsArray()).isEmpty();
        h.append(0, units(1));
        h.append(DAY, units(2));
        h.append(2 * DAY, units(3));
        assertThat(h.unitsArray()).containsExactly(1, 2, 3);

        h.append(3 * DAY, units(4));
        h.append(4 * DAY, units(5)); // overwrites the oldest slot
        h.append(5 * DAY, null);     // a bucket without orders
        assertThat(h.unitsArray()).containsExactly(3, 4, 5, 0);
        for (int i = 0; i < h.length(); i++) {
            assertThat(h.unitsArray()[i]).isEqualTo(h.units(i));
        }
    }

    @Test
    void shouldCopyOrderLinesOldestFirstBeforeAndAfterTheRingWraps() {
        BucketHistory h = new BucketHistory(3, DAY);
        assertThat(h.orderLines().unitsArray()).isEmpty();
        for (int d = 0; d < 5; d++) {
            h.append(d * DAY, d == 3 ? null : new BucketAggregate(1, 1, 10 + d, 0));
            DemandSeries lines = h.orderLines();
            double[] copy = lines.unitsArray();
            assertThat(copy).hasSize(lines.length());
            for (int i = 0; i < lines.length(); i++) {
                assertThat(copy[i]).isEqualTo(lines.units(i));
            }
        }
        assertThat(h.orderLines().unitsArray()).containsExactly(12, 0, 14);
    }
}
