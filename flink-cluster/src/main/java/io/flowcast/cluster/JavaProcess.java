package io.flowcast.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts a JVM as a separate process whose pid is kept in {@code <dir>/<name>.pid} and whose output
 * goes to {@code <dir>/<name>.out}, so another invocation of the launcher can find and stop it.
 */
public final class JavaProcess {
    private JavaProcess() {}

    /** Starts {@code mainClass} with {@code classpath}; returns at once. */
    public static Process start(Path dir, String name, String classpath, List<String> jvmArgs, String mainClass,
            List<String> args) {
        try {
            Files.createDirectories(dir);
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(jvmArgs);
            cmd.add("-cp");
            cmd.add(classpath);
            cmd.add(mainClass);
            cmd.addAll(args);
            Path out = dir.resolve(name + ".out");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
            pb.environment().put("OMP_NUM_THREADS", "1");
            Process p = pb.start();
            Files.writeString(dir.resolve(name + ".pid"), Long.toString(p.pid()));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** The live process recorded under {@code name}, if any. */
    public static Optional<ProcessHandle> find(Path dir, String name) {
        Path pid = dir.resolve(name + ".pid");
        if (!Files.exists(pid)) {
            return Optional.empty();
        }
        try {
            return ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** SIGTERM, then SIGKILL after {@code grace}; forgets the pid file. */
    public static void stop(Path dir, String name, Duration grace) {
        find(dir, name).ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        });
        try {
            Files.deleteIfExists(dir.resolve(name + ".pid"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Names with a pid file in {@code dir}. */
    public static List<String> names(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".pid"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The classpath of all jars in {@code lib}. */
    public static String classpathOf(Path lib) {
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException(lib + " does not exist: build first (mvn -B -DskipTests package)");
        }
        return lib.toAbsolutePath() + "/*";
    }
}
