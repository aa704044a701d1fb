package io.flowcast.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Kafka client settings a deployment adds to every client of Flowcast (job, trainer, launcher,
 * dashboard): {@code security.protocol}, {@code sasl.*}, {@code ssl.*} and the like. They come from a
 * properties file (where secrets belong: a mounted Kubernetes Secret) and from {@code key=value} pairs
 * given on the command line; a pair wins over the file. Every Kafka client of the launcher, trainer
 * and dashboard also reads the file named by the environment variable {@value #ENV}.
 */
public final class KafkaClientSettings {
    /** Environment variable naming a Kafka client properties file for every Flowcast process. */
    public static final String ENV = "FLOWCAST_KAFKA_PROPERTIES";

    private KafkaClientSettings() {}

    /** The settings of the file named by {@value #ENV}, or none. */
    public static Properties fromEnvironment() {
        return load(System.getenv(ENV), null);
    }

    /**
     * @param file a Java properties file, or null/empty for none
     * @param pairs {@code key=value} lines (several separated by newlines), or null/empty
     */
    public static Properties load(String file, String pairs) {
        Properties p = new Properties();
        if (file != null && !file.isBlank()) {
            try (Reader r = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read Kafka properties file " + file + ": " + e.getMessage(), e);
            }
        }
        if (pairs != null) {
            for (String line : pairs.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("Kafka property must be key=value, got '" + line + "'");
                }
                p.setProperty(line.substring(0, eq).trim(), line.substring(eq + 1));
            }
        }
        return p;
    }
}
