package io.flowcast.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.buckets.ArraySeries;
import org.junit.jupiter.api.Test;

class DemandSegmentTest {

    @Test
    void shouldCallSparseDemandIntermittent() {
        // nonzero at 2 and 5: ADI = 6 / 2 = 3 >= 1.32, however large the sales
        assertThat(DemandSegment.classify(ArraySeries.of(0, 0, 500, 0, 0, 500))).isEqualTo(DemandSegment.INTERMITTENT);
    }

    @Test
    void shouldSplitSmoothDemandByMeanUnitsPerBucket() {
        // mean (12 + 8 + 10 + 10) / 4 = 10: at the threshold counts as FAST
        assertThat(DemandSegment.classify(ArraySeries.of(12, 8, 10, 10))).isEqualTo(DemandSegment.FAST);
        // mean 1.5 < 10
        assertThat(DemandSegment.classify(ArraySeries.of(1, 2, 1, 2))).isEqualTo(DemandSegment.SLOW);
        // the same series is FAST against a threshold of 1 unit per bucket
        assertThat(DemandSegment.classify(ArraySeries.of(1, 2, 1, 2), 1.0)).isEqualTo(DemandSegment.FAST);
    }

    @Test
    void shouldCallANeverSoldProductIntermittent() {
        assertThat(DemandSegment.classify(ArraySeries.of())).isEqualTo(DemandSegment.INTERMITTENT);
        assertThat(DemandSegment.classify(ArraySeries.of(0, 0, 0))).isEqualTo(DemandSegment.INTERMITTENT);
    }
}
