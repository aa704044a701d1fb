package io.flowcast.job.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumePointTest {
    @TempDir
    Path dir;

    private void point(String rel, long time, boolean complete) throws Exception {
        Path p = Files.createDirectories(dir.resolve(rel));
        if (complete) {
            Path m = Files.writeString(p.resolve("_metadata"), "x");
            Files.setLastModifiedTime(m, FileTime.fromMillis(time));
        }
    }

    @Test
    void shouldPickTheNewestCompletedCheckpointOrSavepointOfAnyRunOfTheJob() throws Exception {
        point("job-a/chk-7", 1_000, true);
        point("job-b/chk-3", 3_000, true);
        point("job-b/chk-4", 9_000, false); // never completed: no _metadata
        point("savepoints/savepoint-1", 2_000, true);
        point("job-b/shared", 8_000, true); // not a checkpoint directory
        var found = ResumePoint.latest(dir.toUri().toString());
        assertThat(found).isPresent();
        assertThat(found.get().path()).endsWith("job-b/chk-3");
        assertThat(found.get().time()).isEqualTo(3_000);
    }

    @Test
    void shouldFindASavepointNewerThanTheCheckpoints() throws Exception {
        point("job-a/chk-7", 1_000, true);
        point("savepoints/savepoint-abc", 5_000, true);
        assertThat(ResumePoint.latest(dir.toString()).get().path()).endsWith("savepoints/savepoint-abc");
    }

    @Test
    void shouldFindNothingInAMissingOrEmptyDirectory() {
        assertThat(ResumePoint.latest(dir.resolve("nope").toString())).isEmpty();
        assertThat(ResumePoint.latest(dir.toString())).isEmpty();
    }
}
