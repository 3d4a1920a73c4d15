package dev.deckhand.runs;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bench/lib/web-read-path.pgbench holds the statements a status poll sends, so that pgbench
 * measures the same reads as the web (bench/web-vs-pgbench.sh): its job statement is
 * {@link JobStatusReads#SQL}, with the job id as the variable {@code :job}.
 */
class WebReadPathBenchScriptTest {

    @Test
    void theBenchScriptSendsTheStatusReadAsTheWebDoes() throws Exception {
        String script = Files.readString(Path.of("..", "bench", "lib", "web-read-path.pgbench"));
        assertThat(script.lines()).contains(JobStatusReads.SQL.replace("?", ":job") + ";");
    }
}
