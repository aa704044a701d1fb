package io.flowcast.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's "Job options" table is what {@code ./flowcast job --help} prints: same options, defaults and words. */
class ReadmeOptionsTableTest {
    @Test
    void shouldKeepTheReadmeOptionsTableEqualToTheCode() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("README.md")) || !Files.exists(root.resolve("flowcast"))) {
            root = root.getParent();
        }
        String readme = Files.readString(root.resolve("README.md"));
        int section = readme.indexOf("### Job options");
        int start = readme.indexOf("| option | default | meaning |", section);
        int end = readme.indexOf("\n\n", start);
        String table = readme.substring(start, end + 1);

        Files.writeString(Path.of("target/README-job-options.md"), JobOptions.markdownTable()); // to paste when this fails
        assertThat(section).as("README has a '### Job options' section").isPositive();
        assertThat(table).as("README.md's job options table; replace it with the expected text").isEqualTo(JobOptions.markdownTable());
    }
}
