package dev.deckhand.runs;

import dev.deckhand.accounts.ConnectedAccount;
import dev.deckhand.accounts.ConnectedAccountRepository;
import dev.deckhand.catalogue.Plan;
import dev.deckhand.credentials.AccountCredentials;
import dev.deckhand.credentials.ReconnectRequiredException;
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

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * A run keeps its account's access token in memory for its steps: one vault visit, a refresh
 * when it expires mid-run, "reconnect" as soon as the account is disconnected, and the sweep's
 * idle clock restarted at the end of the run.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class RunAccessTokenTest {

    static ApplicationContext ctx;
    static AccountApiServer api;
    static final MutableClock CLOCK = new MutableClock();

    @BeforeAll
    static void start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth) throws Exception {
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

    static OAuthFlows.Result signIn() throws Exception {
        return OAuthBrowser.signIn(ctx);
    }

    static Instant lastUsed(UUID accountId) {
        return ctx.getBean(ConnectedAccountRepository.class).findById(accountId).map(ConnectedAccount::lastUsedAt)
                .orElseThrow();
    }

    @Test
    void aRunVisitsTheVaultOnceRefreshesWhenExpiredAndMarksTheAccountUsedAtItsEnd() throws Exception {
        OAuthFlows.Result r = signIn();
        UUID account = r.account().id();
        RunAccessToken token = ctx.getBean(StepRunFactory.class).accessToken(account);

        String first = token.get();
        Instant fetchedAt = lastUsed(account);
        CLOCK.advance(Duration.ofMinutes(5));
        assertThat(token.get()).isEqualTo(first);
        assertThat(lastUsed(account)).as("the second step did not go back to the database").isEqualTo(fetchedAt);

        CLOCK.advance(Duration.ofHours(2));
        String refreshed = token.get();
        assertThat(refreshed).as("expired mid-run: refreshed at the provider").isNotEqualTo(first);

        CLOCK.advance(Duration.ofMinutes(10));
        token.release();
        assertThat(lastUsed(account)).as("the idle clock starts at the end of the run")
                .isCloseTo(CLOCK.instant(), within(1, java.time.temporal.ChronoUnit.MILLIS));
    }

    @Test
    void aDisconnectedAccountIsRefusedOnTheNextUseAfterForget() throws Exception {
        OAuthFlows.Result r = signIn();
        RunAccessToken token = ctx.getBean(StepRunFactory.class).accessToken(r.account().id());
        token.get();
        assertThat(ctx.getBean(AccountCredentials.class).disconnect(r.user().id(), r.account().id())).isTrue();
        token.forget();
        assertThatThrownBy(token::get).isInstanceOf(ReconnectRequiredException.class);
    }

    @Test
    void aJobStopsUsingTheAccountOnceItIsDisconnected() throws Exception {
        OAuthFlows.Result r = signIn();
        Plan plan = TestPlans.publish(ctx, "disconnect", false, List.of(
                Map.of("name", "before", "kind", "http", "config", Map.of("path", "/before")),
                Map.of("name", "pause", "kind", "wait", "config", Map.of("seconds", 4)),
                Map.of("name", "after", "kind", "http", "config", Map.of("path", "/after"))));
        RunService runs = ctx.getBean(RunService.class);

        Job started = runs.startJob(r.user(), plan.id(), null);
        await().atMost(Duration.ofSeconds(60)).until(() -> runs.log(r.user(), started.id()).contains("waiting"));
        assertThat(ctx.getBean(AccountCredentials.class).disconnect(r.user().id(), r.account().id())).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> !RunStatus.STARTED.equals(runs.job(r.user(), started.id()).status()));

        Job job = runs.job(r.user(), started.id());
        assertThat(job.status()).isEqualTo(RunStatus.FAILED);
        assertThat(job.error()).isEqualTo("reconnect your account");
        assertThat(api.calls).anySatisfy(c -> assertThat(c.path()).isEqualTo("/before"));
        assertThat(api.calls).noneSatisfy(c -> assertThat(c.path()).isEqualTo("/after"));
    }
}
