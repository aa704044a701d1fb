package io.flowcast.kafka;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A single-node KRaft Kafka broker as its own process, on fixed ports and a data directory that
 * survives a restart: what the cluster command and the fault-injection tests stop and start again.
 * {@code java -cp ... io.flowcast.kafka.StandaloneBroker --port 29092 --controller-port 29093 --data-dir DIR}.
 * Formats the directory on first start; runs Kafka's own {@code kafka.Kafka} main, which shuts down
 * cleanly on SIGTERM.
 */
public final class StandaloneBroker {
    private StandaloneBroker() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        if (!a.containsKey("--port") || !a.containsKey("--data-dir")) {
            System.err.println("usage: StandaloneBroker --port PORT [--controller-port PORT] --data-dir DIR");
            System.exit(2);
        }
        int port = Integer.parseInt(a.get("--port"));
        int controllerPort = Integer.parseInt(a.getOrDefault("--controller-port", String.valueOf(port + 1)));
        Path dir = Path.of(a.get("--data-dir")).toAbsolutePath();
        Path props = writeConfig(dir, port, controllerPort);
        if (!Files.exists(dir.resolve("logs/meta.properties"))) {
            // the cluster id is fixed per data directory: a restart finds its own log again
            int rc = kafka.tools.StorageTool.execute(new String[] {"format", "-t", "Zmxvd2Nhc3QtYnJva2VyMQ", "-c",
                    props.toString(), "--ignore-formatted"}, System.out);
            if (rc != 0) {
                throw new IllegalStateException("formatting " + dir + " failed (" + rc + ")");
            }
        }
        kafka.Kafka.main(new String[] {props.toString()});
    }

    static Path writeConfig(Path dir, int port, int controllerPort) throws IOException {
        Files.createDirectories(dir.resolve("logs"));
        Properties p = new Properties();
        p.putAll(EmbeddedKafkaBroker.defaultBrokerConfig());
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dir.resolve("logs").toString());
        Path file = dir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "written by io.flowcast.kafka.StandaloneBroker");
        }
        return file;
    }
}
