package dev.deckhand.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.testing.FreePorts;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every proctype jar: migrations run once with elevated credentials, then each app jar starts
 * with the least-privilege role on its own port, reports healthy, and stops on SIGTERM.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class ProctypeJarsTest {

    private static final List<String> APPS = List.of("web", "worker", "worker-short", "scheduler", "devworker");

    @TempDir
    Path work;

    private static Map<String, String> env(TestPostgres pg, TestRedis redis) {
        Map<String, String> env = new HashMap<>();
        env.put("DECKHAND_ENV", "test");
        env.put("MIGRATION_DATABASE_URL", pg.databaseUrl());
        env.put("APP_DATABASE_ROLE", "deckhand_app");
        env.put("APP_DATABASE_PASSWORD", "app-role-password");
        env.put("DATABASE_URL", "postgres://deckhand_app:app-role-password@" + pg.host() + ":" + pg.port() + "/" + pg.database());
        env.put("REDIS_URL", redis.redisUrl());
        env.put("LOG_LEVEL", "INFO");
        return env;
    }

    @Test
    void eachProctypeJarStartsHealthyOnItsOwnPortAndStopsOnSigterm(TestPostgres pg, TestRedis redis) throws Exception {
        Map<String, String> env = env(pg, redis);
        try (ProctypeJar migrations = ProctypeJar.start("migrations", work, env)) {
            assertThat(migrations.awaitExit(120)).as(migrations.outputText()).isZero();
        }
        List<ProctypeJar> running = new ArrayList<>();
        Map<ProctypeJar, Integer> ports = new HashMap<>();
        try {
            for (String app : APPS) {
                Map<String, String> own = new HashMap<>(env);
                int port = FreePorts.next();
                own.put("PORT", String.valueOf(port));
                ProctypeJar jar = ProctypeJar.start(app, work, own);
                running.add(jar);
                ports.put(jar, port);
            }
            for (ProctypeJar jar : running) {
                jar.awaitReady(ports.get(jar));
                assertThat(ProctypeJar.get(ports.get(jar), "/health").body())
                        .contains("\"proctype\":\"" + jar.proctype + "\"");
            }
            for (ProctypeJar jar : running) {
                jar.terminate();
            }
            for (ProctypeJar jar : running) {
                assertThat(jar.awaitExit(40)).as(jar.proctype + " exit status\n" + jar.outputText()).isZero();
                assertThat(jar.outputText()).doesNotContain("app-role-password");
            }
        } finally {
            running.forEach(ProctypeJar::close);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"web", "worker", "worker-short", "scheduler", "devworker", "migrations"})
    void malformedDatabaseUrlFailsFastNamingTheVariable(String proctype) throws Exception {
        Map<String, String> env = Map.of("DATABASE_URL", "postgres://nohost", "MIGRATION_DATABASE_URL", "postgres://nohost");
        try (ProctypeJar jar = ProctypeJar.start(proctype, work, env)) {
            int status = jar.awaitExit(60);
            assertThat(status).as(jar.outputText()).isEqualTo(2);
            assertThat(jar.outputText()).contains("DATABASE_URL").contains("missing database name");
        }
    }
}
