package io.flowcast.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.job.config.JobOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Flink settings behind resume and restarts. */
class FlowcastJobConfigTest {
    @TempDir
    Path dir;

    private Configuration options(String... extra) {
        String[] base = {"--checkpoint-dir", dir.toUri().toString(), "--transactional-id-prefix", "shop-1"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return JobOptions.fromArgs(all);
    }

    @Test
    void shouldRetainCheckpointsAndRestartAtAFailureRateByDefault() {
        Configuration flink = FlowcastJob.runtimeConfig(options());
        assertThat(flink.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
                .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        assertThat(flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).endsWith("/shop-1");
        assertThat(flink.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("failure-rate");
        assertThat(flink.get(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_MAX_FAILURES_PER_INTERVAL)).isEqualTo(10);
        assertThat(flink.get(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_FAILURE_RATE_INTERVAL)).isEqualTo(Duration.ofMinutes(10));
        assertThat(flink.get(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_DELAY)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void shouldTakeTheRestartSettingsFromTheOptions() {
        Configuration flink = FlowcastJob.runtimeConfig(options("--restart-attempts", "3", "--restart-delay", "1s"));
        assertThat(flink.get(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_MAX_FAILURES_PER_INTERVAL)).isEqualTo(3);
        assertThat(flink.get(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_DELAY)).isEqualTo(Duration.ofSeconds(1));
        assertThat(FlowcastJob.runtimeConfig(options("--restart-attempts", "0")).get(RestartStrategyOptions.RESTART_STRATEGY))
                .isEqualTo("none");
        assertThatThrownBy(() -> FlowcastJob.runtimeConfig(options("--restart-attempts", "-1")))
                .hasMessageContaining("--restart-attempts");
    }

    @Test
    void shouldResumeFromTheLatestCheckpointOfTheSameJobOnly() throws Exception {
        assertThat(FlowcastJob.startConfig(options(), new Configuration()).get(StateRecoveryOptions.SAVEPOINT_PATH)).isNull();
        Files.createDirectories(dir.resolve("other-job/abc/chk-9"));
        Files.writeString(dir.resolve("other-job/abc/chk-9/_metadata"), "x");
        assertThat(FlowcastJob.startConfig(options(), new Configuration()).get(StateRecoveryOptions.SAVEPOINT_PATH)).isNull();

        Files.createDirectories(dir.resolve("shop-1/abc/chk-2"));
        Files.writeString(dir.resolve("shop-1/abc/chk-2/_metadata"), "x");
        assertThat(FlowcastJob.startConfig(options(), new Configuration()).get(StateRecoveryOptions.SAVEPOINT_PATH))
                .endsWith("shop-1/abc/chk-2");
        assertThat(FlowcastJob.startConfig(options("--resume", "none"), new Configuration())
                .get(StateRecoveryOptions.SAVEPOINT_PATH)).isNull();
        assertThat(FlowcastJob.startConfig(options("--resume", "file:///sp/savepoint-1"), new Configuration())
                .get(StateRecoveryOptions.SAVEPOINT_PATH)).isEqualTo("file:///sp/savepoint-1");
    }

    @Test
    void shouldKeepARestorePathTheClusterAlreadySet() throws Exception {
        Files.createDirectories(dir.resolve("shop-1/abc/chk-2"));
        Files.writeString(dir.resolve("shop-1/abc/chk-2/_metadata"), "x");
        Configuration context = new Configuration();
        context.set(StateRecoveryOptions.SAVEPOINT_PATH, "file:///operator/savepoint-7");
        Configuration flink = FlowcastJob.startConfig(options(), context);
        // not overridden: the context's own setting applies
        assertThat(flink.get(StateRecoveryOptions.SAVEPOINT_PATH)).isNull();
    }

    @Test
    void shouldCollectRepeatedKafkaPropertiesOverTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("kafka.properties"),
                "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n");
        var p = JobOptions.kafkaClientProperties(options("--kafka-properties-file", file.toString(),
                "--kafka-property", "sasl.mechanism=SCRAM-SHA-512",
                "--kafka-property", "sasl.jaas.config=x.ScramLoginModule required username=\"u\" password=\"p\";"));
        assertThat(p).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "x.ScramLoginModule required username=\"u\" password=\"p\";");
    }
}
