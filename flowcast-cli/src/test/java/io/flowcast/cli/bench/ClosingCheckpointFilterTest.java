package io.flowcast.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.junit.jupiter.api.Test;

/** Only the failures of a bounded job's finishing tasks are dropped from the bench's log. */
class ClosingCheckpointFilterTest {
    @Test
    void shouldDropOnlyTheFailuresOfFinishingTasks() {
        assertThat(ClosingCheckpointFilter.isTaskFinishing(
                new CheckpointException(CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_CLOSING))).isTrue();
        assertThat(ClosingCheckpointFilter.isTaskFinishing(
                new CheckpointException(CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_NOT_READY))).isTrue();
        // as Flink 2.2's TaskExecutor words it for a task that has finished
        assertThat(ClosingCheckpointFilter.isTaskFinishing(new CheckpointException(
                "TaskManager received a checkpoint request for unknown task a4_45_0_0.",
                CheckpointFailureReason.TASK_CHECKPOINT_FAILURE))).isTrue();

        assertThat(ClosingCheckpointFilter.isTaskFinishing(new CheckpointException(
                "Asynchronous task checkpoint failed.", CheckpointFailureReason.TASK_CHECKPOINT_FAILURE))).isFalse();
        assertThat(ClosingCheckpointFilter.isTaskFinishing(
                new CheckpointException(CheckpointFailureReason.CHECKPOINT_EXPIRED))).isFalse();
    }
}
