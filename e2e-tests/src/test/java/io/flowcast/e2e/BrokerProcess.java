package io.flowcast.e2e;

import io.flowcast.cluster.JavaProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** The project's single-node KRaft broker in its own JVM, on fixed ports, so a test can stop and restart it. */
final class BrokerProcess implements AutoCloseable {
    private final Path dir;
    private final int port;
    private Process process;

    BrokerProcess(Path dir) {
        this.dir = dir;
        this.port = E2e.freePortPair();
    }

    String bootstrapServers() {
        return "localhost:" + port;
    }

    BrokerProcess start() throws InterruptedException {
        process = JavaProcess.start(dir, "kafka", E2e.testClasspath(), E2e.jvmArgs("1g"), "io.flowcast.kafka.StandaloneBroker",
                List.of("--port", String.valueOf(port), "--controller-port", String.valueOf(port + 1),
                        "--data-dir", dir.resolve("data").toString()));
        awaitReady(Duration.ofSeconds(90));
        return this;
    }

    /** Clean shutdown (SIGTERM), as an operator restarting the broker would do. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("broker exited; see " + dir.resolve("kafka.out"));
            }
            try (Admin admin = Admin.create(props())) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                last = e;
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException("broker not ready at " + bootstrapServers(), last);
    }

    Properties props() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers());
        return p;
    }

    void createTopics(int partitions, String... names) throws Exception {
        try (Admin admin = Admin.create(props())) {
            admin.createTopics(java.util.Arrays.stream(names).map(n -> new NewTopic(n, partitions, (short) 1)).toList())
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    void createCompactedTopic(String name) throws Exception {
        try (Admin admin = Admin.create(props())) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(java.util.Map.of("cleanup.policy", "compact"))))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
