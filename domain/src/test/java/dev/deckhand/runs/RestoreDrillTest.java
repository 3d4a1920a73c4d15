package dev.deckhand.runs;

import dev.deckhand.catalogue.Plan;
import dev.deckhand.catalogue.Step;
import dev.deckhand.catalogue.StepRepository;
import dev.deckhand.config.DatabaseUrl;
import dev.deckhand.migrations.MigrationRunner;
import dev.deckhand.oauth.OAuthFlows;
import dev.deckhand.schema.SchemaVersion;
import dev.deckhand.support.DomainContext;
import dev.deckhand.support.MutableClock;
import dev.deckhand.support.OAuthBrowser;
import dev.deckhand.support.TestJobContext;
import dev.deckhand.support.TestPlans;
import dev.deckhand.testing.AccountApiServer;
import dev.deckhand.testing.DebianPostgres;
import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import io.micronaut.context.ApplicationContext;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The restore drill of docs/deploy.md ("Backups and restore"), performed with real PostgreSQL
 * binaries and the shipped scripts: migrate, start runs, dump with deploy/backup/deckhand-pg-backup,
 * lose the database (DROP DATABASE) and Redis (FLUSHDB), restore into an empty database with
 * deploy/backup/deckhand-pg-restore, run migrations (0 applied, same version, Flyway validate
 * passes), then the runs started before the dump are settled by the existing mechanisms: one
 * whose enqueue was recorded (its queue job died with Redis) is reaped by InterruptedRunReaper,
 * one caught between commit and enqueue is dispatched by UnqueuedRunDispatcher and completes.
 *
 * <p>PostgreSQL is Debian's (see {@link DebianPostgres}): pg_dump must match the server's major.
 */
@ExtendWith({RedisExtension.class, OAuthProviderExtension.class})
class RestoreDrillTest {

    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static final MutableClock CLOCK = new MutableClock();
    static DebianPostgres server;
    static AccountApiServer api;

    @TempDir
    Path backups;

