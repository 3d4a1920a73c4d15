package dev.deckhand.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingsLoader;
import dev.deckhand.runtime.launch.ProctypeLauncher;
import dev.deckhand.scheduler.quartz.TriggerReconciler;
import dev.deckhand.testing.FreePorts;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestRedis;
import dev.deckhand.testing.TestPostgres;
import io.micronaut.context.ApplicationContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Every scheduler was down across a planned firing (simulated by moving the triggers' next fire
 * time five minutes into the past while none runs): on the next boot, {@code fire-once-now} fires
 * exactly once to catch up and {@code do-nothing} skips the missed firing (docs/scheduler.md).
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class SchedulerMisfireTest {

    /** Built-ins off; two schedules that would next fire in 2099 unless a firing was missed. */
    static final String SCHEDULES = """
            {"credentials-sweep": null, "jobs-reap-interrupted": null, "preflights-expire": null, "jobs-purge": null,
             "runs-dispatch-unqueued": null, "mail-dead-set-check": null, "credentials-reencrypt": null,
             "catch-up": {"cron": "0 0 0 1 1 ? 2099", "type": "test.catch-up", "queue": "short", "misfire": "fire-once-now"},
             "skip": {"cron": "0 0 0 1 1 ? 2099", "type": "test.skip", "queue": "short", "misfire": "do-nothing"}}""";

    @TempDir
    Path root;

    private ResolvedSettings settings(SchedulerDatabase db, TestRedis redis) {
        Map<String, String> env = new HashMap<>(Map.of("DECKHAND_ENV", "test", "DATABASE_URL", db.appUrl(),
                "REDIS_URL", redis.redisUrl(), "PORT", String.valueOf(FreePorts.next()), "CRON_SCHEDULE", SCHEDULES));
        return SettingsLoader.load(Application.PROCTYPE, env, root);
    }

    @Test
    void afterAnOutageFireOnceNowCatchesUpOnceAndDoNothingSkips(TestPostgres pg, TestRedis redis) throws Exception {
        SchedulerDatabase db = SchedulerDatabase.migrated(pg);
        try (ApplicationContext ctx = ProctypeLauncher.start(settings(db, redis), Application.class, new String[0])) {
            assertThat(db.quartzJobs()).containsExactlyInAnyOrder("catch-up", "skip");
        }
        assertThat(db.recorded()).isEmpty();

        long fiveMinutesAgo = System.currentTimeMillis() - Duration.ofMinutes(5).toMillis();
        try (Connection c = db.elevated().connect(); PreparedStatement s = c.prepareStatement(
                "UPDATE qrtz_triggers SET next_fire_time = ? WHERE trigger_group = ?")) {
            s.setLong(1, fiveMinutesAgo);
            s.setString(2, TriggerReconciler.GROUP);
            assertThat(s.executeUpdate()).isEqualTo(2);
        }

        try (ApplicationContext ctx = ProctypeLauncher.start(settings(db, redis), Application.class, new String[0])) {
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> db.recorded().stream().anyMatch(r -> r.schedule().equals("catch-up")));
            // No second catch-up and no firing of the skipped one while the scheduler keeps running.
            Awaitility.await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                    .until(() -> db.recorded().size() == 1);
        }
        SchedulerDatabase.Recorded catchUp = db.recorded().get(0);
        assertThat(catchUp.schedule()).isEqualTo("catch-up");
        assertThat(catchUp.type()).isEqualTo("test.catch-up");
        assertThat(catchUp.scheduledAt()).as("fired now, not at the missed time").isGreaterThan(fiveMinutesAgo);
    }
}
