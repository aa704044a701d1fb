package io.flowcast.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Paths, ports and processes the end-to-end tests share. */
final class E2e {
    private E2e() {}

    /** The repository root (surefire passes it; a run from the IDE falls back to the working directory's parent). */
    static Path root() {
        String r = System.getProperty("flowcast.root");
        Path p = r != null ? Path.of(r) : Path.of("").toAbsolutePath().getParent();
        return p.toAbsolutePath().normalize();
    }

    static Path jobJar() {
        Path jar = root().resolve("flink-job/target/flowcast-job.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: the reactor builds it in flink-job's package phase (mvn -B verify)");
        }
        return jar;
    }

    static Path clusterLib() {
        return root().resolve("flink-cluster/target/lib");
    }

    static Path log4jConfig() {
        return root().resolve("config/log4j2.xml");
    }

    /** This JVM's test classpath: the launcher, the job, the MiniCluster and the broker, all from the reactor. */
    static String testClasspath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Two adjacent free ports (broker and its controller). */
    static int freePortPair() {
        for (int i = 0; i < 50; i++) {
            int p = freePort();
            if (p < 65535) {
                try (ServerSocket a = new ServerSocket(p + 1)) {
                    return p;
                } catch (IOException e) {
                    // taken: try another
                }
            }
        }
        throw new IllegalStateException("no two adjacent free ports");
    }

    static List<String> jvmArgs(String heap) {
        List<String> a = new ArrayList<>();
        a.add("-Xmx" + heap);
        a.add("-Dlog4j2.configurationFile=" + log4jConfig());
        return a;
    }
}
