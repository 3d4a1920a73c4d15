package dev.deckhand.runs;

import dev.deckhand.catalogue.Plan;
import dev.deckhand.jobqueue.micronaut.WorkerRuntime;
import dev.deckhand.oauth.OAuthFlows;
import dev.deckhand.support.DomainContext;
import dev.deckhand.support.MutableClock;
import dev.deckhand.support.OAuthBrowser;
import dev.deckhand.support.TestJobContext;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL is the source of truth for runs and Redis may lose everything: a started run whose
 * queue job vanished (FLUSHALL, a restart without persistence) is dispatched again, once; the
 * interrupted-run reaper measures from the last sign of life, so a run that merely waited in the
 * queue for hours is left alone, while a run whose worker stopped showing signs of life is failed
 * and stops at its next step. One worker slot on the default queue, so a second run waits.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class RunRecoveryTest {

    static ApplicationContext ctx;
    static AccountApiServer api;
    static TestRedis redis;
    static final MutableClock CLOCK = new MutableClock();

    @BeforeAll
    static void start(TestPostgres pg, TestRedis r, TestOAuthProvider oauth) throws Exception {
        redis = r;
        api = new AccountApiServer(oauth.issuerUrl() + "/userinfo");
        Map<String, String> env = DomainContext.env(pg, r, oauth);
        env.put("OAUTH_API_BASE_URL", api.baseUrl());
        env.put("WORKER_QUEUES", "default=1,short=2");
        env.put("JOB_VISIBILITY_TIMEOUT_SECONDS", "6");
        ctx = DomainContext.start(env, CLOCK);
    }

    @AfterAll
    static void stop() {
        ctx.close();
        api.close();
    }

    static RunService runs() {
        return ctx.getBean(RunService.class);
    }

    static int count(String text, String what) {
        return (int) Pattern.compile(Pattern.quote(what)).matcher(text).results().count();
    }

    static int running() {
        return ctx.getBean(WorkerRuntime.class).worker().map(w -> w.runningCount()).orElse(0);
    }

    static void reap() {
        ctx.getBean(InterruptedRunReaper.class).perform(new TestJobContext(InterruptedRunReaper.TYPE));
    }

    static void dispatch() {
        ctx.getBean(UnqueuedRunDispatcher.class).perform(new TestJobContext(UnqueuedRunDispatcher.TYPE));
    }

    @Test
    void theReaperLeavesALongQueuedRunAloneAndFailsARunWithoutSignsOfLifeWhichStopsAtItsNextStep() throws Exception {
        OAuthFlows.Result r = OAuthBrowser.signIn(ctx);
        Plan stalls = TestPlans.publish(ctx, "stalls", false, List.of(
                Map.of("name", "stuck call", "kind", "http", "config", Map.of("method", "POST", "path", "/stuck")),
                Map.of("name", "after", "kind", "http", "config", Map.of("method", "POST", "path", "/stuck-after"))));
        Plan queued = TestPlans.publish(ctx, "queued", false, List.of(
                Map.of("name", "queued call", "kind", "http", "config", Map.of("method", "POST", "path", "/queued"))));
        CountDownLatch release = api.holdNext("/stuck");
        UUID stuck = runs().startJob(r.user(), stalls.id(), null).id();
        api.awaitHeld("/stuck", 60);
        UUID waiting = runs().startJob(r.user(), queued.id(), null).id();

        CLOCK.advance(Duration.ofHours(4));
        reap();

        assertThat(runs().job(r.user(), waiting).status()).as("waiting in the queue is not being interrupted")
                .isEqualTo(RunStatus.STARTED);
        Job reaped = runs().job(r.user(), stuck);
        assertThat(reaped.status()).isEqualTo(RunStatus.FAILED);
        assertThat(reaped.error()).isEqualTo("interrupted");

        release.countDown();
        await().atMost(Duration.ofSeconds(60)).until(() -> RunStatus.COMPLETE.equals(runs().job(r.user(), waiting).status()));
        await().atMost(Duration.ofSeconds(10)).until(() -> running() == 0);
        assertThat(api.callsTo("/stuck-after")).as("the failed run stopped at its next step").isEmpty();
        assertThat(runs().job(r.user(), stuck).status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void aRunWhoseQueueJobVanishedWithFlushallIsDispatchedAgainExactlyOnce() throws Exception {
        OAuthFlows.Result r = OAuthBrowser.signIn(ctx);
        Plan plan = TestPlans.publish(ctx, "flushed", false, List.of(
                Map.of("name", "long wait", "kind", "wait", "config", Map.of("seconds", 10)),
                Map.of("name", "call", "kind", "http", "config", Map.of("method", "POST", "path", "/flushed"))));
        UUID id = runs().startJob(r.user(), plan.id(), null).id();
        await().atMost(Duration.ofSeconds(60)).until(() -> runs().log(r.user(), id).contains("waiting"));

        redis.flush(); // FLUSHALL of the queue's database: every queue record is gone
        long flushedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).until(() -> running() == 0);
        assertThat(runs().job(r.user(), id).status()).as("losing the queue record never finishes the run")
                .isEqualTo(RunStatus.STARTED);

        dispatch();
        assertThat(runs().log(r.user(), id)).as("a run that showed life within the last minute is left alone")
                .doesNotContain("dispatched again");
        CLOCK.advance(Duration.ofMinutes(2));
        dispatch();
        dispatch();
        Job done;
        await().atMost(Duration.ofSeconds(60)).until(() -> RunStatus.COMPLETE.equals(runs().job(r.user(), id).status()));
        System.out.printf("figure: FLUSHALL to run complete after re-dispatch (in-process, dispatcher called by hand): %d ms%n",
                (System.nanoTime() - flushedAt) / 1_000_000);
        done = runs().job(r.user(), id);
        assertThat(count(ctx.getBean(dev.deckhand.runs.RunLogs.class).text(done.id()), "long wait: started")).as("the original attempt and one re-dispatch").isEqualTo(2);
        CLOCK.advance(Duration.ofMinutes(2));
        dispatch();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> api.callsTo("/flushed").size() == 1);
    }
}
