package dev.deckhand.runs;

import dev.deckhand.accounts.ConnectedAccount;
import dev.deckhand.accounts.ConnectedAccountRepository;
import dev.deckhand.accounts.User;
import dev.deckhand.catalogue.CatalogueAdmin;
import dev.deckhand.catalogue.Plan;
import dev.deckhand.catalogue.Step;
import dev.deckhand.credentials.CredentialVault;
import dev.deckhand.events.EventPublisher;
import dev.deckhand.oauth.OAuthClient;
import dev.deckhand.oauth.OAuthFlows;
import dev.deckhand.storage.Storage;
import dev.deckhand.storage.Visibility;
import dev.deckhand.testing.AccountApiServer;
import dev.deckhand.support.DomainContext;
import dev.deckhand.support.LogCapture;
import dev.deckhand.support.MutableClock;
import dev.deckhand.support.OAuthBrowser;
import dev.deckhand.support.RedisScan;
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
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Sign-in -> preflight -> job through the real Redis queue (this context is a worker consuming
 * default and short), against a real HTTP API that only accepts tokens valid at the provider.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class PlanRunEndToEndTest {

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
        ctx = DomainContext.start(env, CLOCK);
    }

    @AfterAll
    static void stop() {
        ctx.close();
        api.close();
    }

    static OAuthFlows.Result signIn() throws Exception {
        return OAuthBrowser.signIn(ctx);
    }

    static Plan plan(String slug, boolean preflight, List<Map<String, Object>> steps) {
        return TestPlans.publish(ctx, slug, preflight, steps);
    }

    static Preflight awaitPreflight(User user, UUID id) {
        RunService runs = ctx.getBean(RunService.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> !RunStatus.STARTED.equals(runs.preflight(user, id).status()));
        return runs.preflight(user, id);
    }

    static Job awaitJob(User user, UUID id) {
        RunService runs = ctx.getBean(RunService.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> !RunStatus.STARTED.equals(runs.job(user, id).status()));
        return runs.job(user, id);
    }

    @Test
    void preflightThenJobCallsTheAccountApiWithItsTokenAndNoTokenLeaks() throws Exception {
        List<String> published = new CopyOnWriteArrayList<>();
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onPMessage(String pattern, String channel, String message) {
                published.add(channel + " " + message);
            }
        };
        RedisClient client = ctx.getBean(RedisClient.class);
        Thread sub = new Thread(() -> client.psubscribe(listener, EventPublisher.CHANNEL_PREFIX + "*"));
        sub.start();
        await().until(listener::isSubscribed);
        try (LogCapture logs = new LogCapture()) {
            OAuthFlows.Result r = signIn();
            Plan plan = plan("e2e", true, List.of(
                    Map.of("name", "create", "kind", "http", "config", Map.of("method", "POST", "path", "/things",
                            "body", Map.of("job", "{{job_id}}", "tags", List.of("deckhand")), "expected_status", 201,
                            "preflight", Map.of("path", "/me"))),
                    Map.of("name", "settle", "kind", "wait", "config", Map.of("seconds", 0)),
                    Map.of("name", "check", "kind", "http", "config", Map.of("path", "/things/{{job_id}}"))));
            RunService runs = ctx.getBean(RunService.class);

            assertThatThrownBy(() -> runs.startJob(r.user(), plan.id(), null)).isInstanceOf(RunNotAllowedException.class);
            Preflight p = awaitPreflight(r.user(), runs.startPreflight(r.user(), plan.id()).id());
            assertThat(p.status()).isEqualTo(RunStatus.COMPLETE);
            assertThat(p.expiresAt()).isAfter(CLOCK.instant());
            assertThat(ctx.getBean(StepResults.class).parse(p.results())).hasSize(3)
                    .allSatisfy((id, res) -> assertThat(res.get("status")).isEqualTo("ok"));

            Job job = awaitJob(r.user(), runs.startJob(r.user(), plan.id(), null).id());
            assertThat(job.status()).isEqualTo(RunStatus.COMPLETE);
            assertThat(ctx.getBean(StepResults.class).parse(job.results())).hasSize(3);
            assertThat(ctx.getBean(dev.deckhand.runs.RunLogs.class).text(job.id())).contains("POST /things -> 201").contains("GET /things/" + job.id() + " -> 200");
            assertThat(api.calls).anySatisfy(c -> {
                assertThat(c.path()).isEqualTo("/things");
                assertThat(c.body()).contains("\"job\":\"" + job.id() + "\"");
                assertThat(c.status()).isEqualTo(201);
            });
            assertThat(new String(ctx.getBean(Storage.class).read(Visibility.PRIVATE, "jobs/" + job.id() + "/log.txt")))
                    .isEqualTo(ctx.getBean(dev.deckhand.runs.RunLogs.class).text(job.id()));
            await().untilAsserted(() -> assertThat(published).anySatisfy(m -> assertThat(m)
                    .startsWith(EventPublisher.CHANNEL_PREFIX + "job:" + job.id()).contains("\"final\"")
                    .contains("\"complete\"")));

            Set<String> secrets = new HashSet<>();
            api.calls.forEach(c -> secrets.add(c.bearer()));
            ConnectedAccount a = ctx.getBean(ConnectedAccountRepository.class).findById(r.account().id()).orElseThrow();
            CredentialVault vault = ctx.getBean(CredentialVault.class);
            secrets.add(vault.decrypt(a.accessToken(), dev.deckhand.credentials.TokenColumn.ACCESS_TOKEN, a.id()));
            secrets.add(vault.decrypt(a.refreshToken(), dev.deckhand.credentials.TokenColumn.REFRESH_TOKEN, a.id()));
            secrets.add(r.sessionToken());
            secrets.add(ctx.getBean(OAuthClient.class).settings().clientSecret());
            secrets.remove(null);
            assertThat(secrets).hasSizeGreaterThanOrEqualTo(4);
            List<String> redisContent = RedisScan.everything(redis.client());
            assertThat(redisContent).as("Redis holds the queue's job records").isNotEmpty();
            assertThat(logs.lines).as("the run was logged").anySatisfy(l -> assertThat(l).contains(job.id().toString()));
            List<String> everywhere = new ArrayList<>(redisContent);
            everywhere.addAll(logs.lines);
            everywhere.addAll(published);
            everywhere.add(ctx.getBean(dev.deckhand.runs.RunLogs.class).text(job.id()));
            for (String secret : secrets) {
                assertThat(everywhere).noneSatisfy(line -> assertThat(line).contains(secret));
            }
        } finally {
            listener.punsubscribe();
            sub.join(5000);
        }
    }

    @Test
    void aPreflightErrorBlocksTheJob() throws Exception {
        OAuthFlows.Result r = signIn();
        Plan plan = plan("blocked", true, List.of(Map.of("name", "needs thing", "kind", "http",
                "config", Map.of("method", "POST", "path", "/things", "preflight", Map.of("path", "/missing")))));
        RunService runs = ctx.getBean(RunService.class);
        Preflight p = awaitPreflight(r.user(), runs.startPreflight(r.user(), plan.id()).id());
        assertThat(p.status()).isEqualTo(RunStatus.COMPLETE);
        assertThat(p.results()).contains("\"error\"").contains("404");
        assertThatThrownBy(() -> runs.startJob(r.user(), plan.id(), null))
                .isInstanceOf(RunNotAllowedException.class).hasMessageContaining("errors");
    }

    @Test
    void anExpiredPreflightMustBeRunAgain() throws Exception {
        OAuthFlows.Result r = signIn();
        Plan plan = plan("expiring", true, List.of(Map.of("name", "w", "kind", "wait", "config", Map.of("seconds", 0))));
        RunService runs = ctx.getBean(RunService.class);
        awaitPreflight(r.user(), runs.startPreflight(r.user(), plan.id()).id());
        CLOCK.advance(Duration.ofMinutes(11));
        assertThatThrownBy(() -> runs.startJob(r.user(), plan.id(), null))
                .isInstanceOf(RunNotAllowedException.class).hasMessageContaining("expired");
    }

    @Test
    void cancelTakesEffectBeforeTheNextStep() throws Exception {
        OAuthFlows.Result r = signIn();
        Plan plan = plan("cancel", false, List.of(
                Map.of("name", "long wait", "kind", "wait", "config", Map.of("seconds", 120)),
                Map.of("name", "never", "kind", "http", "config", Map.of("method", "POST", "path", "/never"))));
        RunService runs = ctx.getBean(RunService.class);
        Job started = runs.startJob(r.user(), plan.id(), null);
        await().atMost(Duration.ofSeconds(60)).until(() -> runs.log(r.user(), started.id()).contains("waiting"));
        assertThat(runs.cancel(r.user(), started.id())).isTrue();
        Job job = awaitJob(r.user(), started.id());
        assertThat(job.status()).isEqualTo(RunStatus.CANCELED);
        assertThat(api.calls).noneSatisfy(c -> assertThat(c.path()).isEqualTo("/never"));
        assertThat(runs.cancel(r.user(), started.id())).isFalse();
    }

    @Test
    void othersCannotSeeOrCancelAJob() throws Exception {
        OAuthFlows.Result owner = signIn();
        OAuthFlows.Result other = signIn();
        Plan plan = plan("private", false, List.of(Map.of("name", "w", "kind", "wait", "config", Map.of("seconds", 0))));
        RunService runs = ctx.getBean(RunService.class);
        Job job = runs.startJob(owner.user(), plan.id(), null);
        assertThatThrownBy(() -> runs.job(other.user(), job.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> runs.cancel(other.user(), job.id())).isInstanceOf(NotFoundException.class);
        awaitJob(owner.user(), job.id());
    }

    @Test
    void unknownStepKindsAndBadConfigsAreRejectedOnSave() {
        CatalogueAdmin admin = ctx.getBean(CatalogueAdmin.class);
        Plan plan = plan("validation", false, List.of());
        assertThatThrownBy(() -> admin.createStep(null, plan.id(), 1, "x", "shell", Map.of(), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown step kind");
        assertThatThrownBy(() -> admin.createStep(null, plan.id(), 1, "x", "http",
                Map.of("path", "https://evil.example/steal"), true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> admin.createStep(null, plan.id(), 1, "x", "http",
                Map.of("path", "/ok", "headers", Map.of("Authorization", "x")), true))
                .isInstanceOf(IllegalArgumentException.class);
        Step ok = admin.createStep(null, plan.id(), 1, "x", "wait", Map.of("seconds", 1), true);
        assertThat(ok.config()).contains("seconds");
    }

    @Test
    void theReaperFailsARunTheQueueGaveUpOnOnceItHasBeenSilentLongEnough() throws Exception {
        OAuthFlows.Result r = signIn();
        Plan plan = plan("reaped", false, List.of(Map.of("name", "w", "kind", "wait", "config", Map.of("seconds", 0))));
        JobRepository jobs = ctx.getBean(JobRepository.class);
        Job orphan = jobs.save(new Job(null, plan.id(), r.user().id(), r.account().id(), null, RunStatus.STARTED, "[]",
                "{}", false, null, CLOCK.instant(), null));
        // A queue job that no worker can run goes straight to the dead set: the queue gave up on it.
        var admin = ctx.getBean(dev.deckhand.jobqueue.JobQueueAdmin.class);
        String dead = ctx.getBean(dev.deckhand.jobqueue.JobEnqueuer.class).enqueue(dev.deckhand.jobqueue.EnqueueRequest
                .of("no.such.type", Map.of("job_id", orphan.id().toString())).onQueue("short"));
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.state(dead).orElse("").equals("dead"));
        jobs.markEnqueued(orphan.id(), dead, CLOCK.instant());
        InterruptedRunReaper reaper = ctx.getBean(InterruptedRunReaper.class);
        reaper.perform(new dev.deckhand.support.TestJobContext(InterruptedRunReaper.TYPE));
        assertThat(jobs.findById(orphan.id()).orElseThrow().status()).isEqualTo(RunStatus.STARTED);
        CLOCK.advance(InterruptedRunReaper.JOB_SILENCE.plusMinutes(1));
        reaper.perform(new dev.deckhand.support.TestJobContext(InterruptedRunReaper.TYPE));
        Job reaped = jobs.findById(orphan.id()).orElseThrow();
        assertThat(reaped.status()).isEqualTo(RunStatus.FAILED);
        assertThat(reaped.error()).isEqualTo("interrupted");
    }
}
