package io.flowcast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FlowcastCliTest {
    private static String[] run(String... args) {
        CommandLine cli = FlowcastCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void shouldFailOnAnUnknownCommandNamingIt() {
        String[] r = run("dashbord");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).contains("unknown command 'dashbord'", "Did you mean: dashboard", "See 'flowcast --help'.");
    }

    @Test
    void shouldListEveryCommandWithAWholeSentence() {
        String[] r = run("--help");
        String commands = r[1].substring(r[1].indexOf("Commands:"));
        assertThat(r[0]).isEqualTo("0");
        // each command's text (its first line plus wrapped continuation lines) ends a sentence
        String[] blocks = commands.split("\\R(?=  \\S)");
        assertThat(blocks).hasSizeGreaterThan(9);
        for (String block : blocks) {
            if (block.startsWith("Commands:")) {
                continue;
            }
            assertThat(block.strip()).as(block).endsWith(".");
        }
        assertThat(commands).contains("  dashboard ");
    }
}
