package dev.deckhand.runs;

import dev.deckhand.accounts.User;
import dev.deckhand.catalogue.Plan;
import dev.deckhand.jobqueue.micronaut.WorkerRuntime;
import dev.deckhand.jobqueue.redis.QueueOptions;
import dev.deckhand.jobqueue.redis.RedisJobEnqueuer;
import dev.deckhand.oauth.OAuthFlows;
import dev.deckhand.support.DomainContext;
import dev.deckhand.support.LogCapture;
import dev.deckhand.support.MutableClock;
import dev.deckhand.support.OAuthBrowser;
import dev.deckhand.support.QueueFaults;
import dev.deckhand.support.TestPlans;
import dev.deckhand.testing.AccountApiServer;
import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a deploy, a lost lease and a user's cancel do to a running plan run, on the real worker
 * (WorkerRuntime/QueueWorker in a domain context), PostgreSQL, Redis and account API. A worker
 * shutdown or a lost lease hands the run back: never {@code canceled}, the interrupted step is
 * not recorded, and the next attempt resumes at it. Closing the context is exactly what the
 * launcher does on SIGTERM.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class RunHandBackTest {

    static AccountApiServer api;
    static Map<String, String> env;
    static TestRedis redis;
    static final MutableClock CLOCK = new MutableClock();
    ApplicationContext worker;
    ApplicationContext other;

    @BeforeAll
    static void start(TestPostgres pg, TestRedis r, TestOAuthProvider oauth) throws Exception {
        redis = r;
        api = new AccountApiServer(oauth.issuerUrl() + "/userinfo");
        env = DomainContext.env(pg, r, oauth);
        env.put("OAUTH_API_BASE_URL", api.baseUrl());
        // Short leases so that a lost lease is noticed within a couple of seconds.
        env.put("JOB_VISIBILITY_TIMEOUT_SECONDS", "6");
    }

    @AfterAll
    static void stopApi() {
        api.close();
    }

    @AfterEach
    void stopWorker() {
        if (worker != null && worker.isRunning()) {
            worker.close();
        }
        if (other != null && other.isRunning()) {
            other.close();
        }
    }

    ApplicationContext newWorker() {
        worker = DomainContext.start(env, CLOCK);
        return worker;
    }

    static Job awaitFinal(ApplicationContext ctx, User user, UUID id) {
        RunService runs = ctx.getBean(RunService.class);
        await().atMost(Duration.ofSeconds(90)).until(() -> !RunStatus.STARTED.equals(runs.job(user, id).status()));
        return runs.job(user, id);
    }

    static int count(String text, String what) {
        return (int) Pattern.compile(Pattern.quote(what)).matcher(text).results().count();
    }

    static long readyJobs(String queue) {
        try (RedisClient c = redis.client()) {
            return new RedisJobEnqueuer(c, QueueOptions.defaults(), t -> queue).depth(queue);
        }
    }

    @Test
    void aShutdownInTheMiddleOfAWaitHandsTheRunBackAndTheNextWorkerRestartsTheStepOnce() throws Exception {
        ApplicationContext first = newWorker();
        OAuthFlows.Result r = OAuthBrowser.signIn(first);
        Plan plan = TestPlans.publish(first, "deploy", false, List.of(
                Map.of("name", "before", "kind", "http", "config", Map.of("method", "POST", "path", "/sd-before")),
                Map.of("name", "long wait", "kind", "wait", "config", Map.of("seconds", 20)),
                Map.of("name", "after", "kind", "http", "config", Map.of("method", "POST", "path", "/sd-after"))));
        RunService runs = first.getBean(RunService.class);
        UUID id = runs.startJob(r.user(), plan.id(), null).id();
        await().atMost(Duration.ofSeconds(60)).until(() -> runs.log(r.user(), id).contains("waiting"));

        Job handedBack;
        long stoppedAt;
        try (LogCapture logs = new LogCapture()) {
            first.close(); // what SIGTERM does
            stoppedAt = System.nanoTime();
            assertThat(logs.lines).as("nothing failed while stopping").noneSatisfy(l -> assertThat(l)
                    .containsAnyOf("Exception", "failed after", "retrying in"));
        }
        assertThat(readyJobs(PlanRunner.TYPE.queue())).as("the queue job was handed back, not failed").isEqualTo(1);

        ApplicationContext second = newWorker();
        handedBack = second.getBean(JobRepository.class).findById(id).orElseThrow();
        assertThat(handedBack.status()).as("a shutdown never finishes a run").isEqualTo(RunStatus.STARTED);
        assertThat(second.getBean(StepResults.class).parse(handedBack.results()))
                .as("only the completed step is recorded, not the interrupted wait").hasSize(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> count(runs(second).log(r.user(), id),
                "long wait: started") == 2);
        System.out.printf("figure: SIGTERM-equivalent (context close) to resumed step on the next worker: %d ms%n",
                (System.nanoTime() - stoppedAt) / 1_000_000);
        Job done = awaitFinal(second, r.user(), id);
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETE);
        assertThat(second.getBean(dev.deckhand.runs.RunLogs.class).text(done.id())).doesNotContain("cancel");
        assertThat(count(second.getBean(dev.deckhand.runs.RunLogs.class).text(done.id()), "long wait: started")).as("the interrupted step restarted once").isEqualTo(2);
        assertThat(second.getBean(StepResults.class).parse(done.results()).values())
                .allSatisfy(res -> assertThat(res.get("status")).isEqualTo("ok"));
        assertThat(api.callsTo("/sd-before")).hasSize(1);
        assertThat(api.callsTo("/sd-after")).hasSize(1);
    }

    @Test
    void theDrainLetsAStepInProgressFinishAndRecordItBeforeTheDatabaseCloses() throws Exception {
        ApplicationContext first = newWorker();
        OAuthFlows.Result r = OAuthBrowser.signIn(first);
        Plan plan = TestPlans.publish(first, "drain", false, List.of(
                Map.of("name", "slow call", "kind", "http", "config", Map.of("method", "POST", "path", "/drain-slow")),
                Map.of("name", "next", "kind", "http", "config", Map.of("method", "POST", "path", "/drain-next"))));
        CountDownLatch release = api.holdNext("/drain-slow");
        UUID id = first.getBean(RunService.class).startJob(r.user(), plan.id(), null).id();
        api.awaitHeld("/drain-slow", 60);

        try (LogCapture logs = new LogCapture()) {
            CompletableFuture<Void> closing = CompletableFuture.runAsync(first::close);
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.lines.stream().anyMatch(l -> l.contains("draining")));
            assertThat(closing).as("the drain waits for the step in progress").isNotDone();
            release.countDown();
            closing.get();
            assertThat(logs.lines).as("the step's result was written while the database was still open")
                    .noneSatisfy(l -> assertThat(l).containsAnyOf("Exception", "failed after", "retrying in"));
        }

        ApplicationContext second = newWorker();
        Job job = second.getBean(JobRepository.class).findById(id).orElseThrow();
        assertThat(second.getBean(StepResults.class).parse(job.results())).hasSize(1);
        Job done = awaitFinal(second, r.user(), id);
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETE);
        assertThat(api.callsTo("/drain-slow")).as("a finished step is not repeated").hasSize(1);
        assertThat(api.callsTo("/drain-next")).hasSize(1);
    }

    @Test
    void aLostLeaseHandsTheRunBackInsteadOfCancelingIt() throws Exception {
        ApplicationContext ctx = newWorker();
        OAuthFlows.Result r = OAuthBrowser.signIn(ctx);
        Plan plan = TestPlans.publish(ctx, "lease", false, List.of(
                Map.of("name", "paused", "kind", "wait", "config", Map.of("seconds", 8)),
                Map.of("name", "after", "kind", "http", "config", Map.of("method", "POST", "path", "/lease-after"))));
        RunService runs = ctx.getBean(RunService.class);
        UUID id = runs.startJob(r.user(), plan.id(), null).id();
        await().atMost(Duration.ofSeconds(60)).until(() -> runs.log(r.user(), id).contains("waiting"));
        try (RedisClient c = redis.client()) {
            String queueJob = QueueFaults.queueJobId(c, "job_id", id.toString()).orElseThrow();
            QueueFaults.expireLease(c, PlanRunner.TYPE.queue(), queueJob);
        }
        Job done = awaitFinal(ctx, r.user(), id);
        assertThat(done.status()).as("a lost lease never finishes a run").isEqualTo(RunStatus.COMPLETE);
        assertThat(count(ctx.getBean(dev.deckhand.runs.RunLogs.class).text(done.id()), "paused: started")).isEqualTo(2);
        assertThat(ctx.getBean(StepResults.class).parse(done.results()).values())
                .allSatisfy(res -> assertThat(res.get("status")).isEqualTo("ok"));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> api.callsTo("/lease-after").size() == 1);
    }

    /**
     * A lost lease re-delivers the run while its first attempt is still waiting for a step's
     * response. The new attempt takes the row at once (the first one can no longer write), but it
     * must not send the same step again until the first request has ended: the account API would
     * see the step twice at the same time. (Before the fix it waited a fixed second.)
     */
    @Test
    void aTakeoverWaitsUntilTheEarlierAttemptsRequestHasEnded_theStepNeverRunsTwiceAtOnce() throws Exception {
        ApplicationContext ctx = newWorker();
        OAuthFlows.Result r = OAuthBrowser.signIn(ctx);
        Plan plan = TestPlans.publish(ctx, "takeover", false, List.of(
                Map.of("name", "slow", "kind", "http", "config", Map.of("method", "POST", "path", "/takeover-slow")),
                Map.of("name", "after", "kind", "http", "config", Map.of("method", "POST", "path", "/takeover-after"))));
        CountDownLatch release = api.holdNext("/takeover-slow");
        RunService runs = ctx.getBean(RunService.class);
        UUID id = runs.startJob(r.user(), plan.id(), null).id();
        api.awaitHeld("/takeover-slow", 60);
        JobRepository jobs = ctx.getBean(JobRepository.class);
        String firstRunner = jobs.findGateById(id).map(RunGate::runner).orElseThrow();
        // This worker stops fetching, so the re-delivery goes to another worker process.
        ctx.getBean(dev.deckhand.jobqueue.micronaut.WorkerRuntime.class).worker().orElseThrow().quiet();
        other = DomainContext.start(env, CLOCK);
        try (RedisClient c = redis.client()) {
            String queueJob = QueueFaults.queueJobId(c, "job_id", id.toString()).orElseThrow();
            QueueFaults.expireLease(c, PlanRunner.TYPE.queue(), queueJob);
        }
        await("a second attempt took the row").atMost(Duration.ofSeconds(60))
                .until(() -> !firstRunner.equals(jobs.findGateById(id).map(RunGate::runner).orElse(null)));
        await("no second request while the first is open").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> api.arrivals("/takeover-slow") == 1);
        release.countDown();

        Job done = awaitFinal(ctx, r.user(), id);
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETE);
        List<AccountApiServer.Call> slow = api.callsTo("/takeover-slow");
        assertThat(slow).as("the held call, then the new attempt's call").hasSize(2);
        assertThat(slow.get(1).started()).as("the second call began after the first ended")
                .isAfterOrEqualTo(slow.get(0).finished());
        assertThat(api.callsTo("/takeover-after")).hasSize(1);
    }

    @Test
    void aPreflightUsesTheSameLoopAShutdownHandsItBackAndTheNextWorkerCompletesIt() throws Exception {
        ApplicationContext first = newWorker();
        OAuthFlows.Result r = OAuthBrowser.signIn(first);
        Plan plan = TestPlans.publish(first, "preflight-deploy", true, List.of(
                Map.of("name", "one", "kind", "http", "config", Map.of("method", "POST", "path", "/pf-run-1",
                        "preflight", Map.of("path", "/pf-1"))),
                Map.of("name", "two", "kind", "http", "config", Map.of("method", "POST", "path", "/pf-run-2",
                        "preflight", Map.of("path", "/pf-2")))));
        CountDownLatch release = api.holdNext("/pf-1");
        UUID id = first.getBean(RunService.class).startPreflight(r.user(), plan.id()).id();
        api.awaitHeld("/pf-1", 60);
        try (LogCapture logs = new LogCapture()) {
            CompletableFuture<Void> closing = CompletableFuture.runAsync(first::close);
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.lines.stream().anyMatch(l -> l.contains("draining")));
            release.countDown();
            closing.get();
        }

        ApplicationContext second = newWorker();
        RunService runs = second.getBean(RunService.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> !RunStatus.STARTED.equals(runs.preflight(r.user(), id).status()));
        Preflight done = runs.preflight(r.user(), id);
        assertThat(done.status()).as("a shutdown never finishes a preflight").isEqualTo(RunStatus.COMPLETE);
        assertThat(second.getBean(StepResults.class).parse(done.results())).hasSize(2);
        assertThat(api.callsTo("/pf-1")).as("the check that completed during the drain is kept").hasSize(1);
        assertThat(api.callsTo("/pf-2")).hasSize(1);
    }

    @Test
    void aUsersCancelStillEndsTheRunCanceledWithinOneStep() throws Exception {
        ApplicationContext ctx = newWorker();
        OAuthFlows.Result r = OAuthBrowser.signIn(ctx);
        Plan plan = TestPlans.publish(ctx, "user-cancel", false, List.of(
                Map.of("name", "long wait", "kind", "wait", "config", Map.of("seconds", 120)),
                Map.of("name", "never", "kind", "http", "config", Map.of("method", "POST", "path", "/cancel-never"))));
        RunService runs = ctx.getBean(RunService.class);
        UUID id = runs.startJob(r.user(), plan.id(), null).id();
        await().atMost(Duration.ofSeconds(60)).until(() -> runs.log(r.user(), id).contains("waiting"));
        assertThat(runs.cancel(r.user(), id)).isTrue();
        Job done = awaitFinal(ctx, r.user(), id);
        assertThat(done.status()).isEqualTo(RunStatus.CANCELED);
        assertThat(api.callsTo("/cancel-never")).isEmpty();
    }

    static RunService runs(ApplicationContext ctx) {
        return ctx.getBean(RunService.class);
    }

    static int running(ApplicationContext ctx) {
        return ctx.getBean(WorkerRuntime.class).worker().map(w -> w.runningCount()).orElse(0);
    }
}
