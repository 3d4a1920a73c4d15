package dev.deckhand.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.testing.FreePorts;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's run command: the whole system on embedded services, stopped cleanly by a signal. */
class LocalStackTest {

    @TempDir
    Path work;

    @Test
    void servesHttpOnTheDocumentedPortAndStopsEverythingOnSignal() throws Exception {
        int web = FreePorts.next();
        int devworker = FreePorts.next();
        int scheduler = FreePorts.next();
        Map<String, String> env = Map.of("PORT", String.valueOf(web),
                "LOCAL_POSTGRES_PORT", String.valueOf(FreePorts.next()),
                "LOCAL_REDIS_PORT", String.valueOf(FreePorts.next()),
                "LOCAL_OAUTH_PORT", String.valueOf(FreePorts.next()),
                "LOCAL_DEVWORKER_PORT", String.valueOf(devworker),
                "LOCAL_SCHEDULER_PORT", String.valueOf(scheduler));
        try (ProctypeJar stack = ProctypeJar.start("local-stack", work, env)) {
            stack.awaitReady(web);
            stack.awaitReady(devworker);
            stack.awaitReady(scheduler);
            assertThat(ProctypeJar.get(web, "/health").statusCode()).isEqualTo(200);
            assertThat(stack.outputText()).contains("devworker").contains("scheduler");
            stack.terminate();
            assertThat(stack.awaitExit(90)).as(stack.outputText()).isIn(0, 130, 143);
            assertThat(stack.outputText()).contains("[local-stack] stopped")
                    .contains("web stopped with status 0").contains("devworker stopped with status 0")
                    .contains("scheduler stopped with status 0");
            assertThat(work.resolve("var/local/postgres")).isDirectory();
        }
    }
}
