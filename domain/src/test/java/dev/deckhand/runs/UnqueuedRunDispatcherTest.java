package dev.deckhand.runs;

import dev.deckhand.catalogue.Plan;
import dev.deckhand.catalogue.Step;
import dev.deckhand.catalogue.StepRepository;
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

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A run whose row was committed but whose enqueue never happened (the web process died in
 * between) is enqueued by the dispatcher after the grace period, runs once, and is not queued
 * again by later sweeps.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class UnqueuedRunDispatcherTest {

    static ApplicationContext ctx;
    static AccountApiServer api;
    static TestPostgres db;
    static final MutableClock CLOCK = new MutableClock();

    @BeforeAll
    static void start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth) throws Exception {
        db = pg;
        api = new AccountApiServer(oauth.issuerUrl() + "/userinfo");
        Map<String, String> env = DomainContext.env(pg, redis, oauth);
        env.put("OAUTH_API_BASE_URL", api.baseUrl());
        ctx = DomainContext.start(env, CLOCK);
    }

    @AfterAll
    static void stop() {
        ctx.close();
        api.close();
    }

    static void dispatch() {
        ctx.getBean(UnqueuedRunDispatcher.class).perform(new TestJobContext(UnqueuedRunDispatcher.TYPE));
    }

    static List<Step> steps(Plan plan) {
        return ctx.getBean(StepRepository.class).findByPlanIdOrderByStepOrder(plan.id());
    }

    static boolean enqueued(UUID jobId) throws Exception {
        try (Connection c = db.connect();
             PreparedStatement s = c.prepareStatement("SELECT enqueued_at IS NOT NULL FROM jobs WHERE id = ?")) {
            s.setObject(1, jobId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    @Test
    void aRunLeftUnqueuedByACrashIsDispatchedOnceAfterTheGracePeriod() throws Exception {
        OAuthFlows.Result r = OAuthBrowser.signIn(ctx);
        Plan plan = TestPlans.publish(ctx, "outbox", false, List.of(
                Map.of("name", "call", "kind", "http", "config", Map.of("method", "POST", "path", "/outbox"))));
        Step step = steps(plan).get(0);
        RunService runs = ctx.getBean(RunService.class);
        JobRepository jobs = ctx.getBean(JobRepository.class);

        Job normal = runs.startJob(r.user(), plan.id(), null);
        assertThat(enqueued(normal.id())).as("a normal start records its enqueue").isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> RunStatus.COMPLETE.equals(runs.job(r.user(), normal.id()).status()));

        // What a web process killed between commit and enqueue leaves behind.
        Job orphan = jobs.save(new Job(null, plan.id(), r.user().id(), r.account().id(), null, RunStatus.STARTED,
                "[\"" + step.id() + "\"]", "{}", false, null, CLOCK.instant(), null));
        dispatch();
        assertThat(enqueued(orphan.id())).as("left alone during the grace period").isFalse();

        CLOCK.advance(UnqueuedRunDispatcher.GRACE.plusSeconds(1));
        dispatch();
        assertThat(enqueued(orphan.id())).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> RunStatus.COMPLETE.equals(runs.job(r.user(), orphan.id()).status()));

        CLOCK.advance(Duration.ofMinutes(5));
        dispatch();
        dispatch();
        assertThat(api.calls.stream().filter(c -> c.path().equals("/outbox")).count())
                .as("the normal job and the dispatched orphan, each exactly once").isEqualTo(2);
    }

    @Test
    void aRunWhoseEnqueueHappenedButWasNotRecordedIsNotQueuedTwice() throws Exception {
        OAuthFlows.Result r = OAuthBrowser.signIn(ctx);
        Plan plan = TestPlans.publish(ctx, "outbox-twice", false, List.of(
                Map.of("name", "pause", "kind", "wait", "config", Map.of("seconds", 3)),
                Map.of("name", "call", "kind", "http", "config", Map.of("method", "POST", "path", "/once"))));
        Step pause = steps(plan).get(0);
        Step call = steps(plan).get(1);
        JobRepository jobs = ctx.getBean(JobRepository.class);
        RunService runs = ctx.getBean(RunService.class);

        // The web process enqueued, then died before recording enqueued_at.
        Job job = jobs.save(new Job(null, plan.id(), r.user().id(), r.account().id(), null, RunStatus.STARTED,
                "[\"" + pause.id() + "\", \"" + call.id() + "\"]", "{}", false, null, CLOCK.instant(), null));
        ctx.getBean(dev.deckhand.jobqueue.JobEnqueuer.class).enqueue(PlanRunner.request(job.id()));
        await().atMost(Duration.ofSeconds(60)).until(() -> runs.log(r.user(), job.id()).contains("waiting"));

        CLOCK.advance(UnqueuedRunDispatcher.GRACE.plusSeconds(1));
        dispatch();
        assertThat(enqueued(job.id())).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> RunStatus.COMPLETE.equals(runs.job(r.user(), job.id()).status()));
        // A second delivery would have started its own 3 s wait after the first: give it time to show.
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                .until(() -> api.calls.stream().filter(c -> c.path().equals("/once")).count() == 1);
    }
}
