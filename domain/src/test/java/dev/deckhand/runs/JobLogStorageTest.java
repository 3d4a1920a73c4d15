package dev.deckhand.runs;

import dev.deckhand.oauth.OAuthFlows;
import dev.deckhand.support.DomainContext;
import dev.deckhand.support.MutableClock;
import dev.deckhand.support.OAuthBrowser;
import dev.deckhand.support.TestPlans;
import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A job's log is stored append-only: each line the run loop writes is one new row of
 * {@code job_log_lines}, never an UPDATE that rewrites a growing text column of the job row
 * (which copied the whole log on every line and bloated the row). A trigger installed by the test
 * counts every UPDATE of {@code jobs} that changes its {@code log} column.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class JobLogStorageTest {

    static ApplicationContext ctx;
    static TestPostgres pg;

    @BeforeAll
    static void start(TestPostgres p, TestRedis r, TestOAuthProvider oauth) {
        pg = p;
        ctx = DomainContext.start(DomainContext.env(p, r, oauth), new MutableClock());
    }

    @AfterAll
    static void stop() {
        ctx.close();
    }

    @Test
    void eachLogLineIsAnInsertedRowAndTheJobRowIsNeverRewrittenForIt() throws Exception {
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS test_log_rewrites (job_id uuid, at timestamptz DEFAULT now())");
            s.execute("CREATE OR REPLACE FUNCTION test_count_log_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$ "
                    + "BEGIN INSERT INTO test_log_rewrites (job_id) VALUES (NEW.id); RETURN NEW; END $$");
            s.execute("DROP TRIGGER IF EXISTS test_log_rewrite ON jobs");
            s.execute("CREATE TRIGGER test_log_rewrite BEFORE UPDATE ON jobs FOR EACH ROW "
                    + "WHEN (OLD.log IS DISTINCT FROM NEW.log) EXECUTE FUNCTION test_count_log_rewrite()");
            s.execute("GRANT ALL ON test_log_rewrites TO deckhand_app");
        }
        OAuthFlows.Result r = OAuthBrowser.signIn(ctx);
        var plan = TestPlans.publish(ctx, "log-rows", false, TestPlans.waits(0, "one", "two", "three"));
        RunService runs = ctx.getBean(RunService.class);
        UUID id = runs.startJob(r.user(), plan.id(), null).id();
        await().atMost(Duration.ofSeconds(60)).until(() -> !RunStatus.STARTED.equals(runs.job(r.user(), id).status()));
        assertThat(runs.job(r.user(), id).status()).isEqualTo(RunStatus.COMPLETE);

        long rewrites = count("SELECT count(*) FROM test_log_rewrites WHERE job_id = ?", id);
        assertThat(rewrites).as("UPDATEs of jobs.log for job %s (one per log line = the whole log rewritten each time)",
                id).isZero();
        // started + wait line + result line for each of the three steps
        long rows = count("SELECT count(*) FROM job_log_lines WHERE job_id = ?", id);
        assertThat(rows).as("one row per log line").isGreaterThanOrEqualTo(9);
        assertThat(count("SELECT count(*) FROM job_log_lines WHERE job_id = ? AND line LIKE '%' || chr(10) || '_%'", id))
                .as("no row holds more than one line").isZero();

        // Paged by cursor: pages of 4 put together are the whole log, in order, without repeats.
        RunLogs logs = ctx.getBean(RunLogs.class);
        StringBuilder paged = new StringBuilder();
        long after = 0;
        int pages = 0;
        while (true) {
            RunLogs.Page page = runs.logPage(dev.deckhand.runs.Viewer.owner(r.user()), id, after, 4);
            page.lines().forEach(l -> paged.append(l.text()));
            pages++;
            if (page.lines().isEmpty()) {
                break;
            }
            assertThat(page.next()).isGreaterThan(after);
            after = page.next();
        }
        assertThat(pages).isGreaterThanOrEqualTo(3);
        assertThat(paged.toString()).isEqualTo(logs.text(id)).contains("step 2 two: started");
        // The finished job's log is stored as one object, the download the run page links to.
        assertThat(new String(ctx.getBean(dev.deckhand.storage.Storage.class).read(
                dev.deckhand.storage.Visibility.PRIVATE, PlanRunner.logKey(id)))).isEqualTo(logs.text(id));
    }

    @Test
    void aStatusReadHoldsTheWholeLogInOrderAndOnlyForWhoMaySeeTheJob() throws Exception {
        OAuthFlows.Result owner = OAuthBrowser.signIn(ctx);
        OAuthFlows.Result other = OAuthBrowser.signIn(ctx);
        var plan = TestPlans.publish(ctx, "status-read", false, TestPlans.waits(0, "one"));
        RunService runs = ctx.getBean(RunService.class);
        UUID empty = insertJob(plan.id(), owner.user().id(), 0);
        UUID onePage = insertJob(plan.id(), owner.user().id(), 3);
        UUID pages = insertJob(plan.id(), owner.user().id(), 2 * RunLogs.MAX_PAGE + 5);
        Viewer viewer = Viewer.owner(owner.user());

        assertThat(runs.jobWithLog(viewer, empty).log()).isEmpty();
        assertThat(runs.jobWithLog(viewer, onePage).log()).isEqualTo("line 1\nline 2\nline 3\n");
        RunService.JobWithLog long_ = runs.jobWithLog(viewer, pages);
        assertThat(long_.job().id()).isEqualTo(pages);
        assertThat(long_.job().results()).contains("\"s1\"");
        assertThat(long_.log()).isEqualTo(ctx.getBean(RunLogs.class).text(pages))
                .startsWith("line 1\nline 2\n").endsWith("line " + (2 * RunLogs.MAX_PAGE + 5) + "\n");
        assertThat(long_.log().lines()).hasSize(2 * RunLogs.MAX_PAGE + 5);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> runs.jobWithLog(Viewer.owner(other.user()), onePage))
                .isInstanceOf(NotFoundException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> runs.jobWithLog(viewer, UUID.randomUUID()))
                .isInstanceOf(NotFoundException.class);
        assertThat(runs.jobWithLog(new Viewer(other.user().id(), true), onePage).log()).isEqualTo("line 1\nline 2\nline 3\n");
    }

    /** A finished job of the user with {@code lines} log lines "line 1\n".."line n\n" (their text does not sort in their order: "line 10" < "line 2"). */
    private static UUID insertJob(UUID planId, UUID userId, int lines) throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection c = pg.connect()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (id, plan_id, user_id, status, selected_steps, "
                    + "results, finished_at) VALUES (?, ?, ?, 'complete', '[\"s1\"]', '{\"s1\": {\"status\": \"ok\"}}', now())")) {
                ps.setObject(1, id);
                ps.setObject(2, planId);
                ps.setObject(3, userId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO job_log_lines (job_id, line) "
                    + "SELECT ?, 'line ' || n || chr(10) FROM generate_series(1, ?) n ORDER BY n")) {
                ps.setObject(1, id);
                ps.setInt(2, lines);
                ps.executeUpdate();
            }
        }
        return id;
    }

    private static long count(String sql, UUID id) throws Exception {
        try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
