package io.flowcast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateCommandTest {
    @Test
    void shouldWriteTheSpikeGroundTruthNextToTheFileWithTheUnitsSold(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("orders.jsonl");
        int exit = new CommandLine(new GenerateCommand()).execute("--products", "200", "--duration", "3d",
                "--spikes", "5", "--seed", "3", "--output", out.toString());

        assertThat(exit).isZero();
        List<String> truth = Files.readAllLines(dir.resolve("orders.jsonl.spikes.csv"));
        assertThat(truth.get(0)).endsWith(",actualUnits");
        assertThat(truth).hasSize(6);
        // written again once the stream is drained: the spiked buckets sold something
        double sold = truth.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(',') + 1))).sum();
        assertThat(sold).isPositive();
        try (var lines = Files.lines(out)) {
            assertThat(lines.count()).isGreaterThan(1000);
        }
    }
}
