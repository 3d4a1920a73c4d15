package dev.deckhand.runs;

import dev.deckhand.events.EventPublisher;
import dev.deckhand.oauth.OAuthFlows;
import dev.deckhand.support.DomainContext;
import dev.deckhand.support.MutableClock;
import dev.deckhand.support.OAuthBrowser;
import dev.deckhand.support.StatementRecorder;
import dev.deckhand.support.TestPlans;
import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The step loop's writes per step (issue 17): a step of a job writes its log lines in two
 * statements (the lines before its request; the rest together with its result, in the same
 * statement as the result), publishes one event per step change carrying those lines, and every
 * one of these writes is fenced by the attempt's runner token. A long step (a wait) still shows
 * its lines while it runs. Statement-level triggers installed by the test record each INSERT into
 * {@code job_log_lines} and each UPDATE of a job's results with the transaction that made it; a
 * {@link StatementRecorder} on the pool records every statement (reads too) with its thread, so
 * the statements a step costs are counted, for jobs and for preflights.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class StepWritesTest {

    static ApplicationContext ctx;
    static TestPostgres pg;
    static final StatementRecorder statements = new StatementRecorder();

    @BeforeAll
    static void start(TestPostgres p, TestRedis r, TestOAuthProvider oauth) throws Exception {
        pg = p;
        ctx = DomainContext.start(DomainContext.env(p, r, oauth), new MutableClock(), statements);
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS test_log_inserts (job_id uuid, lines int, tx bigint, "
                    + "id bigserial PRIMARY KEY)");
            s.execute("CREATE TABLE IF NOT EXISTS test_result_updates (job_id uuid, tx bigint, id bigserial PRIMARY KEY)");
            s.execute("CREATE OR REPLACE FUNCTION test_record_log_insert() RETURNS trigger LANGUAGE plpgsql AS $$ "
                    + "BEGIN INSERT INTO test_log_inserts (job_id, lines, tx) SELECT job_id, count(*), txid_current() "
                    + "FROM new_lines GROUP BY job_id; RETURN NULL; END $$");
            s.execute("DROP TRIGGER IF EXISTS test_log_insert ON job_log_lines");
            s.execute("CREATE TRIGGER test_log_insert AFTER INSERT ON job_log_lines REFERENCING NEW TABLE AS new_lines "
                    + "FOR EACH STATEMENT EXECUTE FUNCTION test_record_log_insert()");
            s.execute("CREATE OR REPLACE FUNCTION test_record_result_update() RETURNS trigger LANGUAGE plpgsql AS $$ "
                    + "BEGIN INSERT INTO test_result_updates (job_id, tx) VALUES (NEW.id, txid_current()); RETURN NEW; END $$");
            s.execute("DROP TRIGGER IF EXISTS test_result_update ON jobs");
            s.execute("CREATE TRIGGER test_result_update AFTER UPDATE ON jobs FOR EACH ROW "
                    + "WHEN (OLD.results IS DISTINCT FROM NEW.results) EXECUTE FUNCTION test_record_result_update()");
            s.execute("GRANT ALL ON test_log_inserts, test_result_updates TO deckhand_app");
            s.execute("GRANT ALL ON SEQUENCE test_log_inserts_id_seq, test_result_updates_id_seq TO deckhand_app");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER IF EXISTS test_log_insert ON job_log_lines");
            s.execute("DROP TRIGGER IF EXISTS test_result_update ON jobs");
        }
        ctx.close();
    }

    @Test
    void aStepWritesItsLinesInTwoStatementsTheLastWithItsResultAndPublishesOneEventPerChange() throws Exception {
        List<Map<String, Object>> published = new CopyOnWriteArrayList<>();
        JsonMapper json = ctx.getBean(JsonMapper.class);
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onPMessage(String pattern, String channel, String message) {
                try {
                    published.add(json.readValue(message, Argument.mapOf(String.class, Object.class)));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        RedisClient client = ctx.getBean(RedisClient.class);
        Thread sub = new Thread(() -> client.psubscribe(listener, EventPublisher.CHANNEL_PREFIX + "*"));
        sub.start();
        await().until(listener::isSubscribed);
        try {
            OAuthFlows.Result r = OAuthBrowser.signIn(ctx);
            UUID id = completedJob(r, TestPlans.publish(ctx, "step-writes", false,
                    TestPlans.waits(0, "one", "two", "three")).id());

            // started; waiting + result: two statements per step, nine lines in order.
            assertThat(longs("SELECT lines FROM test_log_inserts WHERE job_id = ? ORDER BY id", id))
                    .containsExactly(1L, 2L, 1L, 2L, 1L, 2L);
            String log = ctx.getBean(RunLogs.class).text(id);
            assertThat(log.lines().map(l -> l.substring(l.indexOf(' ') + 1).replaceAll("step [0-9a-f-]{36}:", "step ID:"))
                    .toList()).containsExactly(
                    "step 1 one: started", "waiting 0.0 s", "step ID: ok - waited 0.0 s",
                    "step 2 two: started", "waiting 0.0 s", "step ID: ok - waited 0.0 s",
                    "step 3 three: started", "waiting 0.0 s", "step ID: ok - waited 0.0 s");
            // Each result went in with the lines of its step's end, in one transaction.
            List<Long> resultTx = longs("SELECT tx FROM test_result_updates WHERE job_id = ? ORDER BY id", id);
            assertThat(resultTx).hasSize(3);
            assertThat(longs("SELECT tx FROM test_log_inserts WHERE job_id = ? AND lines = 2 ORDER BY id", id))
                    .isEqualTo(resultTx);

            // One event per step change (started, result), each carrying the lines written with it.
            await().untilAsserted(() -> assertThat(published).anySatisfy(e -> assertThat(e)
                    .containsEntry("type", "final").containsEntry("topic", "job:" + id)));
            List<Map<String, Object>> ofJob = published.stream()
                    .filter(e -> ("job:" + id).equals(e.get("topic"))).toList();
            assertThat(ofJob).extracting(e -> e.get("type") + " " + e.getOrDefault("status", ""))
                    .containsExactly("step started", "step ok", "step started", "step ok", "step started", "step ok",
                            "final complete");
            List<String> evented = new ArrayList<>();
            List<Long> seqs = new ArrayList<>();
            for (Map<String, Object> e : ofJob) {
                @SuppressWarnings("unchecked") List<Map<String, Object>> lines =
                        (List<Map<String, Object>>) e.getOrDefault("lines", List.of());
                lines.forEach(l -> {
                    evented.add(String.valueOf(l.get("line")));
                    seqs.add(Long.parseLong(String.valueOf(l.get("seq"))));
                });
            }
            assertThat(String.join("", evented)).isEqualTo(log);
            assertThat(seqs).isSorted().doesNotHaveDuplicates();
        } finally {
            listener.punsubscribe();
            sub.join(5000);
        }
    }

    @Test
    void aLongStepShowsItsLinesWhileItRuns() throws Exception {
        OAuthFlows.Result r = OAuthBrowser.signIn(ctx);
        var plan = TestPlans.publish(ctx, "step-writes-long", false, TestPlans.waits(600, "long"));
        RunService runs = ctx.getBean(RunService.class);
        UUID id = runs.startJob(r.user(), plan.id(), null).id();
        await().atMost(Duration.ofSeconds(60)).until(() -> runs.log(r.user(), id).contains("waiting 600.0 s"));
        assertThat(runs.job(r.user(), id).status()).isEqualTo(RunStatus.STARTED);
        assertThat(runs.cancel(r.user(), id)).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> !RunStatus.STARTED.equals(runs.job(r.user(), id).status()));
        assertThat(runs.job(r.user(), id).status()).isEqualTo(RunStatus.CANCELED);
        assertThat(runs.log(r.user(), id)).contains("step 1 long: canceled");
        assertThat(ctx.getBean(StepResults.class).parse(runs.job(r.user(), id).results()).values())
                .singleElement().satisfies(res -> assertThat(res.get("status")).isEqualTo("skip"));
    }

    @Test
    void aStaleAttemptsStepWritesChangeNothing() throws Exception {
        OAuthFlows.Result r = OAuthBrowser.signIn(ctx);
        var plan = TestPlans.publish(ctx, "step-writes-fenced", false, TestPlans.waits(0, "one"));
        UUID id = UUID.randomUUID();
        try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO jobs "
                + "(id, plan_id, user_id, status, runner) VALUES (?, ?, ?, 'started', 'current')")) {
            ps.setObject(1, id);
            ps.setObject(2, plan.id());
            ps.setObject(3, r.user().id());
            ps.executeUpdate();
        }
        RunLogs logs = ctx.getBean(RunLogs.class);
        Instant now = Instant.parse("2026-12-02T12:00:00Z");

        assertThat(logs.recordStepAs(id, "stale", "{\"s1\": {\"status\": \"ok\"}}", now, List.of("a\n", "b\n")))
                .isEmpty();
        assertThat(logs.appendAs(id, "stale", List.of("c\n"))).isEmpty();
        assertThat(logs.text(id)).isEmpty();
        assertThat(results(id)).isEqualTo("{}");

        List<RunLogs.Line> started = logs.appendAs(id, "current", List.of("started\n"));
        assertThat(started).extracting(RunLogs.Line::text).containsExactly("started\n");
        var recorded = logs.recordStepAs(id, "current", "{\"s1\": {\"status\": \"ok\"}}", now, List.of("a\n", "b\n"));
        assertThat(recorded).get().satisfies(lines -> {
            assertThat(lines).extracting(RunLogs.Line::text).containsExactly("a\n", "b\n");
            assertThat(lines.get(0).seq()).isGreaterThan(started.get(0).seq()).isLessThan(lines.get(1).seq());
        });
        assertThat(logs.text(id)).isEqualTo("started\na\nb\n");
        assertThat(results(id)).contains("\"s1\"");
        assertThat(logs.recordStepAs(id, "current", "{\"s2\": {\"status\": \"ok\"}}", now, List.of())).get()
                .satisfies(lines -> assertThat(lines).isEmpty());
        assertThat(results(id)).contains("\"s2\"");

        // Finished (the reaper, a cancel): the owning token writes nothing any more either.
        try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement(
                "UPDATE jobs SET status = 'failed' WHERE id = ?")) {
            ps.setObject(1, id);
            ps.executeUpdate();
        }
        assertThat(logs.recordStepAs(id, "current", "{\"s3\": {\"status\": \"ok\"}}", now, List.of("late\n"))).isEmpty();
        assertThat(logs.appendAs(id, "current", List.of("late\n"))).isEmpty();
        assertThat(logs.text(id)).isEqualTo("started\na\nb\n");
        assertThat(results(id)).doesNotContain("\"s3\"");
    }

    /**
     * Issue 17 item 3: a step asks PostgreSQL two statements, for a job and for a preflight: the
     * step's start (gate, in-flight mark and started line in one) and its result (with its lines).
     * Counted as the difference between attempts of three steps and of one step, so the attempt's
     * own statements (claim, first gate read, finish) do not count.
     */
    @Test
    void aStepCostsTwoStatements() throws Exception {
        OAuthFlows.Result r = OAuthBrowser.signIn(ctx);
        RunService runs = ctx.getBean(RunService.class);
        int[] perAttempt = new int[4];
        int i = 0;
        for (boolean preflight : new boolean[]{false, true}) {
            for (int steps : new int[]{1, 3}) {
                String[] names = java.util.stream.IntStream.rangeClosed(1, steps).mapToObj(n -> "s" + n)
                        .toArray(String[]::new);
                UUID plan = TestPlans.publish(ctx, "step-statements-" + preflight + "-" + steps, preflight,
                        TestPlans.waits(0, names)).id();
                int before = statements.statements().size();
                if (preflight) {
                    UUID id = runs.startPreflight(r.user(), plan).id();
                    await().atMost(Duration.ofSeconds(60))
                            .until(() -> !RunStatus.STARTED.equals(runs.preflight(r.user(), id).status()));
                    assertThat(runs.preflight(r.user(), id).status()).isEqualTo(RunStatus.COMPLETE);
                } else {
                    completedJob(r, plan);
                }
                perAttempt[i++] = attemptStatements(statements.statements().subList(before,
                        statements.statements().size()), preflight ? "preflights" : "jobs");
            }
        }
        assertThat((perAttempt[1] - perAttempt[0]) / 2.0).as("statements per step of a job").isEqualTo(2.0);
        assertThat((perAttempt[3] - perAttempt[2]) / 2.0).as("statements per step of a preflight").isEqualTo(2.0);
    }

    /**
     * The statements of one attempt: those its worker thread sent after claiming the row and
     * before finishing it.
     */
    private static int attemptStatements(List<StatementRecorder.Statement> sent, String table) {
        int claim = -1;
        for (int i = 0; i < sent.size(); i++) {
            if (sent.get(i).sql().startsWith("UPDATE " + table + " SET runner = ")) {
                claim = i;
                break;
            }
        }
        assertThat(claim).as("the attempt's claim").isNotNegative();
        String thread = sent.get(claim).thread();
        int count = 0;
        for (StatementRecorder.Statement st : sent.subList(claim + 1, sent.size())) {
            if (st.thread().equals(thread)) {
                if (st.sql().startsWith("UPDATE " + table + " SET status = ")) {
                    return count;
                }
                count++;
            }
        }
        throw new AssertionError("the attempt did not finish the row: " + sent);
    }

    /**
     * A step's start (gate read, in-flight mark, started line in one statement) is fenced as the
     * other writes: a stale attempt, a canceled job or a finished row get no mark and no line,
     * and the gate read with it says why (so the loop stops as after a gate read).
     */
    @Test
    void aStepsStartMarksAndWritesOnlyForTheOwnerOfAStartedRowNotAskedToCancel() throws Exception {
        OAuthFlows.Result r = OAuthBrowser.signIn(ctx);
        var plan = TestPlans.publish(ctx, "step-start-fenced", false, TestPlans.waits(0, "one"));
        UUID id = row("jobs", plan.id(), r.user().id());
        StepStarts starts = ctx.getBean(StepStarts.class);
        RunLogs logs = ctx.getBean(RunLogs.class);
        Instant now = Instant.parse("2026-12-02T12:00:00Z");
        Instant deadline = now.plusSeconds(8);

        StepStarts.Start stale = starts.job(id, "stale", deadline, now, List.of("started\n"));
        assertThat(stale.marked()).isFalse();
        assertThat(stale.lines()).isEmpty();
        assertThat(stale.gate()).satisfies(g -> {
            assertThat(g.ownedBy("stale")).isFalse();
            assertThat(g.ownedBy("current")).isTrue();
        });
        assertThat(logs.text(id)).isEmpty();
        assertThat(stepRunner("jobs", id)).isNull();

        StepStarts.Start started = starts.job(id, "current", deadline, now, List.of("a\n", "started\n"));
        assertThat(started.marked()).isTrue();
        assertThat(started.lines()).extracting(RunLogs.Line::text).containsExactly("a\n", "started\n");
        assertThat(started.lines().get(0).seq()).isLessThan(started.lines().get(1).seq());
        assertThat(started.gate()).satisfies(g -> {
            assertThat(g.ownedBy("current")).isTrue();
            assertThat(g.cancelRequested()).isFalse();
            assertThat(g.accountActive()).isTrue();
        });
        assertThat(logs.text(id)).isEqualTo("a\nstarted\n");
        assertThat(stepRunner("jobs", id)).isEqualTo("current");
        assertThat(logs.recordStepAs(id, "current", "{\"s1\": {\"status\": \"ok\"}}", now, List.of())).isPresent();
        assertThat(stepRunner("jobs", id)).isNull();

        // Asked to cancel: the step is not marked (not sent), and the gate says so.
        sql("UPDATE jobs SET cancel_requested = true WHERE id = ?", id);
        StepStarts.Start canceled = starts.job(id, "current", deadline, now, List.of("started\n"));
        assertThat(canceled.marked()).isFalse();
        assertThat(canceled.lines()).isEmpty();
        assertThat(canceled.gate().cancelRequested()).isTrue();
        assertThat(canceled.gate().ownedBy("current")).isTrue();
        assertThat(stepRunner("jobs", id)).isNull();
        assertThat(logs.text(id)).isEqualTo("a\nstarted\n");

        sql("UPDATE jobs SET status = 'canceled' WHERE id = ?", id);
        StepStarts.Start finished = starts.job(id, "current", deadline, now, List.of("late\n"));
        assertThat(finished.marked()).isFalse();
        assertThat(finished.gate().ownedBy("current")).isFalse();
        assertThat(logs.text(id)).isEqualTo("a\nstarted\n");

        sql("DELETE FROM jobs WHERE id = ?", id);
        StepStarts.Start gone = starts.job(id, "current", deadline, now, List.of("late\n"));
        assertThat(gone.marked()).isFalse();
        assertThat(gone.gate()).isNull();

        // Preflights: the same mark and gate (no log, no cancel flag).
        UUID pid = row("preflights", plan.id(), r.user().id());
        assertThat(starts.preflight(pid, "stale", deadline, now).marked()).isFalse();
        assertThat(stepRunner("preflights", pid)).isNull();
        StepStarts.Start pstarted = starts.preflight(pid, "current", deadline, now);
        assertThat(pstarted.marked()).isTrue();
        assertThat(pstarted.lines()).isEmpty();
        assertThat(pstarted.gate().ownedBy("current")).isTrue();
        assertThat(stepRunner("preflights", pid)).isEqualTo("current");
        sql("UPDATE preflights SET status = 'failed', step_runner = NULL WHERE id = ?", pid);
        StepStarts.Start pfinished = starts.preflight(pid, "current", deadline, now);
        assertThat(pfinished.marked()).isFalse();
        assertThat(pfinished.gate().ownedBy("current")).isFalse();
        assertThat(stepRunner("preflights", pid)).isNull();
    }

    /**
     * Issue 17: a step's writes (its start and its result: heartbeat, step runner and deadline,
     * results) touch no indexed column of the run tables, so PostgreSQL makes them heap-only
     * (HOT) updates that write no index entries. Before, the heartbeat was the key of the
     * started-silence indexes and every step write inserted an entry into each of the table's
     * indexes. Checked on the schema and on what PostgreSQL did (its own HOT counter).
     */
    @Test
    void aStepsWritesAreHeapOnlyUpdates() throws Exception {
        for (String table : List.of("jobs", "preflights")) {
            List<String> indexes = strings("SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = ?::regclass",
                    table);
            assertThat(indexes).isNotEmpty().allSatisfy(def -> assertThat(def)
                    .as("an index of %s naming a column a step writes", table)
                    .doesNotContain("heartbeat_at", "step_runner", "step_deadline", "results"));
        }
        OAuthFlows.Result r = OAuthBrowser.signIn(ctx);
        var plan = TestPlans.publish(ctx, "step-writes-hot", false, TestPlans.waits(0, "one"));
        UUID id = row("jobs", plan.id(), r.user().id());
        StepStarts starts = ctx.getBean(StepStarts.class);
        RunLogs logs = ctx.getBean(RunLogs.class);
        long updBefore = jobsStat("n_tup_upd");
        long hotBefore = jobsStat("n_tup_hot_upd");
        int steps = 10;
        Instant now = Instant.parse("2026-12-02T12:00:00Z");
        for (int i = 1; i <= steps; i++) {
            assertThat(starts.job(id, "current", now.plusSeconds(8), now, List.of("step " + i + ": started\n")).marked())
                    .isTrue();
            assertThat(logs.recordStepAs(id, "current", "{\"s" + i + "\": {\"status\": \"ok\"}}",
                    now.plusMillis(500), List.of("step " + i + ": ok\n"))).isPresent(); // a new heartbeat each write
            now = now.plusSeconds(1);
        }
        // The app's backends report their counters when idle (within PostgreSQL's 10-s idle interval).
        await().atMost(Duration.ofSeconds(60)).until(() -> jobsStat("n_tup_upd") - updBefore >= 2L * steps);
        assertThat(jobsStat("n_tup_hot_upd") - hotBefore).as("heap-only updates of %d step writes", 2 * steps)
                .isGreaterThanOrEqualTo(2L * steps - 2);
    }

    private static long jobsStat(String column) throws Exception {
        try (Connection c = pg.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + column + " FROM pg_stat_user_tables WHERE relname = 'jobs'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A started row of the table (jobs or preflights) worked by the attempt "current", without an account. */
    private static UUID row(String table, UUID planId, UUID userId) throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                + " (id, plan_id, user_id, status, runner) VALUES (?, ?, ?, 'started', 'current')")) {
            ps.setObject(1, id);
            ps.setObject(2, planId);
            ps.setObject(3, userId);
            ps.executeUpdate();
        }
        return id;
    }

    private static void sql(String sql, UUID id) throws Exception {
        try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            ps.executeUpdate();
        }
    }

    private static String stepRunner(String table, UUID id) throws Exception {
        try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement("SELECT step_runner FROM "
                + table + " WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Starts a job of the plan and waits until it has completed; its id. */
    private static UUID completedJob(OAuthFlows.Result r, UUID planId) {
        RunService runs = ctx.getBean(RunService.class);
        UUID id = runs.startJob(r.user(), planId, null).id();
        await().atMost(Duration.ofSeconds(60)).until(() -> !RunStatus.STARTED.equals(runs.job(r.user(), id).status()));
        assertThat(runs.job(r.user(), id).status()).isEqualTo(RunStatus.COMPLETE);
        return id;
    }

    private static String results(UUID id) throws Exception {
        try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement("SELECT results FROM jobs WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static List<Long> longs(String sql, UUID id) throws Exception {
        return column(sql, id, rs -> rs.getLong(1));
    }

    private static List<String> strings(String sql, String arg) throws Exception {
        return column(sql, arg, rs -> rs.getString(1));
    }

    /** A row's value as {@link #column} reads it. */
    private interface ColumnReader<T> {
        T read(ResultSet rs) throws java.sql.SQLException;
    }

    /** The first column of every row {@code sql} returns for its one parameter {@code arg}. */
    private static <T> List<T> column(String sql, Object arg, ColumnReader<T> reader) throws Exception {
        try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, arg);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(reader.read(rs));
                }
            }
            return out;
        }
    }
}
