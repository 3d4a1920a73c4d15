package dev.deckhand.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.config.InvalidSettingsException;
import dev.deckhand.config.SettingsLoader;
import dev.deckhand.runtime.launch.ProctypeLauncher;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import dev.deckhand.web.Application;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Staging/production behaviour: HTTPS redirect, HSTS behind a proxy, and refusal of DEBUG. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployedEnvironmentTest {

    private TestPostgres pg;
    private TestRedis redis;
    private Path root;
    private WebTestApp staging;

    @BeforeAll
    void start(TestPostgres pg, TestRedis redis, @TempDir Path root) {
        this.pg = pg;
        this.redis = redis;
        this.root = root;
        staging = WebTestApp.start(pg, redis, root, deployed("staging"));
    }

    @AfterAll
    void stop() {
        if (staging != null) {
            staging.close();
        }
    }

    /** Settings that pass production validation (strong secrets, real hosts). */
    private static Map<String, String> deployed(String environment) {
        Map<String, String> env = new HashMap<>();
        env.put("DECKHAND_ENV", environment);
        env.put("SECRET_KEY", "q8Z2vN5xR1tY7uW3kP9mL4jH6gF0dS2aXcVbNm1Qw");
        env.put("DB_ENCRYPTION_KEY", "c2VjdXJpdHktdGVzdC1rZXktMzItYnl0ZXMtbG9uZyE=");
        env.put("ALLOWED_HOSTS", "deckhand.example.com");
        env.put("TRUSTED_PROXIES", "127.0.0.1/32");
        return env;
    }

    @Test
    void plainHttpIsRedirectedToHttpsOnTheAllowedHost() throws Exception {
        RawHttp.Response r = staging.get("/api/whoami?x=1", "Host: deckhand.example.com");
        assertThat(r.status()).isEqualTo(301);
        assertThat(r.header("Location")).hasValue("https://deckhand.example.com/api/whoami?x=1");
        assertThat(r.header("Strict-Transport-Security")).isEmpty();
        assertThat(staging.get("/api/whoami", "Host: evil.invalid").status()).isEqualTo(400);
    }

    @Test
    void httpsPerTrustedProxyIsServedWithHsts() throws Exception {
        RawHttp.Response r = staging.get("/api/whoami", "Host: deckhand.example.com", "X-Forwarded-Proto: https",
                "X-Forwarded-For: 198.51.100.4");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Strict-Transport-Security")).hasValue("max-age=31536000; includeSubDomains");
        assertThat(r.body()).contains("\"ip\":\"198.51.100.4\"").contains("\"scheme\":\"https\"");
    }

    @Test
    void healthProbesAndMetricsScrapesAreNotRedirected() throws Exception {
        assertThat(staging.get("/health", "Host: 10.0.0.7:8000").status()).isEqualTo(200);
        assertThat(staging.get("/health/readiness", "Host: 10.0.0.7:8000").status()).isEqualTo(200);
        // Prometheus scrapes pods by IP over plain HTTP too (the runtime filter guards the path).
        RawHttp.Response metrics = staging.get("/prometheus", "Host: 10.0.0.7:8000");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_");
    }

    @Test
    void productionRefusesToBootWithDebug() {
        Map<String, String> env = deployed("production");
        env.put("DEBUG", "true");
        env.put("DATABASE_URL", pg.databaseUrl());
        env.put("REDIS_URL", redis.redisUrl());
        assertThatThrownBy(() -> ProctypeLauncher.start(SettingsLoader.load(Application.PROCTYPE, env, root),
                Application.class, new String[0]))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("DEBUG");
        // The same settings without DEBUG pass validation, so DEBUG alone is what is refused.
        env.remove("DEBUG");
        assertThat(dev.deckhand.config.SettingsValidator.problems(SettingsLoader.load(Application.PROCTYPE, env, root)))
                .isEmpty();
    }
}
