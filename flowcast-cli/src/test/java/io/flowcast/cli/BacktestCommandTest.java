package io.flowcast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BacktestCommandTest {
    @Test
    void shouldReadDatesAsUtcMidnightAndInstantsAsGiven() {
        assertThat(BacktestCommand.instant("2011-03-01")).isEqualTo(Instant.parse("2011-03-01T00:00:00Z"));
        assertThat(BacktestCommand.instant("2011-03-01T12:30:00Z")).isEqualTo(Instant.parse("2011-03-01T12:30:00Z"));
        assertThat(BacktestCommand.instant(null)).isNull();
    }

    @Test
    void shouldParseTheOptionsWithTheDefaultsOfTheIssue() {
        BacktestCommand c = new BacktestCommand();
        new CommandLine(c).parseArgs("--forecasters", "auto,lstm:model-version=v3", "--horizon", "5",
                "--job-option", "residual-window=30", "--product", "85123A", "--out", "r");

        assertThat(c.forecasters).containsExactly("auto", "lstm:model-version=v3");
        assertThat(c.horizon).isEqualTo(5);
        assertThat(c.bucketSize).isEqualTo("1d");
        assertThat(c.jobOptions).containsExactly("residual-window=30");
        assertThat(c.products).containsExactly("85123A");
        assertThat(c.out).isEqualTo(Path.of("r"));
        assertThat(new BacktestCommand().forecasters)
                .containsExactly("auto", "seasonal-naive", "moving-average", "exp-smoothing", "tsb");
    }
}
