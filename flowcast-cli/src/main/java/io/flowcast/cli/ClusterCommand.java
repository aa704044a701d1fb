package io.flowcast.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowcast.cluster.JavaProcess;
import io.flowcast.cluster.StandaloneCluster;
import io.flowcast.job.FlowcastJob;
import io.flowcast.job.config.JobOptions;
import io.flowcast.job.recovery.ResumePoint;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Unmatched;

/**
 * {@code flowcast cluster start|submit|status|kill-taskmanager|stop}: a Flink standalone session cluster on this
 * machine (JobManager and TaskManagers as separate JVMs from Maven Central's Flink modules), with the
 * project's Kafka broker as its own process, to try failures and recovery the way they happen on a
 * real cluster.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"A Flink standalone cluster on this machine: one JobManager and TaskManagers in their own JVMs",
                "(RocksDB, checkpoints on local disk) and a Kafka broker process.",
                "  ./flowcast cluster start            # JobManager, 2 TaskManagers, Kafka on localhost:9092, topics",
                "  ./flowcast cluster submit [--job-option value ...]   # the job jar, resuming from its newest checkpoint",
                "  ./flowcast cluster status",
                "  ./flowcast cluster kill-taskmanager # kill -9 one TaskManager and start a replacement",
                "  ./flowcast cluster stop             # stop-with-savepoint, then every process"},
        subcommands = {ClusterCommand.Start.class, ClusterCommand.Submit.class, ClusterCommand.Status.class,
                ClusterCommand.KillTaskManager.class, ClusterCommand.Stop.class})
public final class ClusterCommand implements Runnable {
    @Option(names = "--dir", description = "Where the cluster keeps config, logs, pids and checkpoints (default: ${DEFAULT-VALUE}).")
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "flowcast-cluster");

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    private static Path home() {
        return Path.of(System.getProperty("flowcast.home", "."));
    }

    private Properties state() {
        Path f = dir.resolve("cluster.properties");
        if (!Files.exists(f)) {
            throw new IllegalStateException("no cluster in " + dir + ": run `flowcast cluster start` first");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return p;
    }

    private void save(Properties p) throws IOException {
        try (Writer w = Files.newBufferedWriter(dir.resolve("cluster.properties"))) {
            p.store(w, "flowcast cluster");
        }
    }

    private StandaloneCluster cluster(Properties s) {
        return new StandaloneCluster(dir.resolve("flink"), home().resolve("flink-cluster/target/lib"),
                Integer.parseInt(s.getProperty("rest.port")));
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start Kafka, the JobManager and the TaskManagers.")
    static final class Start implements Callable<Integer> {
        @ParentCommand
        ClusterCommand parent;
        @Option(names = "--task-managers", description = "TaskManagers, one slot each (default: ${DEFAULT-VALUE}).")
        int taskManagers = 2;
        @Option(names = "--rest-port", description = "JobManager REST port and web UI (default: ${DEFAULT-VALUE}).")
        int restPort = 8081;
        @Option(names = "--rpc-port", description = "JobManager RPC port (default: ${DEFAULT-VALUE}).")
        int rpcPort = 6123;
        @Option(names = "--kafka-port", description = "Port of the Kafka broker process; its controller takes the next one; 0: no broker (default: ${DEFAULT-VALUE}).")
        int kafkaPort = 9092;

        @Override
        public Integer call() throws Exception {
            Path dir = parent.dir;
            if (!JavaProcess.names(dir.resolve("flink/pids")).stream()
                    .filter(n -> JavaProcess.find(dir.resolve("flink/pids"), n).isPresent()).toList().isEmpty()) {
                throw new IllegalStateException("a cluster is already running from " + dir + " (flowcast cluster status)");
            }
            Files.createDirectories(dir);
            Properties s = new Properties();
            s.setProperty("rest.port", String.valueOf(restPort));
            s.setProperty("kafka.port", String.valueOf(kafkaPort));
            parent.save(s);
            if (kafkaPort > 0) {
                JavaProcess.start(dir.resolve("flink/pids"), "kafka", System.getProperty("java.class.path"),
                        List.of("-Xmx1g", "-Dlog4j2.configurationFile=" + home().resolve("config/log4j2.xml")),
                        "io.flowcast.kafka.StandaloneBroker", List.of("--port", String.valueOf(kafkaPort),
                                "--controller-port", String.valueOf(kafkaPort + 1), "--data-dir", dir.resolve("kafka").toString()));
            }
            StandaloneCluster c = parent.cluster(s);
            c.writeConfig(rpcPort, List.of());
            c.startJobManager();
            for (int i = 1; i <= taskManagers; i++) {
                c.startTaskManager("taskmanager-" + i);
            }
            System.out.printf("starting: JobManager, %d TaskManagers%s (logs in %s)%n", taskManagers,
                    kafkaPort > 0 ? ", Kafka on localhost:" + kafkaPort : "", c.home().resolve("log"));
            c.awaitTaskManagers(taskManagers, Duration.ofMinutes(3));
            if (kafkaPort > 0) {
                String bootstrap = "localhost:" + kafkaPort;
                awaitTopics(bootstrap);
            }
            System.out.println("cluster up: web UI " + c.restUrl() + "; next: ./flowcast cluster submit");
            return 0;
        }

        private static void awaitTopics(String bootstrap) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (true) {
                try {
                    Topics.ensure(bootstrap, 2, (short) 1, List.of("orders", "forecasts", "dead-letters", "alerts"), List.of("models"));
                    return;
                } catch (RuntimeException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(1000); // the broker is still starting
                }
            }
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = {"Submit flink-job/target/flowcast-job.jar (upload + run over the REST API, as `flink run -d`).",
                    "Job options follow (see `flowcast job --help`); --bootstrap-servers and --checkpoint-dir default to",
                    "this cluster's broker and directory. The job resumes from its newest checkpoint or savepoint (--resume)."})
    static final class Submit implements Callable<Integer> {
        @ParentCommand
        ClusterCommand parent;
        @Option(names = "--parallelism-default", description = "Job parallelism unless --parallelism is given (default: ${DEFAULT-VALUE}).")
        int parallelism = 2;
        @Unmatched
        List<String> jobArgs = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            Properties s = parent.state();
            StandaloneCluster c = parent.cluster(s);
            for (JsonNode j : c.jobs()) {
                if (j.path("state").asText().matches("RUNNING|RESTARTING|CREATED|INITIALIZING")) {
                    throw new IllegalStateException("job " + j.path("jid").asText() + " is " + j.path("state").asText()
                            + ": stop it first (flowcast cluster stop keeps a savepoint to resume from)");
                }
            }
            List<String> args = new ArrayList<>(jobArgs);
            if (!args.contains("--bootstrap-servers") && !"0".equals(s.getProperty("kafka.port"))) {
                args.addAll(List.of("--bootstrap-servers", "localhost:" + s.getProperty("kafka.port")));
            }
            if (!args.contains("--checkpoint-dir")) {
                args.addAll(List.of("--checkpoint-dir", parent.dir.resolve("checkpoints").toAbsolutePath().toUri().toString()));
            }
            Configuration conf = JobOptions.fromArgs(args.toArray(new String[0]));
            String stateDir = FlowcastJob.stateDir(conf);
            var latest = ResumePoint.latest(stateDir);
            if (conf.get(JobOptions.RESUME).equals("latest")) {
                System.out.println(latest.map(f -> "resuming from " + f.path()).orElse("no checkpoint in " + stateDir + ": starting afresh"));
            }
            Path jar = home().resolve("flink-job/target/flowcast-job.jar");
            String jobId = c.submit(jar, FlowcastJob.class.getName(), args, parallelism);
            s.setProperty("job.id", jobId);
            s.setProperty("job.state-dir", stateDir);
            parent.save(s);
            System.out.println("submitted job " + jobId + ": " + c.restUrl() + "/#/job/running/" + jobId);
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Processes, TaskManagers, jobs and their checkpoints.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        ClusterCommand parent;

        @Override
        public Integer call() {
            Properties s = parent.state();
            StandaloneCluster c = parent.cluster(s);
            for (String name : JavaProcess.names(c.pids())) {
                System.out.printf("%-16s %s%n", name, JavaProcess.find(c.pids(), name).map(h -> "running, pid " + h.pid()).orElse("not running"));
            }
            try {
                System.out.println("TaskManagers registered: " + c.get("/taskmanagers").path("taskmanagers").size());
                for (JsonNode j : c.jobs()) {
                    String id = j.path("jid").asText();
                    System.out.printf("job %s %s: %d checkpoints completed%n", id, j.path("state").asText(), c.completedCheckpoints(id));
                }
            } catch (RuntimeException e) {
                System.out.println("JobManager not answering at " + c.restUrl() + ": " + e.getMessage());
                return 1;
            }
            return 0;
        }
    }

    @Command(name = "kill-taskmanager", mixinStandardHelpOptions = true,
            description = "kill -9 one running TaskManager and start a replacement: watch the job restore from its checkpoint.")
    static final class KillTaskManager implements Callable<Integer> {
        @ParentCommand
        ClusterCommand parent;

        @Override
        public Integer call() {
            StandaloneCluster c = parent.cluster(parent.state());
            List<String> running = JavaProcess.names(c.pids()).stream().filter(n -> n.startsWith("taskmanager-"))
                    .filter(n -> JavaProcess.find(c.pids(), n).isPresent()).toList();
            if (running.isEmpty()) {
                throw new IllegalStateException("no TaskManager is running");
            }
            String victim = running.get(new java.util.Random().nextInt(running.size()));
            JavaProcess.find(c.pids(), victim).ifPresent(ProcessHandle::destroyForcibly);
            int next = JavaProcess.names(c.pids()).stream().filter(n -> n.startsWith("taskmanager-"))
                    .mapToInt(n -> Integer.parseInt(n.substring("taskmanager-".length()))).max().orElse(0) + 1;
            c.startTaskManager("taskmanager-" + next);
            System.out.println("killed " + victim + " (SIGKILL); started taskmanager-" + next);
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop the running job with a savepoint (the next submit resumes from it), then every process.")
    static final class Stop implements Callable<Integer> {
        @ParentCommand
        ClusterCommand parent;
        @Option(names = "--no-savepoint", description = "Leave the job to its retained checkpoints instead.")
        boolean noSavepoint;

        @Override
        public Integer call() throws Exception {
            Properties s = parent.state();
            StandaloneCluster c = parent.cluster(s);
            if (!noSavepoint && s.getProperty("job.id") != null) {
                try {
                    if ("RUNNING".equals(c.jobState(s.getProperty("job.id")))) {
                        String sp = c.stopWithSavepoint(s.getProperty("job.id"), s.getProperty("job.state-dir") + "/savepoints",
                                Duration.ofMinutes(5));
                        System.out.println("job stopped with savepoint " + sp);
                    }
                } catch (RuntimeException e) {
                    System.out.println("no savepoint taken (" + e.getMessage() + "); the retained checkpoints remain");
                }
            }
            c.stopAll();
            System.out.println("cluster stopped; state kept in " + parent.dir);
            return 0;
        }
    }
}
