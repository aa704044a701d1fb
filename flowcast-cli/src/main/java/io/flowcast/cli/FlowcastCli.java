package io.flowcast.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./flowcast} launcher: one command, a subcommand per task. */
@Command(name = "flowcast", mixinStandardHelpOptions = true, version = "flowcast 0.1.0",
        description = "Real-time demand forecasting on Flink and Kafka.",
        subcommands = {DemoCommand.class, JobCommand.class, GenerateCommand.class, ImportCommand.class,
                TrainCommand.class, BacktestCommand.class, EvaluateAlertsCommand.class, BenchCommand.class, ScoreCommand.class,
                CommandLine.HelpCommand.class})
public final class FlowcastCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new FlowcastCli());
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
        System.exit(cli.execute(args));
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
