package io.flowcast.cli;

import org.apache.flink.api.common.JobStatus;

/**
 * Decides when the demo's job has stopped forecasting: it failed or was cancelled, it keeps
 * restarting, its first forecast never came, or no forecast came for a while after the first.
 */
final class JobWatch {
    private final long startedAt;
    private final long firstForecastLimit;
    private final long stallLimit;
    private final int maxRestarts;
    private long firstForecastAt;
    private long lastForecastAt;
    private int restarts;
    private JobStatus lastStatus;

    JobWatch(long startedAt, long firstForecastLimit, long stallLimit, int maxRestarts) {
        this.startedAt = startedAt;
        this.firstForecastLimit = firstForecastLimit;
        this.stallLimit = stallLimit;
        this.maxRestarts = maxRestarts;
    }

    void forecast(long now) {
        if (firstForecastAt == 0) {
            firstForecastAt = now;
        }
        lastForecastAt = now;
    }

    long firstForecastAt() {
        return firstForecastAt;
    }

    /** True once per entry into RESTARTING (a failure it recovers from): the caller says so on the console. */
    boolean restarted(JobStatus status) {
        boolean entered = status == JobStatus.RESTARTING && lastStatus != JobStatus.RESTARTING;
        lastStatus = status;
        if (entered) {
            restarts++;
        }
        return entered;
    }

    int restarts() {
        return restarts;
    }

    /** Why the demo must stop as failed, or null while all is well. */
    String problem(long now, JobStatus status) {
        if (status.isGloballyTerminalState()) {
            return "the job stopped: " + status;
        }
        if (restarts >= maxRestarts) {
            return "the job restarted " + restarts + " times: it is in a restart loop";
        }
        if (firstForecastAt == 0) {
            return now - startedAt > firstForecastLimit ? "no forecast within " + firstForecastLimit / 1000 + " s of the start" : null;
        }
        long quiet = now - lastForecastAt;
        return quiet > stallLimit ? "the job stopped forecasting: nothing for " + quiet / 1000 + " s while orders flow" : null;
    }
}
