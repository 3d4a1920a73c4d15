package dev.deckhand.runs;

import dev.deckhand.catalogue.Plan;
import dev.deckhand.catalogue.Step;
import dev.deckhand.catalogue.StepRepository;
import dev.deckhand.oauth.OAuthFlows;
import dev.deckhand.support.DomainContext;
import dev.deckhand.support.MutableClock;
import dev.deckhand.support.OAuthBrowser;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Retry from the failed step, and steps that are safe to run twice: a run whose third step got a
 * 500 from the account API is retried by its owner, resumes at step 3 (steps 1-2 are not called
 * again) and completes; every http call carries an Idempotency-Key derived from (run, step), the
 * same on every attempt.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class RunRetryTest {

    static ApplicationContext ctx;
    static AccountApiServer api;
    static TestPostgres db;
    static final MutableClock CLOCK = new MutableClock();

    @BeforeAll
    static void start(TestPostgres pg, TestRedis r, TestOAuthProvider oauth) throws Exception {
        db = pg;
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

    static Job awaitFinal(OAuthFlows.Result r, UUID id) {
        RunService runs = ctx.getBean(RunService.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> !RunStatus.STARTED.equals(runs.job(r.user(), id).status()));
        return runs.job(r.user(), id);
    }

    static List<String> audit(UUID jobId) throws Exception {
        try (Connection c = db.connect();
             PreparedStatement s = c.prepareStatement("SELECT action FROM audit WHERE subject_id = ? ORDER BY id")) {
            s.setString(1, jobId.toString());
            try (ResultSet rs = s.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        }
    }

    @Test
    void aRunFailedAtStepThreeIsRetriedFromStepThreeByItsOwnerWithStableIdempotencyKeys() throws Exception {
        OAuthFlows.Result r = OAuthBrowser.signIn(ctx);
        OAuthFlows.Result other = OAuthBrowser.signIn(ctx);
        List<Map<String, Object>> steps = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            steps.add(Map.of("name", "call " + i, "kind", "http", "config", Map.of("method", "POST", "path", "/r" + i)));
        }
        Plan plan = TestPlans.publish(ctx, "retry", false, steps);
        List<Step> planSteps = ctx.getBean(StepRepository.class).findByPlanIdOrderByStepOrder(plan.id());
        api.failNext("/r3", 500, 1);
        RunService runs = ctx.getBean(RunService.class);
        UUID id = runs.startJob(r.user(), plan.id(), null).id();

        Job failed = awaitFinal(r, id);
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.error()).contains("500");
        assertThatThrownBy(() -> runs.retry(other.user(), id)).isInstanceOf(NotFoundException.class);

        Job retried = runs.retry(r.user(), id);
        assertThat(retried.status()).isEqualTo(RunStatus.STARTED);
        assertThat(ctx.getBean(StepResults.class).parse(retried.results())).as("results before step 3 are kept")
                .containsOnlyKeys(planSteps.get(0).id().toString(), planSteps.get(1).id().toString());
        assertThatThrownBy(() -> runs.retry(r.user(), id)).as("one attempt at a time")
                .isInstanceOf(RunNotAllowedException.class);

        Job done = awaitFinal(r, id);
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETE);
        assertThat(done.error()).isNull();
        assertThat(api.callsTo("/r1")).as("step 1 not called again").hasSize(1);
        assertThat(api.callsTo("/r2")).as("step 2 not called again").hasSize(1);
        assertThat(api.callsTo("/r3")).hasSize(2);
        assertThat(api.callsTo("/r4")).hasSize(1);
        assertThat(api.callsTo("/r5")).hasSize(1);
        assertThat(ctx.getBean(dev.deckhand.runs.RunLogs.class).text(done.id())).contains("retry (attempt 2) requested by the owner: resuming at step 3");
        assertThat(audit(id)).contains("job.retry");
        assertThatThrownBy(() -> runs.retry(r.user(), id)).as("a complete run is not retried")
                .isInstanceOf(RunNotAllowedException.class);

        List<String> keys = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            api.callsTo("/r" + i).forEach(c -> assertThat(c.idempotencyKey()).isNotBlank());
            keys.add(api.callsTo("/r" + i).get(0).idempotencyKey());
        }
        assertThat(api.callsTo("/r3").get(1).idempotencyKey()).as("the same key on every attempt of a step")
                .isEqualTo(api.callsTo("/r3").get(0).idempotencyKey());
        assertThat(keys).as("a key per (run, step)").doesNotHaveDuplicates();
    }
}
