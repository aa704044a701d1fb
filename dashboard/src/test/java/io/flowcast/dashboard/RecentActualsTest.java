package io.flowcast.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentActualsTest {
    private static long[] starts(RecentActuals a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.start(i);
        }
        return out;
    }

    @Test
    void shouldKeepTheNewestBucketsInOrder() {
        RecentActuals a = new RecentActuals(3);
        for (long t = 1; t <= 5; t++) {
            assertThat(a.put(t * 10, t, 0)).isFalse();
        }
        assertThat(starts(a)).containsExactly(30, 40, 50);
        a.put(45, 4.5, 0); // out of order: slots in, the oldest goes
        assertThat(starts(a)).containsExactly(40, 45, 50);
        assertThat(a.put(10, 1, 0)).isFalse(); // older than all kept: ignored
        assertThat(starts(a)).containsExactly(40, 45, 50);
    }

    @Test
    void shouldCorrectABucketInPlace() {
        RecentActuals a = new RecentActuals(3);
        a.put(10, 1, 0);
        a.put(20, 2, 0);
        assertThat(a.put(10, 7, 1)).isTrue();
        assertThat(a.value(0)).isEqualTo(7);
        assertThat(a.revision(0)).isEqualTo(1);
        assertThat(a.size()).isEqualTo(2);
    }
}
