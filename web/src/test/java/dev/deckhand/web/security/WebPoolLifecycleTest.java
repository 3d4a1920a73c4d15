package dev.deckhand.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web's pool is fixed-size: all its connections are open when boot returns, and closing the
 * app closes every one of them, however soon after boot. Closed within a second or two of boot,
 * before anything had asked for readiness, the app used to leave its whole pool open: stopping the
 * server made the health controller (and its PostgreSQL check) for the first time, Micronaut built
 * a second pool for it, and closed only that one. In CI a web test JVM ran out of the server's
 * connection slots ("sorry, too many clients already"). The race needs repetition to show.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class WebPoolLifecycleTest {

    @TempDir
    Path root;

    @Test
    void theWholePoolIsOpenAtBootAndClosedWithTheApp(TestPostgres pg, TestRedis redis) throws Exception {
        for (int i = 0; i < 10; i++) {
            try (WebTestApp app = WebTestApp.start(pg, redis, root, Map.of("DATABASE_POOL_SIZE", "6"))) {
                assertThat(pg.openConnections()).as("connections open when boot returned").isEqualTo(6);
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(pg.openConnections()).as("connections left open after close").isZero());
        }
    }
}