    @BeforeAll
    static void start(TestOAuthProvider oauth) throws Exception {
        server = DebianPostgres.start();
        api = new AccountApiServer(oauth.issuerUrl() + "/userinfo");
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void dumpDropRestoreThenMigrationsAgreeAndRunsStartedBeforeTheDumpAreSettled(TestRedis redis, TestOAuthProvider oauth)
            throws Exception {
        TestPostgres db = server.newDatabase();
        Map<String, String> env = DomainContext.env(db, redis, oauth);
        env.put("OAUTH_API_BASE_URL", api.baseUrl());
        // Only the short queue is consumed: plan.run jobs (queue default) wait in Redis, as in a
        // busy system at the moment of the dump.
        env.put("WORKER_QUEUES", "short=1");
        ApplicationContext ctx = DomainContext.start(env, CLOCK);
        Job enqueued;
        Job inFlight;
        try {
            OAuthFlows.Result r = OAuthBrowser.signIn(ctx);
            Plan plan = TestPlans.publish(ctx, "restore-drill", false, List.of(
                    Map.of("name", "call", "kind", "http", "config", Map.of("method", "POST", "path", "/after-restore"))));
            Step step = ctx.getBean(StepRepository.class).findByPlanIdOrderByStepOrder(plan.id()).get(0);
            enqueued = ctx.getBean(RunService.class).startJob(r.user(), plan.id(), null);
            // A start caught between commit and enqueue (the web process died): no enqueued_at.
            inFlight = ctx.getBean(JobRepository.class).save(new Job(null, plan.id(), r.user().id(), r.account().id(), null,
                    RunStatus.STARTED, "[\"" + step.id() + "\"]", "{}", false, null, CLOCK.instant(), null));
        } finally {
            ctx.close();
        }
        SchemaVersion before = MigrationRunner.migrate(DatabaseUrl.parse(db.databaseUrl()), "deckhand_app", null).version();
        long jobsBefore = count(db, "SELECT count(*) FROM jobs");

        // 1. Dump, with the script the systemd timer and the compose profile run.
        Script backup = run(List.of("sh", REPO.resolve("deploy/backup/deckhand-pg-backup").toString()), Map.of(
                "BACKUP_DATABASE_URL", db.databaseUrl(), "BACKUP_DIR", backups.toString(), "BACKUP_KEEP_DAYS", "14",
                "PG_DUMP", server.tool("pg_dump").toString(), "PG_RESTORE", server.tool("pg_restore").toString()));
        assertThat(backup.status()).as(backup.output()).isZero();
        Path dump = Path.of(backup.output().strip().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(dump).isRegularFile();
        assertThat(dump.getFileName().toString()).matches("deckhand-\\d{8}T\\d{6}Z\\.dump");
        assertThat(backup.output()).doesNotContain(db.password() + "@");
        try (var partial = Files.list(backups)) {
            assertThat(partial.map(Path::toString)).noneMatch(p -> p.endsWith(".partial"));
        }

        // 2. Disaster: the database and Redis are gone.
        try (Connection c = server.admin().connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE " + db.database() + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + db.database());
        }
        try (Jedis jedis = new Jedis(java.net.URI.create(redis.redisUrl()))) {
            jedis.flushDB();
        }
        assertThat(count(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isZero();

        // 3. Restore into the empty database; a second restore is refused (never mixes into live data).
        Map<String, String> restoreEnv = Map.of("RESTORE_DATABASE_URL", db.databaseUrl(),
                "PG_RESTORE", server.tool("pg_restore").toString(), "PSQL", server.tool("psql").toString());
        Script restore = run(List.of("sh", REPO.resolve("deploy/backup/deckhand-pg-restore").toString(), dump.toString()),
                restoreEnv);
        assertThat(restore.status()).as(restore.output()).isZero();
        Script again = run(List.of("sh", REPO.resolve("deploy/backup/deckhand-pg-restore").toString(), dump.toString()),
                restoreEnv);
        assertThat(again.status()).as(again.output()).isEqualTo(3);
        assertThat(again.output()).contains("already has");

        // 4. Migrations: nothing to apply, the same version, history checksums valid.
        MigrationRunner.Outcome after = MigrationRunner.migrate(DatabaseUrl.parse(db.databaseUrl()), "deckhand_app", null);
        assertThat(after.applied()).isZero();
        assertThat(after.version()).isEqualTo(before).isEqualTo(SchemaVersion.expected());
        DatabaseUrl url = DatabaseUrl.parse(db.databaseUrl());
        Flyway flyway = Flyway.configure().dataSource(url.jdbcUrl(), url.username(), url.password())
                .locations("classpath:" + SchemaVersion.LOCATION).schemas("public")
                .placeholders(Map.of("appRole", "deckhand_app")).load();
        flyway.validate();
        assertThat(flyway.info().current().getVersion().getVersion()).isEqualTo(before.toString());
        assertThat(count(db, "SELECT count(*) FROM jobs")).isEqualTo(jobsBefore);

        // 5. The app again, on the restored database and the empty Redis, every queue consumed.
        env.put("WORKER_QUEUES", "default=2,short=2");
        ctx = DomainContext.start(env, CLOCK);
        try {
            JobRepository jobs = ctx.getBean(JobRepository.class);
            assertThat(jobs.findById(enqueued.id()).orElseThrow().status()).isEqualTo(RunStatus.STARTED);
            assertThat(jobs.findById(inFlight.id()).orElseThrow().status()).isEqualTo(RunStatus.STARTED);

            // PostgreSQL is the source of truth: both runs started before the dump are settled by
            // the outbox relay once silent for its grace period. The start caught mid-way (never
            // enqueued) and the run whose queue job died with Redis are each dispatched once and
            // run to completion; the reaper leaves them alone.
            CLOCK.advance(UnqueuedRunDispatcher.GRACE.plusSeconds(1));
            ctx.getBean(UnqueuedRunDispatcher.class).perform(new TestJobContext(UnqueuedRunDispatcher.TYPE));
            ctx.getBean(InterruptedRunReaper.class).perform(new TestJobContext(InterruptedRunReaper.TYPE));
            await().atMost(Duration.ofSeconds(60)).until(() -> RunStatus.COMPLETE.equals(
                    jobs.findById(inFlight.id()).orElseThrow().status())
                    && RunStatus.COMPLETE.equals(jobs.findById(enqueued.id()).orElseThrow().status()));
            assertThat(api.calls.stream().filter(c -> c.path().equals("/after-restore")).count())
                    .as("each restored run called its step once").isEqualTo(2);
        } finally {
            ctx.close();
        }
    }

    private static long count(TestPostgres db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private record Script(int status, String output) {
    }

    private static Script run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        return new Script(p.exitValue(), output);
    }
}
