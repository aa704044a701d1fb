package io.flowcast.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;

/**
 * A Flink standalone session cluster on this machine: one JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and TaskManagers ({@code TaskManagerRunner}), each its
 * own JVM on the classpath {@code flink-cluster/target/lib} (Flink modules from Maven Central, as a
 * Flink distribution's {@code lib/} would hold them). Jobs are submitted the way the web UI and
 * {@code flink run} against a REST endpoint do: upload the jar, run it ({@code /jars/...}).
 *
 * <p>Layout of {@code home}: {@code conf/config.yaml}, {@code conf/log4j.properties}, {@code log/},
 * {@code pids/<name>.pid}.
 */
public final class StandaloneCluster {
    public static final String JOB_MANAGER = "jobmanager";
    private static final String JM_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TM_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final Path lib;
    private final int restPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param home where config, logs and pid files live
     * @param lib the cluster's jars ({@code flink-cluster/target/lib})
     * @param restPort the JobManager's REST port (web UI and submissions)
     */
    public StandaloneCluster(Path home, Path lib, int restPort) {
        this.home = home.toAbsolutePath();
        this.lib = lib;
        this.restPort = restPort;
    }

    public Path home() {
        return home;
    }

    public Path pids() {
        return home.resolve("pids");
    }

    public String restUrl() {
        return "http://localhost:" + restPort;
    }

