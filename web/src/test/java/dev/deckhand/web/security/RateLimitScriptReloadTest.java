package dev.deckhand.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.TestPostgres;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/**
 * The API rate limiter runs its script by SHA (EVALSHA, never the script text with EVAL) and
 * keeps counting after Redis forgot the script (SCRIPT FLUSH, as after a Redis restart). A
 * dedicated Redis, so that the flush and the command statistics concern this test alone.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitScriptReloadTest {

    private static final int API_LIMIT = 3;
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
    void theLimiterStillCountsAndRefusesAfterRedisForgotItsScript() throws Exception {
        try (RedisClient admin = app.redis().client()) {
            assertThat(app.get("/api/whoami").status()).isEqualTo(200);
            admin.scriptFlush();
            admin.sendCommand(Protocol.Command.CONFIG, "RESETSTAT");

            for (int i = 2; i <= API_LIMIT; i++) {
                assertThat(app.get("/api/whoami").status()).as("request %d", i).isEqualTo(200);
            }
            RawHttp.Response over = app.get("/api/whoami");
            assertThat(over.status()).isEqualTo(429);
            assertThat(over.header("Retry-After")).isPresent();

            assertThat(admin.scriptExists(RateLimiter.SCRIPT_SHA, RateLimiter.SCRIPT_SHA)).isTrue();
            String stats = admin.info("commandstats");
            assertThat(stats).contains("cmdstat_evalsha:").contains("cmdstat_script|load:");
            assertThat(stats).as("the script text is never sent per hit").doesNotContain("cmdstat_eval:");
        }
    }
}
