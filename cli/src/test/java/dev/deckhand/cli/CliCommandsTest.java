package dev.deckhand.cli;

import dev.deckhand.accounts.Sessions;
import dev.deckhand.accounts.User;
import dev.deckhand.accounts.UserRepository;
import dev.deckhand.config.DatabaseUrl;
import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.JobEnqueuer;
import dev.deckhand.jobqueue.JobQueueAdmin;
import dev.deckhand.jobqueue.redis.FetchedJob;
import dev.deckhand.jobqueue.redis.QueueOptions;
import dev.deckhand.jobqueue.redis.QueueStore;
import dev.deckhand.migrations.MigrationRunner;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The real commands (the picocli command line Main runs, over {@link CliContext}: settings from the
 * layers, a real context) against real PostgreSQL and Redis: what each command changes is read
 * back from the database or through the queue's own API.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class CliCommandsTest {

    private static CliContext services;
    private static TestPostgres pg;
    private static TestRedis redis;

    @BeforeAll
    static void start(TestPostgres postgres, TestRedis testRedis) throws Exception {
        pg = postgres;
        redis = testRedis;
        MigrationRunner.migrate(DatabaseUrl.parse(pg.databaseUrl()), "deckhand_app", null);
        Path root = Files.createTempDirectory("deckhand-cli-test");
        Map<String, String> env = new HashMap<>();
        env.put("DECKHAND_ENV", "test");
        env.put("PROJECT_ROOT", root.toString());
        env.put("DATABASE_URL", pg.databaseUrl());
        env.put("REDIS_URL", redis.redisUrl());
        env.put("MEDIA_ROOT", root.resolve("media").toString());
        services = new CliContext(env);
    }

    @AfterAll
    static void stop() {
        services.close();
    }

    private static CliRun cli(String... args) {
        return CliRun.of(services, args);
    }

    private static User newUser(String email) {
        return services.bean(UserRepository.class).save(new User(null, "https://issuer.test", "sub-" + UUID.randomUUID(),
                email, email.substring(0, email.indexOf('@')), false, Instant.now()));
    }

    @Test
    void adminGrantMakesTheUserAnAdministratorAndIsAudited() throws Exception {
        User alice = newUser("alice-" + UUID.randomUUID() + "@example.com");

        CliRun grant = cli("admin", "grant", alice.email().toUpperCase());
        assertThat(grant.status()).as(grant.toString()).isZero();
        assertThat(services.bean(UserRepository.class).findById(alice.id()).orElseThrow().isAdmin()).isTrue();
        assertThat(auditActions(alice.id().toString())).containsExactly("admin.granted");

        CliRun revoke = cli("admin", "revoke", alice.id().toString());
        assertThat(revoke.status()).as(revoke.toString()).isZero();
        assertThat(services.bean(UserRepository.class).findById(alice.id()).orElseThrow().isAdmin()).isFalse();
        assertThat(auditActions(alice.id().toString())).containsExactly("admin.granted", "admin.revoked");
    }

    @Test
    void catalogueApplyIsIdempotentAndExportGivesBackWhatWasApplied() throws Exception {
        Path file = Path.of("..", "examples", "demo-catalogue.yaml").toAbsolutePath().normalize();
        CliRun first = cli("catalogue", "apply", file.toString());
        assertThat(first.status()).as(first.toString()).isZero();
        assertThat(first.out()).contains("created product demo-notebook");

        java.util.List<String> applied = catalogueRows();
        assertThat(applied).as("the demo catalogue is in the database").isNotEmpty();
        CliRun second = cli("catalogue", "apply", file.toString());
        assertThat(second.status()).as(second.toString()).isZero();
        assertThat(second.out()).as("the second apply changes nothing").isEmpty();
        assertThat(second.err()).contains("nothing changed");
        assertThat(catalogueRows()).as("the second apply leaves every catalogue row and the audit as they were")
                .isEqualTo(applied);

        CliRun export = cli("catalogue", "export");
        assertThat(export.status()).as(export.toString()).isZero();
        assertThat(read(export.out())).isEqualTo(read(Files.readString(file)));

        Path exported = Files.createTempFile("catalogue", ".yaml");
        assertThat(cli("catalogue", "export", "--output", exported.toString()).status()).isZero();
        assertThat(Files.readString(exported)).isEqualTo(export.out());
        CliRun reapply = cli("catalogue", "apply", exported.toString());
        assertThat(reapply.status()).as(reapply.toString()).isZero();
        assertThat(reapply.out()).as("applying the export changes nothing").isEmpty();
        assertThat(catalogueRows()).as("applying the export leaves the rows as they were").isEqualTo(applied);

        Path broken = Files.writeString(Files.createTempFile("catalogue", ".yaml"),
                "products:\n  - slug: x\n    title: X\n    versions:\n      - label: '1'\n        plans:\n"
                        + "          - slug: p\n            title: P\n            steps:\n"
                        + "              - name: s\n                kind: no-such-kind\n");
        CliRun bad = cli("catalogue", "apply", broken.toString());
        assertThat(bad.status()).as(bad.toString()).isEqualTo(1);
        assertThat(bad.err()).contains(broken.toString());
        assertThat(cli("catalogue", "export").out()).doesNotContain("slug: x");
    }

    /** Every row of the catalogue tables (all columns, timestamps included) and the number of audit entries. */
    private static java.util.List<String> catalogueRows() throws Exception {
        java.util.List<String> rows = new java.util.ArrayList<>();
        try (Connection c = pg.connect()) {
            for (String table : java.util.List.of("products", "versions", "plans", "steps")) {
                try (PreparedStatement ps = c.prepareStatement("SELECT t::text FROM " + table + " t ORDER BY id");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(table + " " + rs.getString(1));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM audit"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                rows.add("audit entries: " + rs.getLong(1));
            }
        }
        return rows;
    }

    private static dev.deckhand.catalogue.CatalogueDocument read(String yaml) {
        return dev.deckhand.catalogue.CatalogueDocument.read(new java.io.StringReader(yaml));
    }

    @Test
    void unknownUserFailsWithStatusOneNamingIt() {
        CliRun run = cli("admin", "grant", "nobody@example.com");
        assertThat(run.status()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("no user matches 'nobody@example.com'");
    }

    @Test
    void tokenCreatePrintsAWorkingApiTokenOnceAndAuditsItWithoutItsValue() throws Exception {
        User bob = newUser("bob-" + UUID.randomUUID() + "@example.com");

        CliRun run = cli("token", "create", bob.email(), "--expires-in", "7d");
        assertThat(run.status()).as(run.toString()).isZero();
        String token = run.out().strip();
        assertThat(token).startsWith("dh_").doesNotContain("\n");
        assertThat(services.bean(Sessions.class).resolve(token)).map(User::id).contains(bob.id());
        try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT kind, expires_at FROM api_tokens WHERE user_id = ?")) {
            ps.setObject(1, bob.id());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("api");
                assertThat(rs.getTimestamp(2).toInstant()).isCloseTo(Instant.now().plus(Duration.ofDays(7)),
                        within(Duration.ofMinutes(5).toMillis(), java.time.temporal.ChronoUnit.MILLIS));
            }
        }
        try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT details::text FROM audit WHERE action = 'token.created' AND details->>'user_id' = ?")) {
            ps.setString(1, bob.id().toString());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).doesNotContain(token).doesNotContain(token.substring(3, 20));
            }
        }
    }

    @Test
    void deadListShowsTheDeadJobAndRetryPutsItBackOnItsQueue() {
        JobEnqueuer enqueuer = services.bean(JobEnqueuer.class);
        QueueStore store = new QueueStore(redis.client(), QueueOptions.defaults());
        String id = enqueuer.enqueue(EnqueueRequest.of("cli.test", Map.of("n", "1")).onQueue("clitest"));
        FetchedJob fetched = store.fetch("clitest", 1).jobs().get(0);
        assertThat(store.fail(fetched, -1, "boom: the handler failed", "at Foo.bar")).isTrue();

        CliRun list = cli("queue", "dead", "list");
        assertThat(list.status()).as(list.toString()).isZero();
        assertThat(list.out()).contains(id).contains("cli.test").contains("clitest").contains("boom: the handler failed");

        CliRun retry = cli("queue", "dead", "retry", id);
        assertThat(retry.status()).as(retry.toString()).isZero();
        assertThat(services.bean(JobQueueAdmin.class).state(id)).contains("ready");
        FetchedJob again = store.fetch("clitest", 1).jobs().get(0);
        assertThat(again.id()).isEqualTo(id);
        assertThat(again.attempt()).isEqualTo(1);

        CliRun notDead = cli("queue", "dead", "retry", id);
        assertThat(notDead.status()).as(notDead.toString()).isEqualTo(1);
        assertThat(notDead.err()).contains("not in the dead set: " + id);

        store.fail(again, -1, "dead again", "");
        CliRun discard = cli("queue", "dead", "discard", "--all");
        assertThat(discard.status()).as(discard.toString()).isZero();
        assertThat(services.bean(JobQueueAdmin.class).deadCount()).isZero();
    }

    @Test
    void scheduleListShowsTheBuiltInsAndRunEnqueuesTheSchedulesJob() {
        CliRun list = cli("schedule", "list");
        assertThat(list.status()).as(list.toString()).isZero();
        assertThat(list.out()).contains("credentials-sweep").contains("credentials.sweep")
                .contains("jobs-purge").contains("credentials-reencrypt");

        CliRun run = cli("schedule", "run", "jobs-purge");
        assertThat(run.status()).as(run.toString()).isZero();
        String jobId = run.out().strip();
        assertThat(services.bean(JobQueueAdmin.class).state(jobId)).contains("ready");
        assertThat(services.bean(JobEnqueuer.class).depth("default")).isPositive();

        CliRun unknown = cli("schedule", "run", "no-such-schedule");
        assertThat(unknown.status()).isEqualTo(1);
        assertThat(unknown.err()).contains("no schedule 'no-such-schedule'").contains("credentials-sweep");
    }

    @Test
    void vaultReencryptEnqueuesTheJobOnceAndNowRunsIt() {
        CliRun first = cli("vault", "reencrypt");
        CliRun second = cli("vault", "reencrypt");
        assertThat(first.status()).as(first.toString()).isZero();
        assertThat(second.out()).as("unique while pending").isEqualTo(first.out());
        assertThat(services.bean(JobQueueAdmin.class).state(first.out().strip())).contains("ready");

        CliRun now = cli("vault", "reencrypt", "--now");
        assertThat(now.status()).as(now.toString()).isZero();
        assertThat(now.out()).contains("rewritten=0").contains("unreadable=0");
    }

    @Test
    void usersListShowsEveryUserAndAdminsOnlyWithTheFlag() {
        User carol = newUser("carol-" + UUID.randomUUID() + "@example.com");
        CliRun all = cli("users", "list");
        assertThat(all.status()).as(all.toString()).isZero();
        assertThat(all.out()).contains(carol.id().toString()).contains(carol.email());
        CliRun admins = cli("users", "list", "--admins");
        assertThat(admins.out()).doesNotContain(carol.id().toString());
    }

    @Test
    void usageErrorsExitTwoAndHelpExitsZero() {
        CliRun badOption = cli("users", "list", "--no-such-option");
        assertThat(badOption.status()).isEqualTo(2);
        assertThat(badOption.err()).contains("Unknown option: '--no-such-option'").contains("Usage: deckhand users list");

        assertThat(cli().status()).isEqualTo(2);
        assertThat(cli("queue", "dead", "retry").status()).as("neither ids nor --all").isEqualTo(2);
        CliRun badLifetime = cli("token", "create", "x", "--expires-in", "soon");
        assertThat(badLifetime.status()).isEqualTo(2);
        assertThat(badLifetime.err()).contains("'soon' is not a lifetime");

        CliRun help = cli("--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("Usage: deckhand").contains("admin").contains("token").contains("catalogue")
                .contains("queue").contains("schedule").contains("vault").contains("users");
        for (String[] command : new String[][] {{"admin", "grant"}, {"token", "create"}, {"queue", "dead", "retry"},
                {"schedule", "run"}, {"vault", "reencrypt"}, {"users", "list"}, {"catalogue", "apply"}}) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.stream.Stream.of("--help"))
                    .toArray(String[]::new);
            CliRun h = cli(args);
            assertThat(h.status()).as(String.join(" ", args)).isZero();
            assertThat(h.out()).contains("Usage: deckhand " + String.join(" ", command));
        }
    }

    @Test
    void invalidSettingsExitTwoNamingTheVariableBeforeConnecting() {
        Map<String, String> env = Map.of("DECKHAND_ENV", "test", "PROJECT_ROOT", System.getProperty("java.io.tmpdir"),
                "DATABASE_URL", "mysql://nope", "REDIS_URL", redis.redisUrl());
        try (CliContext broken = new CliContext(env)) {
            CliRun run = CliRun.of(broken, "users", "list");
            assertThat(run.status()).as(run.toString()).isEqualTo(2);
            assertThat(run.err()).contains("DATABASE_URL");
        }
    }

    private static java.util.List<String> auditActions(String subjectId) throws Exception {
        java.util.List<String> actions = new java.util.ArrayList<>();
        try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT action FROM audit WHERE subject_id = ? ORDER BY id")) {
            ps.setString(1, subjectId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    actions.add(rs.getString(1));
                }
            }
        }
        return actions;
    }
}
