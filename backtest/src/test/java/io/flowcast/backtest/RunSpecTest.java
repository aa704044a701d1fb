package io.flowcast.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.backtest.sources.SyntheticInput;
import io.flowcast.job.config.JobOptions;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class RunSpecTest {
    @Test
    void shouldParseAForecasterWithItsOwnJobOptions() {
        RunSpec r = RunSpec.parse("lstm:model-version=v3:residual-window=20");

        assertThat(r.forecaster()).isEqualTo("lstm");
        assertThat(r.label()).isEqualTo("lstm:model-version=v3:residual-window=20");
        assertThat(r.options()).containsEntry("model-version", "v3").containsEntry("residual-window", "20");
        assertThatThrownBy(() -> RunSpec.parse("tsb:oops")).hasMessageContaining("KEY=VALUE");
        assertThatThrownBy(() -> RunSpec.parseAll(List.of("tsb", "tsb"))).hasMessageContaining("twice");
    }

    @Test
    void shouldPassEachRunsForecasterAndOptionsToTheJob() {
        BacktestConfig config = BacktestConfig.builder(new SyntheticInput(10, 100, 1, 1, 0))
                .runs(List.of("auto:lstm-min-history=3", "tsb:residual-window=20")).horizon(3).lookback(30)
                .jobOption("product-idle-timeout", "30d").build();

        Configuration lstm = config.jobOptions(config.runs().get(0));
        Configuration tsb = config.jobOptions(config.runs().get(1));

        assertThat(lstm.get(JobOptions.FORECASTER)).isEqualTo("auto");
        assertThat(lstm.get(JobOptions.LSTM_MIN_HISTORY)).isEqualTo(3);
        assertThat(tsb.get(JobOptions.FORECASTER)).isEqualTo("tsb");
        assertThat(lstm.get(JobOptions.HORIZON)).isEqualTo(3);
        assertThat(lstm.get(JobOptions.BOUNDED)).isTrue();
        assertThat(lstm.get(JobOptions.STATE_BACKEND)).isEqualTo("hashmap");
        assertThat(lstm.get(JobOptions.PRODUCT_IDLE_TIMEOUT)).isEqualTo(Duration.ofDays(30));
        assertThat(tsb.get(JobOptions.RESIDUAL_WINDOW)).isEqualTo(20);
        assertThat(lstm.get(JobOptions.RESIDUAL_WINDOW)).isEqualTo(JobOptions.RESIDUAL_WINDOW.defaultValue());
    }

    @Test
    void shouldRefuseAForecasterTheJobDoesNotKnowBeforeReplaying() {
        // `lstm` became a forecaster of its own with issue 11; a name the job does not know is refused
        assertThatThrownBy(() -> BacktestConfig.builder(new SyntheticInput(10, 100, 1, 1, 0)).run("arima").build())
                .hasMessageContaining("--forecaster").hasMessageContaining("arima");
    }

    @Test
    void shouldRefuseAnUnknownJobOptionBeforeReplaying() {
        assertThatThrownBy(() -> BacktestConfig.builder(new SyntheticInput(10, 100, 1, 1, 0)).run("tsb:no-such=1").build())
                .hasMessageContaining("no-such");
    }
}
