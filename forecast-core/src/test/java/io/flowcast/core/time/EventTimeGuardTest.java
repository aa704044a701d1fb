package io.flowcast.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventTimeGuardTest {
    private static final long BEGINNING = Instant.parse("2011-01-04T08:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    @Test
    void shouldLetADenseStreamDriveTheWatermarkWithItsOwnTimes() {
        EventTimeGuard g = new EventTimeGuard(HOUR);
        assertThat(g.admit(BEGINNING)).as("first record: nothing to compare with").isEqualTo(Long.MIN_VALUE);
        for (int i = 1; i < 100; i++) {
            long t = BEGINNING + i * MINUTE;
            assertThat(g.admit(t)).isEqualTo(t);
        }
    }

    @Test
    void shouldNotLetTwoRecordsADayAheadMoveTheWatermarkFurtherThanTheLead() {
        EventTimeGuard g = new EventTimeGuard(HOUR);
        for (int i = 0; i < 10; i++) {
            g.admit(BEGINNING + i * MINUTE);
        }
        long ahead = BEGINNING + DAY;
        // median of the last 5 (minutes 5..9) is minute 7: the record may contribute minute 7 + 1 h at most
        assertThat(g.admit(ahead)).isEqualTo(BEGINNING + 7 * MINUTE + HOUR);
        assertThat(g.admit(ahead + 1)).isEqualTo(BEGINNING + 8 * MINUTE + HOUR);
        assertThat(g.admit(BEGINNING + 10 * MINUTE)).isEqualTo(BEGINNING + 10 * MINUTE);
        assertThat(g.median()).isEqualTo(BEGINNING + 10 * MINUTE);
    }

    @Test
    void shouldFollowARealJumpOnceMostRecentRecordsAgree() {
        EventTimeGuard g = new EventTimeGuard(HOUR);
        for (int i = 0; i < 5; i++) {
            g.admit(BEGINNING + i * MINUTE);
        }
        long reopened = BEGINNING + 12 * DAY; // the shop reopens after a holiday
        assertThat(g.admit(reopened)).isLessThan(reopened);
        assertThat(g.admit(reopened + MINUTE)).isLessThan(reopened + MINUTE);
        assertThat(g.admit(reopened + 2 * MINUTE)).isLessThan(reopened + 2 * MINUTE);
        // three of the last five are after the jump: the median followed it
        assertThat(g.admit(reopened + 3 * MINUTE)).isEqualTo(reopened + 3 * MINUTE);
    }

    @Test
    void shouldNotBeDraggedByAHostileFirstRecord() {
        EventTimeGuard g = new EventTimeGuard(HOUR);
        assertThat(g.admit(BEGINNING + 365 * DAY)).isEqualTo(Long.MIN_VALUE);
        assertThat(g.admit(BEGINNING)).isEqualTo(BEGINNING);
        assertThat(g.admit(BEGINNING + MINUTE)).isEqualTo(BEGINNING + MINUTE);
        assertThat(g.admit(BEGINNING + 365 * DAY + 1)).isEqualTo(BEGINNING + MINUTE + HOUR);
    }

    @Test
    void shouldCallARecordFarBehindItsPartitionLateAndNotLetItPullTheMedianBack() {
        EventTimeGuard g = new EventTimeGuard(HOUR);
        for (int i = 0; i < 5; i++) {
            g.admit(BEGINNING + i * MINUTE);
        }
        assertThat(g.behind(BEGINNING - 2 * HOUR)).isTrue();
        assertThat(g.behind(BEGINNING - 30 * MINUTE)).as("out of order, but within the lead").isFalse();
        assertThat(g.behind(Long.MIN_VALUE)).isTrue();
        assertThat(new EventTimeGuard(HOUR).behind(0)).as("no reference yet").isFalse();
    }

    @Test
    void shouldNotOverflowNearTheEndOfTime() {
        EventTimeGuard g = new EventTimeGuard(Long.MAX_VALUE / 2);
        g.admit(Long.MAX_VALUE - 5);
        assertThat(g.admit(Long.MAX_VALUE - 3)).isEqualTo(Long.MAX_VALUE - 3);
    }
}
