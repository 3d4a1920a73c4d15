package dev.deckhand.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.scheduling.TaskExecutors;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API rate limit on a blocking route marked {@link RateLimitedOnRoute}: counted once per
 * request on the route's own blocking thread, so the request hops to the blocking pool once (the
 * filter does not hop for it), against the same per-IP counter as the routes the filter counts,
 * and over the limit answered 429 problem+json with Retry-After, as the filter answers. The hops
 * are read from the blocking executor's task timer (the executor is instrumented).
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitOnRouteTest {

    private static final int API_LIMIT = 4;
    private WebTestApp app;

    @BeforeAll
    void start(TestPostgres pg, @TempDir Path root) {
        app = WebTestApp.startOnOwnRedis(pg, root, Map.of("RATE_LIMIT_API_PER_MINUTE", String.valueOf(API_LIMIT)));
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aBlockingRouteCountsTheLimitOnItsOwnThreadOnceAndAnswers429() throws Exception {
        // Warm: the first requests may load classes on other pool tasks.
        assertThat(app.get("/api/on-route").status()).isEqualTo(200);
        // A task is timed when it returns, which can be after its response was sent: count from an
        // idle pool, or the warm-up's last task lands in the window.
        await().atMost(Duration.ofSeconds(10)).until(this::blockingPoolIdle);
        long before = blockingTasks();
        assertThat(app.get("/api/on-route").status()).isEqualTo(200);
        assertThat(app.get("/api/on-route").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(blockingPoolIdle()).as("blocking pool idle").isTrue();
            assertThat(blockingTasks() - before)
                    .as("blocking-pool tasks for two requests (the route and the limit on one hop)").isEqualTo(2);
        });

        // Filter-counted and route-counted requests share the client's counter: the 4th is the last allowed.
        assertThat(app.get("/api/whoami").status()).isEqualTo(200);
        RawHttp.Response over = app.get("/api/on-route");
        assertThat(over.status()).isEqualTo(429);
        assertThat(over.header("Content-Type")).hasValue("application/problem+json");
        assertThat(over.header("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 60));
        assertThat(over.body()).contains("Too many requests");
        assertThat(app.get("/api/whoami").status()).isEqualTo(429);
    }

    /** No task running or queued on the blocking executor (its instrumented gauges). */
    private boolean blockingPoolIdle() {
        MeterRegistry registry = app.context.getBean(MeterRegistry.class);
        return registry.get("executor.active").tag("name", TaskExecutors.BLOCKING).gauge().value() == 0
                && registry.get("executor.queued").tag("name", TaskExecutors.BLOCKING).gauge().value() == 0;
    }

    private long blockingTasks() {
        Timer timer = app.context.getBean(MeterRegistry.class).find("executor").tag("name", TaskExecutors.BLOCKING).timer();
        assertThat(timer).as("the blocking executor's timer; meters: %s", app.context.getBean(MeterRegistry.class)
                .getMeters().stream().map(m -> m.getId().getName() + m.getId().getTags()).toList()).isNotNull();
        return timer.count();
    }
}
