package dev.deckhand.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.schema.SchemaVersion;
import dev.deckhand.testing.FreePorts;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Several scheduler replicas (real processes) on one database: every firing of every-second
 * schedules is enqueued exactly once and none is missed, also across a kill -9 of a replica;
 * boot errors are named and have their exit status.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class SchedulerClusterTest {

    /** Built-ins off (they fire once a minute at most); two schedules firing every second. */
    static final String EVERY_SECOND = """
            {"credentials-sweep": null, "jobs-reap-interrupted": null, "preflights-expire": null, "jobs-purge": null,
             "runs-dispatch-unqueued": null, "mail-dead-set-check": null, "credentials-reencrypt": null,
             "tick": {"cron": "* * * * * ?", "type": "test.tick", "queue": "short"},
             "tock": {"cron": "* * * * * ?", "type": "test.tock", "queue": "default"}}""";
    static final List<String> SCHEDULES = List.of("tick", "tock");

    @TempDir
    Path root;

    private static Map<String, String> env(String databaseUrl, TestRedis redis, String cronSchedule) {
        return Map.of("DECKHAND_ENV", "test", "DATABASE_URL", databaseUrl, "REDIS_URL", redis.redisUrl(),
                "PORT", String.valueOf(FreePorts.next()), "CRON_SCHEDULE", cronSchedule, "LOG_LEVEL", "INFO",
                "LOG_LEVELS", "org.quartz=WARN");
    }

    /** True when each of {@code schedules} has a recorded firing planned at or after {@code millis}. */
    private static boolean firedThrough(SchedulerDatabase db, long millis, List<String> schedules) throws Exception {
        Set<String> done = db.recorded().stream().filter(r -> r.scheduledAt() >= millis)
                .map(SchedulerDatabase.Recorded::schedule).collect(Collectors.toSet());
        return done.containsAll(schedules);
    }

    private static long nextSecond(long millis) {
        return (millis / 1000 + 1) * 1000;
    }

    @Test
    void threeReplicasEnqueueEachFiringOnceMissNoneAndSurviveAKill(TestPostgres pg, TestRedis redis) throws Exception {
        SchedulerDatabase db = SchedulerDatabase.migrated(pg);
        List<SchedulerProcess> replicas = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                replicas.add(SchedulerProcess.start(env(db.appUrl(), redis, EVERY_SECOND), root,
                        root.resolve("replica-" + i + ".log"), "-Ddeckhand.scheduler.checkin-interval=1s"));
            }
            Awaitility.await("three healthy replicas").atMost(Duration.ofSeconds(150))
                    .pollInterval(Duration.ofMillis(500)).until(() -> {
                        for (SchedulerProcess r : replicas) {
                            assertThat(r.alive()).as("replica %s died:%n%s", r.pid(), r.output()).isTrue();
                        }
                        return replicas.stream().allMatch(SchedulerProcess::healthy);
                    });
            assertThat(replicas.get(0).output()).as("tuning system property applied")
                    .contains("cluster checkin every 1000 ms");
            // All replicas have reconciled their schedules before serving /health: from here on the
            // triggers are stable, so every second must be enqueued.
            long from = nextSecond(System.currentTimeMillis());
            Awaitility.await("6 s of firings").atMost(Duration.ofSeconds(60))
                    .until(() -> firedThrough(db, from + 6000, SCHEDULES));

            long victimPid = db.recorded().get(db.recorded().size() - 1).pid();
            SchedulerProcess victim = replicas.stream().filter(r -> r.pid() == victimPid).findFirst().orElseThrow();
            victim.kill();
            long killedAt = System.currentTimeMillis();
            List<SchedulerProcess> survivors = replicas.stream().filter(r -> r != victim).toList();

            // The survivors carry on; a trigger the victim held is released by cluster recovery
            // (checkin interval + 7.5 s) and its missed seconds are caught up, each with its own key.
            long until = nextSecond(killedAt) + 15_000;
            Awaitility.await("firings 15 s past the kill").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500)).until(() -> firedThrough(db, until, SCHEDULES));
            for (SchedulerProcess s : survivors) {
                assertThat(s.terminate()).as("exit status after SIGTERM").isIn(0, 143);
                assertThat(s.output()).as("graceful stop of the scheduler").contains("scheduler stopped");
            }

            List<SchedulerDatabase.Recorded> recorded = db.recorded();
            // For the test log: who fired what, and how late the catch-up after the kill was.
            System.out.printf("kill -9 of %d at %d; firings per pid before: %s, after: %s; late (>2 s) firings: %d; "
                            + "re-run firings: %d%n", victimPid, killedAt,
                    recorded.stream().filter(r -> r.scheduledAt() < killedAt)
                            .collect(Collectors.groupingBy(SchedulerDatabase.Recorded::pid, Collectors.counting())),
                    recorded.stream().filter(r -> r.scheduledAt() >= killedAt)
                            .collect(Collectors.groupingBy(SchedulerDatabase.Recorded::pid, Collectors.counting())),
                    recorded.stream().filter(r -> r.recordedAt() - r.scheduledAt() > 2000).count(),
                    recorded.stream().filter(r -> r.attempts() > 1).count());
            for (String schedule : SCHEDULES) {
                Set<Long> seconds = recorded.stream().filter(r -> r.schedule().equals(schedule))
                        .map(SchedulerDatabase.Recorded::scheduledAt).collect(Collectors.toSet());
                for (long t = from; t <= until; t += 1000) {
                    assertThat(seconds).as("%s firing planned at %d (kill at %d)", schedule, t, killedAt).contains(t);
                }
            }
            // Exactly once while all replicas lived; across the kill a firing the victim had in hand
            // may be re-run by recovery with the same key (the queue keeps one job), never more.
            assertThat(recorded).filteredOn(r -> r.scheduledAt() < killedAt - 2000)
                    .allSatisfy(r -> assertThat(r.attempts()).as(r.uniqueKey()).isEqualTo(1));
            assertThat(recorded).allSatisfy(r -> assertThat(r.attempts()).as(r.uniqueKey()).isLessThanOrEqualTo(2));
            assertThat(recorded.stream().filter(r -> r.attempts() > 1).count()).isLessThanOrEqualTo(SCHEDULES.size());
            assertThat(recorded).filteredOn(r -> r.scheduledAt() > killedAt + 1000)
                    .allSatisfy(r -> assertThat(r.pid()).isNotEqualTo(victimPid));
            assertThat(recorded).allSatisfy(r -> assertThat(r.type()).isEqualTo("test." + r.schedule()));
        } finally {
            replicas.forEach(SchedulerProcess::close);
        }
    }

    @Test
    void aFiringInterruptedByAKillIsReRunByAnotherReplicaWithTheSameKey(TestPostgres pg, TestRedis redis)
            throws Exception {
        SchedulerDatabase db = SchedulerDatabase.migrated(pg);
        String tickOnly = "{\"credentials-sweep\": null, \"jobs-reap-interrupted\": null, \"preflights-expire\": null,"
                + " \"jobs-purge\": null, \"runs-dispatch-unqueued\": null, \"tick\": {\"cron\": \"* * * * * ?\", \"type\": \"test.tick\", \"queue\": \"short\"}}";
        // Replica A writes each firing to the queue, then hangs before Quartz can mark it complete.
        try (SchedulerProcess a = SchedulerProcess.start(env(db.appUrl(), redis, tickOnly), root, root.resolve("a.log"),
                "-Ddeckhand.scheduler.checkin-interval=1s", "-Ddeckhand.test.enqueue-hold-ms=60000")) {
            Awaitility.await("a firing in progress on A").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        assertThat(a.alive()).as("replica A died:%n%s", a.output()).isTrue();
                        return !db.recorded().isEmpty();
                    });
            a.kill();
            long killedAt = System.currentTimeMillis();
            long from = db.recorded().get(0).scheduledAt();
            long until = nextSecond(killedAt) + 5000;
            try (SchedulerProcess b = SchedulerProcess.start(env(db.appUrl(), redis, tickOnly), root,
                    root.resolve("b.log"), "-Ddeckhand.scheduler.checkin-interval=1s")) {
                // B declares A dead, re-runs A's in-flight firings (same scheduled time, same key)
                // and catches up the seconds nobody fired while A was dead and B booting.
                try {
                    Awaitility.await("recovery of A's firings by B").atMost(Duration.ofSeconds(90))
                            .pollInterval(Duration.ofMillis(500)).until(() -> {
                                assertThat(b.alive()).as("replica B died:%n%s", b.output()).isTrue();
                                return firedThrough(db, until, List.of("tick")) && db.recorded().stream()
                                        .filter(r -> r.pid() == a.pid()).allMatch(r -> r.attempts() == 2);
                            });
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("A=" + a.pid() + " killed at " + killedAt + ", until " + until
                            + "\nrecorded: " + db.recorded() + "\nB output:\n" + b.output(), e);
                }
                assertThat(b.terminate()).isIn(0, 143);
            }
            List<SchedulerDatabase.Recorded> recorded = db.recorded();
            assertThat(recorded).filteredOn(r -> r.pid() == a.pid()).as("A's interrupted firings")
                    .isNotEmpty().allSatisfy(r -> assertThat(r.attempts()).isEqualTo(2));
            assertThat(recorded).filteredOn(r -> r.pid() != a.pid())
                    .allSatisfy(r -> assertThat(r.attempts()).as(r.uniqueKey()).isEqualTo(1));
            Set<Long> seconds = recorded.stream().map(SchedulerDatabase.Recorded::scheduledAt).collect(Collectors.toSet());
            for (long t = from; t <= until; t += 1000) {
                assertThat(seconds).as("tick planned at %d (kill at %d)", t, killedAt).contains(t);
            }
        }
    }

    @Test
    void badCronScheduleExitsTwoNamingTheEntryAndVariable(TestPostgres pg, TestRedis redis) throws Exception {
        SchedulerDatabase db = SchedulerDatabase.migrated(pg);
        String bad = "{\"tick\": {\"cron\": \"*/70 * * * * ?\", \"type\": \"test.tick\", \"queue\": \"short\"}}";
        try (SchedulerProcess p = SchedulerProcess.start(env(db.appUrl(), redis, bad), root, root.resolve("bad.log"))) {
            assertThat(p.awaitExit()).as(p.output()).isEqualTo(2);
            assertThat(p.output()).contains("CRON_SCHEDULE: entry 'tick': bad cron expression '*/70 * * * * ?'");
        }
    }

    @Test
    void pendingMigrationsExitThreeWithAClearMessage(TestPostgres pg, TestRedis redis) throws Exception {
        TestPostgres empty = pg.newDatabase();
        try (SchedulerProcess p = SchedulerProcess.start(env(empty.databaseUrl(), redis, "{}"), root,
                root.resolve("pending.log"))) {
            assertThat(p.awaitExit()).as(p.output()).isEqualTo(3);
            assertThat(p.output()).contains("DATABASE_URL: schema is at version none (never migrated) but this release needs "
                    + SchemaVersion.expected() + "; run the migrations proctype");
        }
    }

}
