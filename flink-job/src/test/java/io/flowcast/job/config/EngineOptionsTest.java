package io.flowcast.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EngineOptionsTest {
    @Test
    void shouldWarmUpTheAlertsForOneSeasonOfTheBucketSizeByDefault() {
        assertThat(EngineOptions.alertRules(JobOptions.fromArgs(new String[] {"--bucket-size", "1h"})).warmUpBuckets())
                .isEqualTo(24);
        assertThat(EngineOptions.alertRules(JobOptions.fromArgs(new String[] {"--bucket-size", "1d"})).warmUpBuckets())
                .isEqualTo(7);
        assertThat(EngineOptions.alertRules(JobOptions.fromArgs(new String[] {"--bucket-size", "1d", "--alert-warm-up", "0"}))
                .warmUpBuckets()).isZero();
    }

    @Test
    void shouldLeaveTheAlertsOffUntilAskedFor() {
        assertThat(EngineOptions.settings(JobOptions.fromArgs(new String[0])).alertRules()).isNull();
    }
}
