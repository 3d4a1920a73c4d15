package dev.deckhand.system;

import static dev.deckhand.system.RunStack.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.deckhand.testing.AccountApiServer.Call;
import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's acceptance on the real jars: users' runs survive what deploys, crashes and Redis
 * loss do to the proctypes. Migrations, web, scheduler and worker-short run for the whole class
 * ({@link RunStack}); each test starts the worker processes it needs and injects a real fault:
 * SIGTERM and kill -9 of a worker mid-step, a rolling restart of three workers under 200 runs,
 * Redis FLUSHALL and a Redis restart without persistence under 50 runs each, Redis frozen (SIGSTOP)
 * past the visibility timeout, and a user's cancel. Overlapping executions are seen by the account
 * API (every {@code http} step calls {@code /runs/{{job_id}}/<step>}, timed). Figures the issue asks
 * for (SIGTERM to resumed step, Redis loss to re-dispatch) go to {@code target/run-fault-figures.txt}
 * and docs/BENCHMARKS.md; nothing here asserts a speed beyond the issue's own bounds.
 */
@ExtendWith({PostgresExtension.class, OAuthProviderExtension.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunFaultsSystemTest {

    private static final Pattern STARTED = Pattern.compile("^(\\S+) step \\d+ (.+): started$");
    private static final Path FIGURES = Path.of("target", "run-fault-figures.txt");

    @TempDir
    static Path work;
    static TestRedis redis;
    static RunStack stack;
    private final List<ProctypeJar> workers = new ArrayList<>();

    @BeforeAll
    static void start(TestPostgres pg, TestOAuthProvider oauth) throws Exception {
        redis = RedisExtension.dedicated();
        stack = RunStack.start(pg, redis, oauth, work);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** Every worker a test started is stopped (SIGTERM, then kill) so the next test owns the queue. */
    @AfterEach
    void stopWorkers() throws Exception {
        workers.forEach(ProctypeJar::terminate);
        for (ProctypeJar w : workers) {
            if (w.isAlive() && !w.awaitExitQuietly(30)) {
                w.kill();
            }
        }
    }

    private ProctypeJar worker(int concurrency) throws IOException {
        ProctypeJar w = stack.startWorker(concurrency);
        workers.add(w);
        return w;
    }

    private List<ProctypeJar> workers(int count, int concurrency) throws IOException {
        List<ProctypeJar> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ProctypeJar w = stack.startWorkerAsync(concurrency);
            workers.add(w);
            started.add(w);
        }
        started.forEach(w -> w.awaitReady(w.port));
        return started;
    }

    private static Map<String, Object> awaitFinished(String job, Duration atMost) throws Exception {
        await("job " + job + " finished").atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> !"started".equals(stack.job(job).get("status")));
        return stack.job(job);
    }

    private static List<String> startJobs(String plan, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ids.add(pool.submit(() -> stack.startJob(plan)));
            }
            List<String> out = new ArrayList<>();
            for (Future<String> f : ids) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    /** Instants at which the step named {@code name} started, from the run's log. */
    private static List<Instant> stepStarts(String log, String name) {
        List<Instant> out = new ArrayList<>();
        for (String line : log.split("\n")) {
            Matcher m = STARTED.matcher(line.strip());
            if (m.matches() && m.group(2).equals(name)) {
                out.add(Instant.parse(m.group(1)));
            }
        }
        return out;
    }

    private static List<Call> callsOf(Set<String> jobs) {
        return stack.api.calls.stream().filter(c -> jobs.stream().anyMatch(j -> c.path().contains(j))).toList();
    }

    private static void figure(String name, String value) throws IOException {
        String line = Instant.now() + " " + name + " " + value + "\n";
        System.out.print("FIGURE " + line);
        Files.createDirectories(FIGURES.getParent());
        Files.writeString(FIGURES, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static Map<String, Object> httpStep(String name, String query) {
        return step(name, "http", Map.of("method", "POST", "path", "/runs/{{job_id}}/" + name + query,
                "body", Map.of("run", "{{job_id}}")));
    }

    /**
     * Steps that keep a run in its worker until the test releases {@code name} (each at most 20 s,
     * below the http step's 30 s timeout; four of them cover a slow JVM start on a loaded machine).
     */
    private static List<Map<String, Object>> holdSteps(String name) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            out.add(httpStep("hold" + i, "?hold=" + name + i + "&hold_ms=20000"));
        }
        return out;
    }

    private static boolean holding(String name) {
        return stack.api.holding(name + "1");
    }

    private static void release(String name) {
        for (int i = 1; i <= 4; i++) {
            stack.api.release(name + i);
        }
    }

    private static List<Map<String, Object>> concat(List<Map<String, Object>> a, List<Map<String, Object>> b) {
        List<Map<String, Object>> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    @Order(1)
    void sigtermMidWaitStep_theRunResumesOnANewWorkerWithTheStepRestartedOnce() throws Exception {
        String plan = stack.plan("sigterm", concat(holdSteps("sigterm"), List.of(
                step("twenty seconds", "wait", Map.of("seconds", 20)), step("one second", "wait", Map.of("seconds", 1)))));
        Map<ProctypeJar, Integer> marks = stack.logMarks();
        ProctypeJar old = worker(2);
        String job = stack.startJob(plan);
        Instant sigterm;
        try {
            // A rolling deploy: the old worker holds the run (its first step waits at the API) until
            // the new worker is up; then the 20 s step starts, and 4 s into it the old worker gets SIGTERM.
            await().atMost(Duration.ofSeconds(60)).until(() -> holding("sigterm"));
            worker(2);
        } finally {
            release("sigterm");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> String.valueOf(stack.job(job).get("log")).contains("waiting 20"));
        await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> true);
        assertThat(String.valueOf(stack.job(job).get("log"))).as("still in the 20 s step").doesNotContain("waited 20");
        sigterm = Instant.now();
        old.terminate();

        Map<String, Object> done = awaitFinished(job, Duration.ofSeconds(90));
        String log = String.valueOf(done.get("log"));
        assertThat(done.get("status")).as(log).isEqualTo("complete");
        List<Instant> starts = stepStarts(log, "twenty seconds");
        assertThat(starts).as("the 20 s step started twice (restarted once):\n" + log).hasSize(2);
        assertThat(log.toLowerCase()).as("nothing canceled").doesNotContain("cancel");
        assertThat(old.awaitExit(40)).as(old.outputText()).isZero();
        assertThat(stack.problemsSince(marks)).as("no error or exception in any process's log").isEmpty();
        figure("sigterm-to-resumed-step-ms", String.valueOf(Duration.between(sigterm, starts.get(1)).toMillis()));
    }

    @Test
    @Order(2)
    void killMinus9MidStep_theRunCompletesWithinTheVisibilityTimeoutPlus15s() throws Exception {
        String plan = stack.plan("kill9", concat(holdSteps("kill9"), List.of(httpStep("last", ""))));
        ProctypeJar doomed = worker(2);
        String job = stack.startJob(plan);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> holding("kill9"));
            worker(2);
            assertThat(stack.job(job).get("status")).as("still in a held step").isEqualTo("started");
            Instant killed = Instant.now();
            doomed.kill();
            release("kill9");
            await("complete within visibility + 15 s").atMost(Duration.ofSeconds(RunStack.VISIBILITY_SECONDS + 15))
                    .pollInterval(Duration.ofMillis(200)).until(() -> "complete".equals(stack.job(job).get("status")));
            figure("kill9-to-complete-ms", String.valueOf(Duration.between(killed, Instant.now()).toMillis()));
        } finally {
            release("kill9");
        }
        assertThat(callsOf(Set.of(job))).extracting(RunCalls::step).contains("hold1", "last");
    }

    @Test
    @Order(3)
    void aUsersCancelStillEndsTheRunCanceledWithinOneStep() throws Exception {
        String plan = stack.plan("cancel", List.of(step("long wait", "wait", Map.of("seconds", 60)),
                httpStep("never", "")));
        worker(2);
        String job = stack.startJob(plan);
        await().atMost(Duration.ofSeconds(30)).until(() -> String.valueOf(stack.job(job).get("log")).contains("waiting 60"));
        assertThat(stack.post("/api/jobs/" + job + "/cancel", stack.userToken, Map.of()).statusCode()).isEqualTo(202);
        Map<String, Object> done = awaitFinished(job, Duration.ofSeconds(20));
        assertThat(done.get("status")).as(String.valueOf(done.get("log"))).isEqualTo("canceled");
        assertThat(callsOf(Set.of(job))).as("the step after the canceled one never ran").isEmpty();
    }

    @Test
    @Order(4)
    void rollingRestartOfThreeWorkersUnder200Runs_allCompleteAndRepeatsCarryTheSameIdempotencyKey() throws Exception {
        List<Map<String, Object>> steps = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            steps.add(httpStep("s" + i, "?delay_ms=300"));
        }
        String plan = stack.plan("rolling", steps);
        List<ProctypeJar> old = workers(3, 4);
        // Load keeps coming: 50 runs, then 50 more right before each later restart and 50 after the
        // last. Each worker in turn: SIGTERM while runs flow, then a new process, on when it is ready.
        List<String> jobs = new ArrayList<>(startJobs(plan, 50));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                .until(() -> stack.unfinished(plan).size() <= 30);
        List<Integer> flowingAtRestart = new ArrayList<>();
        for (int i = 0; i < old.size(); i++) {
            if (i > 0) {
                jobs.addAll(startJobs(plan, 50));
            }
            flowingAtRestart.add(stack.unfinished(plan).size());
            old.get(i).terminate();
            ProctypeJar replacement = stack.startWorkerAsync(4);
            workers.add(replacement);
            replacement.awaitReady(replacement.port);
        }
        jobs.addAll(startJobs(plan, 50));
        await("200 runs finished").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> stack.unfinished(plan).isEmpty());
        assertThat(stack.statuses(plan)).isEqualTo(Map.of("complete", 200));
        for (ProctypeJar w : old) {
            assertThat(w.awaitExit(40)).as(w.name + " exit status").isZero();
        }

        Map<String, List<Call>> byRun = RunCalls.byRun(callsOf(new HashSet<>(jobs)));
        assertThat(byRun.keySet()).containsExactlyInAnyOrderElementsOf(jobs);
        byRun.forEach((run, calls) -> assertThat(calls.stream().map(RunCalls::step).collect(Collectors.toSet()))
                .as("every step of run " + run + " reached the API").containsExactlyInAnyOrder("s1", "s2", "s3", "s4", "s5"));
        List<Call> all = byRun.values().stream().flatMap(List::stream).toList();
        assertThat(all).as("every call carries an Idempotency-Key").allSatisfy(c -> assertThat(c.idempotencyKey()).isNotBlank());
        Map<String, Set<String>> keys = new HashMap<>(); // path = (run, step)
        all.forEach(c -> keys.computeIfAbsent(c.path(), k -> new HashSet<>()).add(c.idempotencyKey()));
        assertThat(keys).as("repeats of a (run, step) carry the same key").allSatisfy((pair, k) -> assertThat(k).hasSize(1));
        assertThat(keys.values().stream().flatMap(Set::stream).distinct().count()).as("each (run, step) its own key")
                .isEqualTo(keys.size());
        assertThat(flowingAtRestart).as("runs still flowing at each restart").allSatisfy(n -> assertThat(n).isPositive());
        figure("rolling-restart-repeated-steps", String.valueOf(all.size() - keys.size()) + " of " + keys.size());
    }

    /** 50 runs of 3 slow http steps on two workers; {@code fault} hits Redis mid-flight and says when Redis is back. */
    private void fiftyRunsSurvive(String slug, RedisFault fault) throws Exception {
        String plan = stack.plan(slug, List.of(httpStep("s1", "?delay_ms=700"), httpStep("s2", "?delay_ms=700"),
                httpStep("s3", "?delay_ms=700")));
        workers(2, 8);
        List<String> jobs = startJobs(plan, 50);
        await().atMost(Duration.ofSeconds(60)).until(() -> stack.statuses(plan).getOrDefault("complete", 0) >= 5);
        Set<String> unfinishedAtFault = new HashSet<>(stack.unfinished(plan));
        assertThat(unfinishedAtFault).as("runs in flight when Redis is lost").isNotEmpty();
        Instant back = fault.inject();
        try {
            await(slug + ": all 50 finished within 2 minutes of Redis coming back").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> stack.unfinished(plan).isEmpty());
        } finally {
            figure(slug + "-status", stack.statuses(plan).toString() + " " + Duration.between(back, Instant.now()).toMillis()
                    + " ms after Redis came back");
        }
        assertThat(stack.statuses(plan)).isEqualTo(Map.of("complete", 50));
        Map<String, List<Call>> byRun = RunCalls.byRun(callsOf(new HashSet<>(jobs)));
        assertThat(RunCalls.overlaps(byRun)).as("no run executed two attempts at once").isEmpty();
        List<Long> redispatch = new ArrayList<>();
        for (String run : unfinishedAtFault) {
            Instant first = RunCalls.resumedAfter(byRun.getOrDefault(run, List.of()), back, Duration.ofSeconds(5));
            if (first != null) {
                redispatch.add(Duration.between(back, first).toMillis());
            }
        }
        Collections.sort(redispatch);
        if (!redispatch.isEmpty()) {
            figure(slug + "-to-resumed-step-ms", "min " + redispatch.get(0) + " median "
                    + redispatch.get(redispatch.size() / 2) + " max " + redispatch.get(redispatch.size() - 1) + " over "
                    + redispatch.size() + " stalled runs of " + unfinishedAtFault.size() + " in flight");
        }
    }

    interface RedisFault {
        /** Injects the fault; the instant Redis is back (empty). */
        Instant inject() throws Exception;
    }

    @Test
    @Order(5)
    void redisFlushAllUnder50Runs_allCompleteWithin2MinutesAndNoneRunsTwoAttemptsAtOnce() throws Exception {
        fiftyRunsSurvive("flushall", () -> {
            stack.redisFlushAll();
            return Instant.now();
        });
    }

    @Test
    @Order(6)
    void redisRestartWithoutPersistenceUnder50Runs_allCompleteWithin2MinutesAndNoneRunsTwoAttemptsAtOnce()
            throws Exception {
        fiftyRunsSurvive("redis-restart", () -> {
            redis.stop();
            redis.start();
            return Instant.now();
        });
    }

    @Test
    @Order(7)
    void redisFrozenPastTheVisibilityTimeout_theRunCompletesAndItsStepsNeverRunInTwoWorkersAtOnce() throws Exception {
        String plan = stack.plan("redis-pause", List.of(httpStep("s1", "?delay_ms=1500"), httpStep("s2", "?delay_ms=1500"),
                httpStep("s3", "?delay_ms=1500"), httpStep("s4", "?delay_ms=1500")));
        workers(2, 3);
        List<String> jobs = startJobs(plan, 6);
        await().atMost(Duration.ofSeconds(30)).until(() -> callsOf(new HashSet<>(jobs)).size() >= 6);
        long pid = stack.redisPid();
        RunStack.signal(pid, "STOP");
        try {
            // The fault itself: Redis frozen for longer than the visibility timeout (twice over, plus the
            // client timeout, so commands sent during the freeze pile up from several connections).
            TimeUnit.SECONDS.sleep(2 * RunStack.VISIBILITY_SECONDS + 5);
        } finally {
            RunStack.signal(pid, "CONT");
        }
        await("runs finished").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> stack.unfinished(plan).isEmpty());
        assertThat(stack.statuses(plan)).isEqualTo(Map.of("complete", 6));
        Map<String, List<Call>> byRun = RunCalls.byRun(callsOf(new HashSet<>(jobs)));
        assertThat(byRun).hasSize(6);
        assertThat(RunCalls.overlaps(byRun)).as("no run's steps executed in two workers at once").isEmpty();
    }

    @Test
    @Order(8)
    void aRunThatFailedAtStep3Of5IsRetriedByItsOwnerFromStep3_stepsBeforeItAreNotCalledAgain() throws Exception {
        // Step 3 calls one fixed path (not under the run's id) that answers 500 once.
        String failing = "/retry-from-3/s3";
        stack.api.failNext(failing, 500, 1);
        String plan = stack.plan("retry3", List.of(httpStep("s1", ""), httpStep("s2", ""),
                step("s3", "http", Map.of("method", "POST", "path", failing)), httpStep("s4", ""), httpStep("s5", "")));
        worker(2);
        String job = stack.startJob(plan);
        Map<String, Object> failed = awaitFinished(job, Duration.ofSeconds(90));
        assertThat(failed.get("status")).as(String.valueOf(failed.get("log"))).isEqualTo("failed");
        assertThat(callsOf(Set.of(job))).extracting(RunCalls::step).containsExactly("s1", "s2");

        var retry = stack.post("/api/jobs/" + job + "/retry", stack.userToken, Map.of());
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
        Map<String, Object> done = awaitFinished(job, Duration.ofSeconds(90));
        assertThat(done.get("status")).as(String.valueOf(done.get("log"))).isEqualTo("complete");
        assertThat(callsOf(Set.of(job))).as("steps 1-2 kept, not called again").extracting(RunCalls::step)
                .containsExactly("s1", "s2", "s4", "s5");
        assertThat(stack.api.callsTo(failing)).as("step 3: the 500, then one call on the retry (the API answers a POST with 201)")
                .extracting(Call::status).containsExactly(500, 201);
        assertThat(String.valueOf(done.get("log"))).contains("retry (attempt");
        // A second retry of a complete run is refused.
        assertThat(stack.post("/api/jobs/" + job + "/retry", stack.userToken, Map.of()).statusCode()).isEqualTo(409);
    }

}
