package dev.deckhand.credentials;

import dev.deckhand.accounts.ConnectedAccount;
import dev.deckhand.accounts.ConnectedAccountRepository;
import dev.deckhand.events.EventPublisher;
import dev.deckhand.oauth.OAuthFlows;
import dev.deckhand.support.DomainContext;
import dev.deckhand.support.MutableClock;
import dev.deckhand.support.OAuthBrowser;
import dev.deckhand.support.TestJobContext;
import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import io.micronaut.context.ApplicationContext;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The 15-minute sweep against a real provider: revocation seen, refresh token dead, user told. */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class CredentialSweepTest {

    static ApplicationContext ctx;
    static final MutableClock CLOCK = new MutableClock();
    static TestOAuthProvider provider;
    static TestPostgres db;

    @BeforeAll
    static void start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth) {
        provider = oauth;
        db = pg;
        ctx = DomainContext.start(DomainContext.env(pg, redis, oauth), CLOCK);
    }

    @AfterAll
    static void stop() {
        ctx.close();
    }

    static OAuthFlows.Result connect() throws Exception {
        return OAuthBrowser.signIn(ctx);
    }

    static String refreshTokenOf(UUID accountId) {
        ConnectedAccount a = ctx.getBean(ConnectedAccountRepository.class).findById(accountId).orElseThrow();
        return ctx.getBean(AccountCredentials.class).tokens(a).refreshToken();
    }

    static void sweep() {
        ctx.getBean(CredentialSweeper.class).perform(new TestJobContext(CredentialSweeper.TYPE));
    }

    @Test
    void unusedCredentialsAreRevokedAndDeletedAndTheUserIsToldToReconnect() throws Exception {
        OAuthFlows.Result r = connect();
        String refresh = refreshTokenOf(r.account().id());
        List<String> events = new CopyOnWriteArrayList<>();
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                events.add(message);
            }
        };
        RedisClient redis = ctx.getBean(RedisClient.class);
        Thread sub = new Thread(() -> redis.subscribe(listener,
                EventPublisher.CHANNEL_PREFIX + EventPublisher.userTopic(r.user().id())));
        sub.start();
        await().until(listener::isSubscribed);

        CLOCK.advance(Duration.ofMinutes(14));
        sweep();
        assertThat(ctx.getBean(ConnectedAccountRepository.class).findById(r.account().id())).isPresent();
        assertThat(OAuthBrowser.refreshStatus(provider.tokenUrl(), refresh))
                .as("the refresh token works while the credential is kept").isEqualTo(200);

        CLOCK.advance(Duration.ofMinutes(2));
        drainProviderRequests();
        sweep();

        assertThat(ctx.getBean(ConnectedAccountRepository.class).findById(r.account().id())).isEmpty();
        RecordedRequest revocation = revocationRequest();
        assertThat(revocation).as("provider saw an RFC 7009 revocation").isNotNull();
        assertThat(revocation.getBody().readUtf8()).contains("token_type_hint=refresh_token")
                .contains("token=" + java.net.URLEncoder.encode(refresh, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(revocation.getHeader("Authorization")).startsWith("Basic ");
        assertThat(OAuthBrowser.refreshStatus(provider.tokenUrl(), refresh))
                .as("the revoked refresh token no longer works at the provider").isEqualTo(400);
        await().untilAsserted(() -> assertThat(events).anySatisfy(e -> assertThat(e).contains("\"reconnect\"")
                .contains(r.account().id().toString())));
        listener.unsubscribe();
        sub.join(5000);
    }

    @Test
    void anAccountHeldByARunningJobIsNotSwept() throws Exception {
        OAuthFlows.Result r = connect();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO products (id, slug, title) VALUES ('00000000-0000-0000-0000-000000000001', 'p', 'P') "
                    + "ON CONFLICT DO NOTHING");
            s.execute("INSERT INTO versions (id, product_id, label) VALUES ('00000000-0000-0000-0000-000000000002', "
                    + "'00000000-0000-0000-0000-000000000001', '1') ON CONFLICT DO NOTHING");
            s.execute("INSERT INTO plans (id, version_id, slug, title) VALUES ('00000000-0000-0000-0000-000000000003', "
                    + "'00000000-0000-0000-0000-000000000002', 'p', 'P') ON CONFLICT DO NOTHING");
            s.execute("INSERT INTO jobs (plan_id, user_id, account_id, status) VALUES "
                    + "('00000000-0000-0000-0000-000000000003', '" + r.user().id() + "', '" + r.account().id()
                    + "', 'started')");
        }
        CLOCK.advance(Duration.ofMinutes(30));
        sweep();
        assertThat(ctx.getBean(ConnectedAccountRepository.class).findById(r.account().id()))
                .get().extracting(ConnectedAccount::state).isEqualTo(ConnectedAccount.ACTIVE);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("UPDATE jobs SET status = 'complete' WHERE account_id = '" + r.account().id() + "'");
        }
        sweep();
        assertThat(ctx.getBean(ConnectedAccountRepository.class).findById(r.account().id())).isEmpty();
    }

    /** mock-oauth2-server throws when nothing arrives in time. */
    static RecordedRequest nextProviderRequest(long millis) {
        try {
            return OAuthProviderExtension.server().takeRequest(millis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static void drainProviderRequests() {
        while (nextProviderRequest(10) != null) {
            // discard earlier traffic
        }
    }

    static RecordedRequest revocationRequest() {
        RecordedRequest req;
        while ((req = nextProviderRequest(2000)) != null) {
            if (req.getPath() != null && req.getPath().startsWith("/" + provider.issuerId() + "/revoke")
                    && "POST".equals(req.getMethod())) {
                return req;
            }
        }
        return null;
    }
}
