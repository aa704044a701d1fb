package io.flowcast.job.recovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Finds where a restarted job continues: the newest completed checkpoint or savepoint under one
 * job's state directory. Flink lays them out as {@code <dir>/<job id>/chk-N/_metadata} and
 * {@code <dir>/savepoints/savepoint-.../_metadata}; {@code _metadata} is written last, so a
 * directory without it is a checkpoint that never completed.
 */
public final class ResumePoint {
    static final String METADATA = "_metadata";

    private ResumePoint() {}

    /** The newest completed checkpoint or savepoint directory two levels under {@code dir}, if any. */
    public static Optional<Found> latest(String dir) {
        try {
            Path root = new Path(dir);
            FileSystem fs = root.getFileSystem();
            if (!fs.exists(root)) {
                return Optional.empty();
            }
            Found best = null;
            for (FileStatus job : list(fs, root)) {
                if (!job.isDir()) {
                    continue;
                }
                for (FileStatus point : list(fs, job.getPath())) {
                    String name = point.getPath().getName();
                    if (!point.isDir() || !(name.startsWith("chk-") || name.startsWith("savepoint-"))) {
                        continue;
                    }
                    Path metadata = new Path(point.getPath(), METADATA);
                    if (!fs.exists(metadata)) {
                        continue;
                    }
                    long time = fs.getFileStatus(metadata).getModificationTime();
                    if (best == null || time > best.time()) {
                        best = new Found(point.getPath().toString(), time);
                    }
                }
            }
            return Optional.ofNullable(best);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for checkpoints in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static FileStatus[] list(FileSystem fs, Path p) throws IOException {
        FileStatus[] s = fs.listStatus(p);
        return s == null ? new FileStatus[0] : s;
    }

    /** A completed checkpoint or savepoint: its directory and when it completed (epoch ms). */
    public record Found(String path, long time) {}
}
