package dev.deckhand.credentials;

import dev.deckhand.accounts.ConnectedAccount;
import dev.deckhand.accounts.ConnectedAccountRepository;
import dev.deckhand.oauth.OAuthFlows;
import dev.deckhand.oauth.TokenResponse;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue #13 item 7, against the real provider (revoked refresh tokens are refused there): every
 * refresh token the system stops holding is revoked or queued for revocation, and storing tokens
 * never revives an account the sweep is revoking.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class RefreshTokenCustodyTest {

    static ApplicationContext ctx;
    static final MutableClock CLOCK = new MutableClock();
    static TestOAuthProvider provider;
    static TestPostgres db;
    static TestRedis cache;

    @BeforeAll
    static void start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth) {
        provider = oauth;
        db = pg;
        cache = redis;
        ctx = DomainContext.start(DomainContext.env(pg, redis, oauth), CLOCK);
    }

    @AfterAll
    static void stop() {
        ctx.close();
    }

    static String refreshTokenOf(UUID accountId) {
        ConnectedAccount a = ctx.getBean(ConnectedAccountRepository.class).findById(accountId).orElseThrow();
        return ctx.getBean(AccountCredentials.class).tokens(a).refreshToken();
    }

    static void sweep() {
        ctx.getBean(CredentialSweeper.class).perform(new TestJobContext(CredentialSweeper.TYPE));
    }

    @Test
    void reconnectingRevokesTheRefreshTokenItReplaces() throws Exception {
        String subject = "custody-" + UUID.randomUUID();
        provider.nextLoginAs(subject);
        OAuthFlows.Result first = OAuthBrowser.signIn(ctx);
        String old = refreshTokenOf(first.account().id());

        provider.nextLoginAs(subject);
        OAuthFlows.Result again = OAuthBrowser.connect(ctx, first.user().id());
        assertThat(again.account().id()).as("same provider user: same connection").isEqualTo(first.account().id());
        String current = refreshTokenOf(again.account().id());
        assertThat(current).isNotEqualTo(old);
        sweep();

        assertThat(OAuthBrowser.refreshStatus(provider.tokenUrl(), old)).as("replaced refresh token").isEqualTo(400);
        assertThat(OAuthBrowser.refreshStatus(provider.tokenUrl(), current)).as("current refresh token").isEqualTo(200);
        assertThat(ctx.getBean(ConnectedAccountRepository.class).findById(first.account().id()).orElseThrow().active())
                .isTrue();
    }

    @Test
    void signingInAgainRevokesTheRefreshTokenItReplaces() throws Exception {
        String subject = "custody-" + UUID.randomUUID();
        provider.nextLoginAs(subject);
        OAuthFlows.Result first = OAuthBrowser.signIn(ctx);
        String old = refreshTokenOf(first.account().id());
        provider.nextLoginAs(subject);
        OAuthFlows.Result again = OAuthBrowser.signIn(ctx);
        assertThat(again.account().id()).isEqualTo(first.account().id());
        sweep();
        assertThat(OAuthBrowser.refreshStatus(provider.tokenUrl(), old)).isEqualTo(400);
    }

    @Test
    void aFailedUserinfoCallRevokesTheRefreshTokenJustObtained() throws Exception {
        String subject = "custody-userinfo-" + UUID.randomUUID();
        int before = provider.liveRefreshTokens();
        provider.nextLoginAs(subject);
        provider.failNextUserinfo();
        assertThatThrownBy(() -> OAuthBrowser.signIn(ctx)).isInstanceOf(RuntimeException.class);
        sweep();
        assertThat(provider.liveRefreshTokens()).as("refresh tokens the provider still honours").isEqualTo(before);
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement("SELECT count(*) FROM users WHERE subject = ?")) {
            s.setString(1, subject);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }

    @Test
    void storeWaitsForTheSweepAndNeverRevivesAnAccountBeingRevoked() throws Exception {
        String subject = "custody-" + UUID.randomUUID();
        provider.nextLoginAs(subject);
        OAuthFlows.Result r = OAuthBrowser.signIn(ctx);
        UUID id = r.account().id();
        String old = refreshTokenOf(id);
        AccountCredentials credentials = ctx.getBean(AccountCredentials.class);
        try (Connection sweep = db.connect()) {
            sweep.setAutoCommit(false);
            // What the sweep's phase 1 does: lock the row and retire it (not yet committed).
            try (PreparedStatement lock = sweep.prepareStatement("SELECT id FROM connected_accounts WHERE id = ? FOR UPDATE");
                 PreparedStatement retire = sweep.prepareStatement("UPDATE connected_accounts SET state = 'revoking', "
                         + "access_token = NULL, next_revoke_at = ? WHERE id = ?")) {
                lock.setObject(1, id);
                lock.executeQuery().close();
                retire.setTimestamp(1, java.sql.Timestamp.from(CLOCK.instant()));
                retire.setObject(2, id);
                assertThat(retire.executeUpdate()).isEqualTo(1);
            }
            CompletableFuture<ConnectedAccount> stored = CompletableFuture.supplyAsync(() -> credentials.store(
                    r.user().id(), r.account().issuer(), subject, "user", new TokenResponse("access-new", "refresh-new",
                            CLOCK.instant().plus(Duration.ofHours(1)), "openid")));
            await().atMost(Duration.ofSeconds(20)).until(() -> blockedOnLocks() > 0);
            sweep.commit();
            ConnectedAccount fresh = stored.get();
            assertThat(fresh.id()).as("a new connection, not the one being revoked").isNotEqualTo(id);
        }
        ConnectedAccount retired = ctx.getBean(ConnectedAccountRepository.class).findById(id).orElseThrow();
        assertThat(retired.state()).isEqualTo(ConnectedAccount.REVOKING);
        assertThat(refreshTokenOf(id)).as("the refresh token still waiting for revocation").isEqualTo(old);
        List<ConnectedAccount> active = ctx.getBean(ConnectedAccountRepository.class).findByUserId(r.user().id()).stream()
                .filter(ConnectedAccount::active).toList();
        assertThat(active).hasSize(1);
        assertThat(refreshTokenOf(active.get(0).id())).isEqualTo("refresh-new");
        sweep();
        assertThat(OAuthBrowser.refreshStatus(provider.tokenUrl(), old)).isEqualTo(400);
    }

    static int blockedOnLocks() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_locks WHERE NOT granted")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
