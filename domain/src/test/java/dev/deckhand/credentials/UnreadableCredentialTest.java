package dev.deckhand.credentials;

import dev.deckhand.accounts.ConnectedAccount;
import dev.deckhand.accounts.ConnectedAccountRepository;
import dev.deckhand.catalogue.Plan;
import dev.deckhand.events.EventPublisher;
import dev.deckhand.oauth.OAuthFlows;
import dev.deckhand.runs.Job;
import dev.deckhand.runs.RunService;
import dev.deckhand.runs.RunStatus;
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
import redis.clients.jedis.JedisPubSub;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Stored credentials that cannot be read (encrypted under a key that is no longer configured, or
 * altered in the database) make the user reconnect: a "reconnect" event and a run message that
 * says so, never a step failed with an exception's class name, and never a token silently used
 * from the wrong column.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class UnreadableCredentialTest {

    static ApplicationContext ctx;
    static AccountApiServer api;
    static TestPostgres db;
    static TestRedis redis;
    static final MutableClock CLOCK = new MutableClock();

    @BeforeAll
    static void start(TestPostgres pg, TestRedis r, TestOAuthProvider oauth) throws Exception {
        db = pg;
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

    @Test
    void aRowUnderAnUnknownKeyMakesTheUserReconnectInsteadOfFailingTheStepWithAnExceptionName() throws Exception {
        OAuthFlows.Result r = OAuthBrowser.signIn(ctx);
        ConnectedAccount a = ctx.getBean(ConnectedAccountRepository.class).findById(r.account().id()).orElseThrow();
        AccountTokens plain = ctx.getBean(AccountCredentials.class).tokens(a);
        CredentialVault lost = new CredentialVault(EncryptionKeys.parse(CredentialVaultTest.newKey()));
        writeBlobs(db, a.id(), lost.encrypt(plain.accessToken(), a.id()), lost.encrypt(plain.refreshToken(), a.id()));

        assertThatThrownBy(() -> ctx.getBean(AccountCredentials.class).accessToken(a.id()))
                .isInstanceOf(ReconnectRequiredException.class).hasMessageContaining("reconnect");

        Plan plan = TestPlans.publish(ctx, "unreadable-" + UUID.randomUUID(), false, List.of(
                Map.of("name", "who am i", "kind", "http", "config", Map.of("path", "/me"))));
        List<String> events = new CopyOnWriteArrayList<>();
        JedisPubSub listener = listen(redis, events, r.user().id());
        try {
            RunService runs = ctx.getBean(RunService.class);
            Job started = runs.startJob(r.user(), plan.id(), null);
            await().atMost(Duration.ofSeconds(60)).until(() -> !RunStatus.STARTED.equals(runs.job(r.user(), started.id()).status()));
            Job job = runs.job(r.user(), started.id());
            assertThat(job.status()).isEqualTo(RunStatus.FAILED);
            assertThat(job.error()).contains("reconnect").doesNotContain("Exception");
            assertThat(ctx.getBean(dev.deckhand.runs.RunLogs.class).text(job.id())).contains("reconnect").doesNotContain("Exception");
            await().untilAsserted(() -> assertThat(events).anySatisfy(e -> assertThat(e).contains("\"reconnect\"")
                    .contains(job.id().toString())));
            assertThat(api.calls).noneSatisfy(c -> assertThat(c.bearer()).isIn(plain.accessToken(), plain.refreshToken()));
        } finally {
            listener.punsubscribe();
        }
    }

    @Test
    void swappingTheAccessAndRefreshTokenBlobsIsDetectedNotSilentlyUsed() throws Exception {
        OAuthFlows.Result r = OAuthBrowser.signIn(ctx);
        ConnectedAccount a = ctx.getBean(ConnectedAccountRepository.class).findById(r.account().id()).orElseThrow();
        assertThat(a.expiresAt()).as("the access token is not expired, so no refresh hides the swap")
                .isAfter(CLOCK.instant().plusSeconds(120));
        writeBlobs(db, a.id(), a.refreshToken(), a.accessToken());

        ConnectedAccount swapped = ctx.getBean(ConnectedAccountRepository.class).findById(a.id()).orElseThrow();
        assertThatThrownBy(() -> ctx.getBean(AccountCredentials.class).tokens(swapped))
                .isInstanceOf(TamperedCredentialException.class);
        assertThatThrownBy(() -> ctx.getBean(AccountCredentials.class).accessToken(a.id()))
                .isInstanceOf(ReconnectRequiredException.class);
    }

    static void writeBlobs(TestPostgres db, UUID accountId, byte[] access, byte[] refresh) throws Exception {
        try (Connection c = db.connect();
             PreparedStatement s = c.prepareStatement(
                     "UPDATE connected_accounts SET access_token = ?, refresh_token = ? WHERE id = ?")) {
            s.setBytes(1, access);
            s.setBytes(2, refresh);
            s.setObject(3, accountId);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    static JedisPubSub listen(TestRedis redis, List<String> into, UUID userId) {
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onPMessage(String pattern, String channel, String message) {
                into.add(message);
            }
        };
        Thread sub = new Thread(() -> redis.client().psubscribe(listener,
                EventPublisher.CHANNEL_PREFIX + EventPublisher.userTopic(userId)), "test-events");
        sub.setDaemon(true);
        sub.start();
        await().until(listener::isSubscribed);
        return listener;
    }
}
