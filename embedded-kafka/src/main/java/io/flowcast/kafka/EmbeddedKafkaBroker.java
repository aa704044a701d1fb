package io.flowcast.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * An in-process, single-node KRaft Kafka broker (combined broker and controller) for the demo and the
 * end-to-end tests; its log directory lives in a temp directory that {@link #close()} deletes.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker(9092).start()) {
 *     kafka.createTopics(4, "orders", "forecasts");
 *     ... kafka.bootstrapServers() ...
 * }
 * }</pre>
 *
 * <p>Built on Kafka's {@link KafkaClusterTestKit} rather than {@code KafkaRaftServer}: the test kit
 * formats the storage, pre-binds its ephemeral ports (no free-port race with other builds on the same
 * machine) and uses fault handlers that throw instead of halting the JVM.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    /** Listener for a fixed client port; the test kit's own listener always gets an ephemeral port. */
    private static final String FIXED_LISTENER = "CLIENT";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final int port;
    private final Map<String, String> brokerConfig;
    private KafkaClusterTestKit cluster;
    private Path baseDir;
    private Admin admin;
    private String bootstrapServers;

    /** A broker on a free port. */
    public EmbeddedKafkaBroker() {
        this(0);
    }

    /** A broker on {@code port}, or a free port for 0. */
    public EmbeddedKafkaBroker(int port) {
        this(port, Map.of());
    }

    /** A broker on {@code port} (0 = free port) with {@code overrides} on top of {@link #defaultBrokerConfig()}. */
    public EmbeddedKafkaBroker(int port, Map<String, String> overrides) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        this.port = port;
        Map<String, String> config = new LinkedHashMap<>(defaultBrokerConfig());
        config.putAll(overrides);
        this.brokerConfig = Collections.unmodifiableMap(config);
    }

    /** The broker settings a one-node cluster needs, and what Flink's exactly-once Kafka sink needs. */
    public static Map<String, String> defaultBrokerConfig() {
        Map<String, String> c = new LinkedHashMap<>();
        // one node: internal topics cannot have more than one replica
        c.put("offsets.topic.replication.factor", "1");
        c.put("offsets.topic.num.partitions", "4");
        c.put("transaction.state.log.replication.factor", "1");
        c.put("transaction.state.log.min.isr", "1");
        c.put("transaction.state.log.num.partitions", "4");
        c.put("min.insync.replicas", "1");
        c.put("default.replication.factor", "1");
        // the KafkaSink's transaction.timeout.ms must not exceed this; leave room above the 15 min default
        c.put("transaction.max.timeout.ms", Long.toString(TimeUnit.HOURS.toMillis(1)));
        // a lone consumer group should not wait 3 s for members that never come
        c.put("group.initial.rebalance.delay.ms", "0");
        // a typo in a topic name should fail loudly, not create an empty topic
        c.put("auto.create.topics.enable", "false");
        c.put("num.partitions", "1");
        // the test kit enables unstable API and feature versions by default; clients should see production Kafka
        c.put("unstable.api.versions.enable", "false");
        c.put("unstable.feature.versions.enable", "false");
        return c;
    }

    /** Formats and starts the broker and waits until it accepts clients (a few seconds); returns this. */
    public synchronized EmbeddedKafkaBroker start() {
        if (cluster != null) {
            throw new IllegalStateException("already started");
        }
        try {
            baseDir = Files.createTempDirectory("flowcast-kafka-");
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(baseDir)
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes).setDeleteOnClose(true);
            brokerConfig.forEach(builder::setConfigProp);
            if (port != 0) {
                String brokerListener = nodes.brokerListenerName().value();
                String controllerListener = nodes.controllerListenerName().value();
                builder.setConfigProp("listeners", String.format("%s://localhost:0,%s://localhost:0,%s://localhost:%d",
                        brokerListener, controllerListener, FIXED_LISTENER, port));
                builder.setConfigProp("listener.security.protocol.map", String.format("%s:%s,%s:%s,%s:PLAINTEXT",
                        brokerListener, nodes.brokerListenerProtocol().name,
                        controllerListener, nodes.controllerListenerProtocol().name, FIXED_LISTENER));
            }
            cluster = builder.build();
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
            bootstrapServers = port != 0 ? "localhost:" + port : cluster.bootstrapServers();
            awaitClientConnectivity();
            return this;
        } catch (Exception e) {
            closeQuietly();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("embedded Kafka broker did not start on port " + port, e);
        }
    }

    /**
     * The test kit's formatter prints an ~800-character "Bootstrap metadata" line and the data
     * directory to System.out, the demo's console; nothing in it is for a user.
     */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        java.io.PrintStream out = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            cluster.format();
        } finally {
            System.setOut(out);
        }
    }

    private void awaitClientConnectivity() throws InterruptedException, ExecutionException {
        try {
            admin().describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("broker not reachable at " + bootstrapServers, e);
        }
    }

    /** {@code localhost:PORT}, for clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("broker not started");
        }
        return bootstrapServers;
    }

    /** The client port, known once started. */
    public int port() {
        String bs = bootstrapServers();
        return Integer.parseInt(bs.substring(bs.lastIndexOf(':') + 1));
    }

    /** Where the broker keeps its data; deleted on close. */
    public Path dataDirectory() {
        return baseDir;
    }

    public synchronized boolean isRunning() {
        return cluster != null;
    }

    /** Client properties with {@code bootstrap.servers} set, to add serializers and the like to. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return p;
    }

    /** Creates the topics with {@code partitions} partitions each; topics that already exist are left as they are. */
    public void createTopics(int partitions, String... names) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new NewTopic(name, partitions, (short) 1));
        }
        create(topics);
    }

    /** Creates a one-partition compacted topic (latest value per key, e.g. model versions), if it does not exist. */
    public void createCompactedTopic(String name) {
        createCompactedTopic(name, 1);
    }

    /** Creates a compacted topic with {@code partitions} partitions, if it does not exist. */
    public void createCompactedTopic(String name, int partitions) {
        create(List.of(new NewTopic(name, partitions, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))));
    }

    private void create(List<NewTopic> topics) {
        Map<String, KafkaFuture<Void>> results = admin().createTopics(topics).values();
        try {
            for (NewTopic t : topics) {
                try {
                    results.get(t.name()).get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + t.name(), e.getCause());
                    }
                }
            }
            awaitLeaders(topics);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topics", e);
        }
    }

    /** The controller has committed the topic; wait until the broker leads every partition so producers do not retry. */
    private void awaitLeaders(List<NewTopic> topics) throws InterruptedException {
        List<String> names = topics.stream().map(NewTopic::name).toList();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                Map<String, TopicDescription> d = admin().describeTopics(names).allTopicNames().get(5, TimeUnit.SECONDS);
                boolean ready = d.values().stream().allMatch(td -> td.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
                if (ready) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                // metadata not propagated yet: retry until the deadline
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + names + " have no leader after 30 s");
            }
            Thread.sleep(20);
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(clientProperties());
        }
        return admin;
    }

    /** Stops the broker and deletes its data. */
    @Override
    public synchronized void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception e) {
                // shutting down a test broker: nothing useful to do with a failure but still delete its files
            }
            cluster = null;
        }
        if (baseDir != null) {
            deleteRecursively(baseDir);
            baseDir = null;
        }
        bootstrapServers = null;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
