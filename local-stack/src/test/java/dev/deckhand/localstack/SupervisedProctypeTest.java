package dev.deckhand.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The restart policy on real processes that crash at once ({@code java -jar} of a missing jar
 * exits with status 1): the wait doubles up to the cap, starts over after a healthy run, and
 * nothing is restarted once the proctype is terminated. (The system test LocalStackTest kills a
 * real devworker with SIGKILL.)
 */
class SupervisedProctypeTest {

    @TempDir
    Path work;

    final List<String> log = new CopyOnWriteArrayList<>();

    SupervisedProctype crasher(Duration healthy) {
        Path missing = work.resolve("missing.jar");
        return new SupervisedProctype("crasher", () -> ChildProcess.start("crasher", missing, work, Map.of()),
                log::add, Duration.ofMillis(100), Duration.ofMillis(400), healthy);
    }

    List<String> waits() {
        Pattern p = Pattern.compile("crasher exited with status 1; restarting in (\\d+ ms)");
        return log.stream().map(p::matcher).filter(Matcher::find).map(m -> m.group(1)).toList();
    }

    @Test
    void aCrashingProctypeIsRestartedWithADoublingCappedBackoffUntilTerminated() {
        SupervisedProctype p = crasher(Duration.ofHours(1));
        p.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> waits().size() >= 5);
        p.terminate();
        assertThat(waits().subList(0, 5)).containsExactly("100 ms", "200 ms", "400 ms", "400 ms", "400 ms");
        int restarts = waits().size();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> waits().size() == restarts);
        assertThat(p.exitStatus()).as("crashed, or stopped by SIGTERM while starting").isIn(1, 143);
    }

    @Test
    void theBackoffStartsOverAfterAHealthyRun() {
        SupervisedProctype p = crasher(Duration.ZERO);
        p.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> waits().size() >= 3);
        p.terminate();
        assertThat(waits().subList(0, 3)).containsOnly("100 ms");
    }
}
