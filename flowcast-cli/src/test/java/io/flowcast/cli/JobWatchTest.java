package io.flowcast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.Test;

class JobWatchTest {
    static final long START = 1_000_000;

    private final JobWatch watch = new JobWatch(START, 180_000, 60_000, 3);

    @Test
    void shouldBeQuietWhileForecastsFlow() {
        watch.forecast(START + 25_000);
        watch.forecast(START + 80_000);
        assertThat(watch.problem(START + 130_000, JobStatus.RUNNING)).isNull();
        assertThat(watch.firstForecastAt()).isEqualTo(START + 25_000);
    }

    @Test
    void shouldReportAJobThatStoppedForecasting() {
        watch.forecast(START + 25_000);
        assertThat(watch.problem(START + 86_000, JobStatus.RUNNING)).contains("stopped forecasting: nothing for 61 s");
    }

    @Test
    void shouldReportAFirstForecastThatNeverCame() {
        assertThat(watch.problem(START + 179_000, JobStatus.RUNNING)).isNull();
        assertThat(watch.problem(START + 181_000, JobStatus.RUNNING)).contains("no forecast within 180 s");
    }

    @Test
    void shouldReportAFailedJobAndARestartLoop() {
        assertThat(watch.problem(START, JobStatus.FAILED)).isEqualTo("the job stopped: FAILED");
        JobStatus[] flapping = {JobStatus.RUNNING, JobStatus.RESTARTING, JobStatus.RESTARTING, JobStatus.RUNNING,
            JobStatus.RESTARTING, JobStatus.RUNNING, JobStatus.FAILING, JobStatus.RESTARTING};
        for (JobStatus s : flapping) {
            watch.restarted(s);
        }
        assertThat(watch.restarts()).isEqualTo(3); // RESTARTING twice in a row, or after FAILING, is one restart
        assertThat(watch.problem(START, JobStatus.RUNNING)).contains("restart loop");
    }
}