    /**
     * Writes {@code conf/}: one slot per TaskManager (so a job of parallelism 2 spreads over two of them),
     * fast heartbeats (a killed TaskManager is noticed in seconds on one machine), RocksDB by default.
     */
    public void writeConfig(int rpcPort, List<String> extra) {
        List<String> c = new ArrayList<>(List.of(
                "jobmanager.rpc.address: localhost",
                "jobmanager.rpc.port: " + rpcPort,
                "jobmanager.bind-host: localhost",
                "rest.address: localhost",
                "rest.bind-address: localhost",
                "rest.port: " + restPort,
                "taskmanager.host: localhost",
                "taskmanager.bind-host: localhost",
                "taskmanager.numberOfTaskSlots: 1",
                "parallelism.default: 2",
                "jobmanager.memory.process.size: 1024m",
                "taskmanager.memory.process.size: 1280m",
                "heartbeat.interval: 1000",
                "heartbeat.timeout: 8000",
                "state.backend.type: rocksdb",
                "web.upload.dir: " + home.resolve("upload"),
                "io.tmp.dirs: " + home.resolve("tmp")));
        c.addAll(extra);
        String log4j = String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.main.ref = Main",
                "appender.main.name = Main",
                "appender.main.type = File",
                "appender.main.fileName = ${sys:log.file}",
                "appender.main.layout.type = PatternLayout",
                "appender.main.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n",
                "logger.kafka.name = org.apache.kafka",
                "logger.kafka.level = WARN",
                "logger.metrics.name = org.apache.flink.metrics",
                "logger.metrics.level = ERROR", "");
        try {
            Files.createDirectories(home.resolve("conf"));
            Files.createDirectories(home.resolve("log"));
            Files.createDirectories(home.resolve("upload"));
            Files.createDirectories(home.resolve("tmp"));
            Files.writeString(home.resolve("conf/config.yaml"), String.join("\n", c) + "\n");
            Files.writeString(home.resolve("conf/log4j.properties"), log4j);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> jvm(String name, String heap, String direct) {
        return List.of("-Xmx" + heap, "-XX:MaxDirectMemorySize=" + direct,
                "-Dlog.file=" + home.resolve("log/" + name + ".log"),
                "-Dlog4j.configurationFile=" + home.resolve("conf/log4j.properties"),
                // Flink's RPC (Pekko) and the Kryo fallback reflect into the JDK on 17
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED");
    }

    public Process startJobManager() {
        return JavaProcess.start(pids(), JOB_MANAGER, JavaProcess.classpathOf(lib), jvm(JOB_MANAGER, "512m", "128m"),
                JM_MAIN, List.of("--configDir", home.resolve("conf").toString()));
    }

    /**
     * Starts a TaskManager named {@code name} (e.g. {@code taskmanager-3}). Its memory settings are worked
     * out from the config the way Flink's start scripts do (BashJavaUtils): the runner requires them.
     */
    public Process startTaskManager(String name) {
        Configuration conf = GlobalConfiguration.loadConfiguration(home.resolve("conf").toString());
        TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(conf);
        List<String> args = new ArrayList<>(List.of("--configDir", home.resolve("conf").toString(),
                "-Dtaskmanager.resource-id=" + name));
        for (String d : TaskExecutorProcessUtils.generateDynamicConfigsStr(spec).trim().split("\\s+")) {
            if (!d.equals("-D")) {
                args.add("-D" + d);
            }
        }
        return JavaProcess.start(pids(), name, JavaProcess.classpathOf(lib), jvm(name, "400m", "256m"), TM_MAIN, args);
    }

    /** Waits until the REST API answers and {@code n} TaskManagers are registered. */
    public void awaitTaskManagers(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                int registered = get("/taskmanagers").path("taskmanagers").size();
                if (registered >= n) {
                    return;
                }
                last = registered + " registered";
            } catch (RuntimeException e) {
                last = e.getMessage();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("cluster at " + restUrl() + " has not " + n + " TaskManagers after "
                + timeout.toSeconds() + " s (" + last + "); logs in " + home.resolve("log"));
    }

    /** Uploads {@code jar} and runs it with {@code args}, as {@code flink run -d}; returns the job id. */
    public String submit(Path jar, String entryClass, List<String> args, int parallelism) {
        String boundary = "flowcast-" + UUID.randomUUID();
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                    + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(Files.readAllBytes(jar));
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            JsonNode uploaded = send(HttpRequest.newBuilder(URI.create(restUrl() + "/jars/upload"))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), Duration.ofMinutes(2));
            String file = uploaded.path("filename").asText();
            String jarId = file.substring(file.lastIndexOf('/') + 1);
            ObjectNode run = JSON.createObjectNode();
            run.put("entryClass", entryClass);
            run.put("parallelism", parallelism);
            run.putPOJO("programArgsList", args);
            JsonNode r = post("/jars/" + jarId + "/run", run, Duration.ofMinutes(2));
            return r.path("jobid").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The job's state (RUNNING, RESTARTING, FAILED, ...). */
    public String jobState(String jobId) {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** Jobs the cluster knows: id, name, state. */
    public JsonNode jobs() {
        return get("/jobs/overview").path("jobs");
    }

    /** Stops the job with a savepoint under {@code targetDirectory}; returns the savepoint's path. */
    public String stopWithSavepoint(String jobId, String targetDirectory, Duration timeout) throws InterruptedException {
        ObjectNode req = JSON.createObjectNode();
        req.put("targetDirectory", targetDirectory);
        req.put("drain", false);
        String trigger = post("/jobs/" + jobId + "/stop", req, Duration.ofSeconds(30)).path("request-id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode s = get("/jobs/" + jobId + "/savepoints/" + trigger);
            if ("COMPLETED".equals(s.path("status").path("id").asText())) {
                JsonNode op = s.path("operation");
                if (op.has("failure-cause")) {
                    throw new IllegalStateException("savepoint failed: " + op.path("failure-cause").path("stack-trace").asText());
                }
                return op.path("location").asText();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no savepoint of job " + jobId + " within " + timeout.toSeconds() + " s");
    }

    /** Completed checkpoints of the job (Flink's own count, restored included). */
    public long completedCheckpoints(String jobId) {
        return get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
    }

    /** Restarts the job went through. */
    public long restarts(String jobId) {
        JsonNode n = get("/jobs/" + jobId + "/exceptions?maxExceptions=100").path("exceptionHistory").path("entries");
        return n.size();
    }

    /** SIGTERM to every process of the cluster (then SIGKILL after 20 s). */
    public void stopAll() {
        for (String name : JavaProcess.names(pids())) {
            JavaProcess.stop(pids(), name, Duration.ofSeconds(20));
        }
    }

    public JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(restUrl() + path)).GET(), Duration.ofSeconds(10));
    }

    private JsonNode post(String path, JsonNode body, Duration timeout) {
        try {
            return send(HttpRequest.newBuilder(URI.create(restUrl() + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode send(HttpRequest.Builder req, Duration timeout) {
        try {
            HttpResponse<String> r = http.send(req.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException("Flink REST " + r.request().uri().getPath() + " answered " + r.statusCode()
                        + ": " + body.path("errors"));
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("Flink REST at " + restUrl() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
