package io.flowcast.cli;

import io.flowcast.job.FlowcastJob;
import io.flowcast.job.config.JobOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** Runs the forecaster job on a local Flink MiniCluster against any Kafka; the same options as {@code flink run}. */
@Command(name = "job", description = {
        "Run the forecaster job locally (Flink MiniCluster) against a Kafka cluster.",
        "Takes the same options as the job jar under `flink run`:", ""},
        footerHeading = "%nJob options:%n", footer = "%s")
public final class JobCommand implements Callable<Integer> {
    @Unmatched
    List<String> jobArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (jobArgs.contains("--help") || jobArgs.contains("-h")) {
            System.out.println("Usage: flowcast job [--option value]...\n\nJob options:\n" + JobOptions.help());
            return 0;
        }
        Configuration conf = JobOptions.fromArgs(jobArgs.toArray(new String[0]));
        Configuration flink = FlowcastJob.startConfig(conf, new Configuration());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        System.err.printf("flowcast job: orders from %s topic '%s', forecasts to '%s'%n",
                conf.get(JobOptions.BOOTSTRAP_SERVERS), conf.get(JobOptions.ORDERS_TOPIC),
                conf.get(JobOptions.FORECASTS_TOPIC));
        FlowcastJob.run(env, conf, "Flowcast forecaster");
        return 0;
    }
}
