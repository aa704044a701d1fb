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
        assertThat(g.admit(BEGINNING + MINUTE)).as("second: one record is no reference").isEqualTo(Long.MIN_VALUE);
        for (int i = 2; i < 100; i++) {
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
        assertThat(g.behind(BEGINNING)).as("a hostile first record makes no legitimate order late").isFalse();
        assertThat(g.admit(BEGINNING)).isEqualTo(Long.MIN_VALUE);
        for (int i = 1; i < 4; i++) {
            assertThat(g.behind(BEGINNING + i * MINUTE)).isFalse();
            assertThat(g.admit(BEGINNING + i * MINUTE)).isEqualTo(BEGINNING + i * MINUTE);
        }
        // full window (a year ahead, minutes 0-3): the median is minute 2
        assertThat(g.admit(BEGINNING + 365 * DAY + 1)).isEqualTo(BEGINNING + 2 * MINUTE + HOUR);
    }

    /**
     * The window is not checkpointed: after a restore each partition's guard starts empty, and the
     * records at the restored offsets may be hostile. Two of them (as many as a full window shrugs
     * off) neither drag the watermark nor make the legitimate orders after them late; a third after
     * two legitimate ones moves it by the lead at most, as in a full window.
     */
    @Test
    void shouldNotBeDraggedByTwoHostileRecordsAtTheHeadOfAPartitionAfterARestore() {
        EventTimeGuard restored = new EventTimeGuard(HOUR);
        long ahead = BEGINNING + DAY;
        assertThat(restored.admit(ahead)).isEqualTo(Long.MIN_VALUE);
        assertThat(restored.admit(ahead + 1)).as("the median of one record let this one through").isEqualTo(Long.MIN_VALUE);
        long highestContribution = Long.MIN_VALUE;
        for (int i = 0; i < 10; i++) {
            long t = BEGINNING + i * MINUTE;
            assertThat(restored.behind(t)).as("legitimate order %d after the hostile ones", i).isFalse();
            highestContribution = Math.max(highestContribution, restored.admit(t));
        }
        assertThat(highestContribution).isEqualTo(BEGINNING + 9 * MINUTE);

        EventTimeGuard legitimateHead = new EventTimeGuard(HOUR);
        legitimateHead.admit(BEGINNING);
        legitimateHead.admit(BEGINNING + MINUTE);
        assertThat(legitimateHead.admit(ahead)).isEqualTo(BEGINNING + HOUR);
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
        g.admit(Long.MAX_VALUE - 6);
        g.admit(Long.MAX_VALUE - 5);
        assertThat(g.admit(Long.MAX_VALUE - 3)).isEqualTo(Long.MAX_VALUE - 3);
    }
}
