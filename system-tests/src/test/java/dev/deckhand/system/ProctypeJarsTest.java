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
 * with the least-privilege role on its own port, reports healthy with the pom's version, and
 * stops on SIGTERM; {@code --version} prints that version on every jar.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class ProctypeJarsTest {

    private static final List<String> APPS = List.of("web", "worker", "worker-short", "scheduler", "devworker");
    /** The parent pom's version ({@code <revision>}), passed by surefire. */
    private static final String POM_VERSION = System.getProperty("deckhand.version", "");

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
                        .contains("\"proctype\":\"" + jar.proctype + "\"")
                        .contains("\"version\":\"" + POM_VERSION + "\"");
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
    void versionFlagPrintsThePomVersionAndExitsZeroWithoutAnySetting(String proctype) throws Exception {
        assertThat(POM_VERSION).as("surefire passes the parent pom's version").isNotBlank();
        // No DATABASE_URL, no DECKHAND_ENV: --version needs no configuration and touches no service.
        try (ProctypeJar jar = ProctypeJar.start(proctype, work, Map.of("DECKHAND_ENV", "production"), "--version")) {
            assertThat(jar.awaitExit(60)).as(jar.outputText()).isZero();
            assertThat(jar.outputText().strip()).startsWith("deckhand-" + proctype + " " + POM_VERSION + " (commit ");
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
