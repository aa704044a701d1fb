package io.flowcast.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./flowcast} launcher: one command, a subcommand per task. */
@Command(name = "flowcast", mixinStandardHelpOptions = true, version = "flowcast 0.1.0",
        description = "Real-time demand forecasting on Flink and Kafka.",
        subcommands = {DemoCommand.class, JobCommand.class, GenerateCommand.class, ImportCommand.class,
                TrainCommand.class, BacktestCommand.class, EvaluateAlertsCommand.class, BenchCommand.class, ScoreCommand.class,
                ClusterCommand.class, DashboardCommand.class,
                KeysCommand.class, ModelsCommand.class, SoakCommand.class, CommandLine.HelpCommand.class})
public final class FlowcastCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The launcher with its help layout and error handling, for main and for tests. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new FlowcastCli());
        cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, FlowcastCli::commandList);
        // an unknown command or option is an error: say which, and where help is, and exit 2
        cli.setParameterExceptionHandler((ex, ignored) -> {
            CommandLine cmd = ex.getCommandLine();
            boolean unknownCommand = ex instanceof CommandLine.UnmatchedArgumentException u && cmd.getParent() == null
                    && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-");
            cmd.getErr().println("flowcast: " + (unknownCommand
                    ? "unknown command '" + ((CommandLine.UnmatchedArgumentException) ex).getUnmatched().get(0) + "'"
                    : ex.getMessage()));
            if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
                cmd.getErr().println("Did you mean: " + String.join(", ", u.getSuggestions()) + "?");
            }
            cmd.getErr().println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
            return 2;
        });
        // a failure deep in a command ends with its message, not a stack trace; --verbose shows the trace
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("flowcast " + commandLine.getCommandName() + ": " + rootMessage(ex));
            if (System.getenv("FLOWCAST_DEBUG") != null) {
                ex.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println("(set FLOWCAST_DEBUG=1 for the stack trace)");
            }
            return 1;
        });
        return cli;
    }

    /** The command list with each command's first full sentence (picocli's default cuts at the first line). */
    static String commandList(CommandLine.Help help) {
        StringBuilder sb = new StringBuilder();
        for (var e : help.subcommands().entrySet()) {
            var usage = e.getValue().commandSpec().usageMessage();
            String text = String.join(" ", usage.header().length > 0 ? usage.header() : usage.description()).trim();
            int end = text.indexOf(". ");
            String sentence = end < 0 ? text : text.substring(0, end + 1);
            sb.append(wrap(String.format("  %-16s %s", e.getKey(), sentence), 19, 100));
        }
        return sb.toString();
    }

    private static String wrap(String line, int indent, int width) {
        StringBuilder out = new StringBuilder();
        StringBuilder current = new StringBuilder();
        for (String word : line.split("(?<=\\S) (?=\\S)")) {
            if (current.length() + word.length() + 1 > width && current.length() > indent) {
                out.append(current.toString().stripTrailing()).append(System.lineSeparator());
                current = new StringBuilder(" ".repeat(indent));
            }
            current.append(word).append(' ');
        }
        return out.append(current.toString().stripTrailing()).append(System.lineSeparator()).toString();
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == t ? msg : t.getMessage() + " (cause: " + msg + ")";
    }
}
