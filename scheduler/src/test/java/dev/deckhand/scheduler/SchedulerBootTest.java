package dev.deckhand.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.config.InvalidSettingsException;
import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingsLoader;
import dev.deckhand.runtime.launch.BackingServiceUnavailableException;
import dev.deckhand.runtime.launch.ProctypeLauncher;
import dev.deckhand.schema.SchemaVersion;
import dev.deckhand.testing.FreePorts;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import io.micronaut.context.ApplicationContext;
import org.awaitility.Awaitility;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The scheduler proctype in this JVM: boot checks, reconciliation of schedules, firing. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class SchedulerBootTest {

    @TempDir
    Path root;

    private ResolvedSettings settings(String databaseUrl, TestRedis redis, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("DECKHAND_ENV", "test", "DATABASE_URL", databaseUrl,
                "REDIS_URL", redis.redisUrl(), "PORT", String.valueOf(FreePorts.next())));
        env.putAll(extra);
        return SettingsLoader.load(Application.PROCTYPE, env, root);
    }

    @Test
    void refusesToBootOnANeverMigratedDatabase(TestPostgres pg, TestRedis redis) {
        TestPostgres empty = pg.newDatabase();
        assertThatThrownBy(() -> ProctypeLauncher.start(settings(empty.databaseUrl(), redis, Map.of()),
                Application.class, new String[0]))
                .isInstanceOf(BackingServiceUnavailableException.class)
                .hasMessage("DATABASE_URL: schema is at version none (never migrated) but this release needs "
                        + SchemaVersion.expected() + "; run the migrations proctype");
        leavesNoConnectionOpen(empty);
    }

    @Test
    void refusesToBootWithPendingMigrations(TestPostgres pg, TestRedis redis) {
        TestPostgres db = pg.newDatabase();
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).locations("classpath:db/migration")
                .placeholders(Map.of("appRole", "deckhand_app")).target("1").load().migrate();
        assertThatThrownBy(() -> ProctypeLauncher.start(settings(db.databaseUrl(), redis, Map.of()),
                Application.class, new String[0]))
                .isInstanceOf(BackingServiceUnavailableException.class)
                .hasMessageContaining("DATABASE_URL: schema is at version 1 but this release needs " + SchemaVersion.expected())
                .hasMessageContaining("run the migrations proctype");
        leavesNoConnectionOpen(db);
    }

    @Test
    void badCronScheduleIsAConfigurationErrorNamingTheEntry(TestPostgres pg, TestRedis redis) throws Exception {
        SchedulerDatabase db = SchedulerDatabase.migrated(pg);
        assertThatThrownBy(() -> ProctypeLauncher.start(settings(db.appUrl(), redis,
                Map.of("CRON_SCHEDULE", "{\"jobs-purge\": {\"cron\": \"61 * * * * ?\"}}")), Application.class, new String[0]))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("CRON_SCHEDULE: entry 'jobs-purge': bad cron expression '61 * * * * ?'");
        leavesNoConnectionOpen(db.elevated());
    }

    /**
     * A boot that fails closes what it opened: its pool must not keep connections (slots of the
     * server's max_connections) after the launcher threw.
     */
    private static void leavesNoConnectionOpen(TestPostgres db) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(db.openConnections()).as("connections still open to " + db.database()).isZero());
    }

    @Test
    void firesConfiguredSchedulesAndRemovesThoseNoLongerConfigured(TestPostgres pg, TestRedis redis) throws Exception {
        SchedulerDatabase db = SchedulerDatabase.migrated(pg);
        String withTick = "{\"tick\": {\"cron\": \"* * * * * ?\", \"type\": \"test.tick\", \"queue\": \"short\"}}";
        try (ApplicationContext ctx = ProctypeLauncher.start(settings(db.appUrl(), redis,
                Map.of("CRON_SCHEDULE", withTick)), Application.class, new String[0])) {
            assertThat(ctx.getBean(TownClock.class).schedules()).hasSize(8);
            assertThat(ctx.getBeansOfType(dev.deckhand.runtime.health.ReadinessCheck.class))
                    .extracting(dev.deckhand.runtime.health.ReadinessCheck::name).contains("postgres", "redis", "clock");
            assertThat(db.quartzJobs()).containsExactlyInAnyOrder("credentials-sweep", "jobs-reap-interrupted",
                    "preflights-expire", "jobs-purge", "runs-dispatch-unqueued", "mail-dead-set-check", "credentials-reencrypt", "tick");
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> db.recorded().stream().filter(r -> r.schedule().equals("tick")).count() >= 2);
        }
        // Built-ins fire too (e.g. the reaper at :30); each firing is recorded once under its key.
        assertThat(db.recorded()).allSatisfy(r -> {
            assertThat(r.uniqueKey()).matches("cron:[a-z-]+:\\d+000");
            assertThat(r.attempts()).isEqualTo(1);
        });
        assertThat(db.recorded()).filteredOn(r -> r.schedule().equals("tick")).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(r -> {
                    assertThat(r.type()).isEqualTo("test.tick");
                    assertThat(r.queue()).isEqualTo("short");
                });

        String withoutTickAndSweep = "{\"credentials-sweep\": null}";
        try (ApplicationContext ctx = ProctypeLauncher.start(settings(db.appUrl(), redis,
                Map.of("CRON_SCHEDULE", withoutTickAndSweep)), Application.class, new String[0])) {
            assertThat(db.quartzJobs()).containsExactlyInAnyOrder("jobs-reap-interrupted", "preflights-expire",
                    "jobs-purge", "runs-dispatch-unqueued", "mail-dead-set-check", "credentials-reencrypt");
        }
    }
}
