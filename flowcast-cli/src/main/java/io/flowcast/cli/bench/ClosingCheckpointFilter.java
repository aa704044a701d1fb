package io.flowcast.cli.bench;

import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.filter.AbstractFilter;

/**
 * Drops Flink's warning, with its stack trace, for a checkpoint declined because a task is closing
 * or not running (yet, or any more), or sent to a task that has already finished: a bounded job's
 * tasks finish while a periodic checkpoint is in flight, every run of the bench, and the next
 * checkpoint goes on. Any other checkpoint failure is still logged.
 */
public final class ClosingCheckpointFilter extends AbstractFilter {
    private static final String LOGGER = "org.apache.flink.runtime.checkpoint.CheckpointFailureManager";

    private ClosingCheckpointFilter() {
        super(Filter.Result.NEUTRAL, Filter.Result.NEUTRAL);
    }

    /** Adds the filter to the logger that prints those warnings, in this JVM. */
    public static void install() {
        if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
            return; // another logging backend: leave it as it is
        }
        Configuration config = context.getConfiguration();
        LoggerConfig logger = config.getLoggerConfig(LOGGER);
        if (!logger.getName().equals(LOGGER)) { // it inherited a parent's: give it its own, same level
            logger = new LoggerConfig(LOGGER, logger.getLevel(), true);
            config.addLogger(LOGGER, logger);
        }
        logger.addFilter(new ClosingCheckpointFilter());
        context.updateLoggers();
    }

    @Override
    public Result filter(LogEvent event) {
        return event.getThrown() instanceof CheckpointException e && isTaskFinishing(e) ? Result.DENY : Result.NEUTRAL;
    }

    static boolean isTaskFinishing(CheckpointException e) {
        CheckpointFailureReason reason = e.getCheckpointFailureReason();
        return reason == CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_CLOSING
                || reason == CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_NOT_READY
                // the TaskExecutor no longer knows the task: it finished after the checkpoint was triggered
                || reason == CheckpointFailureReason.TASK_CHECKPOINT_FAILURE
                        && String.valueOf(e.getMessage()).contains("checkpoint request for unknown task");
    }
}
