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

    @Test
    void shouldCountTrailingZerosAsAnIntervalWhenLookingBackOverAHistory() {
        // sold 20 in each of the first two buckets, then nothing for eight: ADI online 1.0, looking back 10/2 = 5
        double[] units = {20, 20, 0, 0, 0, 0, 0, 0, 0, 0};

        assertThat(DemandSegment.classify(units, 10)).isEqualTo(DemandSegment.SLOW);
        assertThat(DemandSegment.classifyHistory(units, 10)).isEqualTo(DemandSegment.INTERMITTENT);
        // steady sellers are unchanged: 4 of 5 buckets sold, ADI 5/4 = 1.25 < 1.32
        assertThat(DemandSegment.classifyHistory(new double[] {12, 0, 13, 14, 12}, 10)).isEqualTo(DemandSegment.FAST); // mean 10.2
        assertThat(DemandSegment.classifyHistory(new double[] {2, 0, 1, 3, 2}, 10)).isEqualTo(DemandSegment.SLOW);
        assertThat(DemandSegment.classifyHistory(new double[] {0, 0}, 10)).isEqualTo(DemandSegment.INTERMITTENT);
    }
}
