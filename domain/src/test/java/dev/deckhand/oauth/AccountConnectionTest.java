package dev.deckhand.oauth;

import dev.deckhand.accounts.ConnectedAccount;
import dev.deckhand.accounts.ConnectedAccountRepository;
import dev.deckhand.accounts.Sessions;
import dev.deckhand.credentials.AccountCredentials;
import dev.deckhand.support.DomainContext;
import dev.deckhand.support.MutableClock;
import dev.deckhand.support.OAuthBrowser;
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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sign-in and account connection against a real OAuth2 server: code + PKCE, userinfo, refresh. */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class AccountConnectionTest {

    static ApplicationContext ctx;
    static final MutableClock CLOCK = new MutableClock();

    @BeforeAll
    static void start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth) {
        ctx = DomainContext.start(DomainContext.env(pg, redis, oauth), CLOCK);
    }

    @AfterAll
    static void stop() {
        ctx.close();
    }

    static OAuthFlows.Result signIn() throws Exception {
        OAuthFlows flows = ctx.getBean(OAuthFlows.class);
        String url = flows.begin(OAuthFlows.SIGNIN, null, "http://localhost:8000/api/auth/callback");
        assertThat(url).contains("code_challenge_method=S256").contains("code_challenge=").doesNotContain("code_verifier");
        Map<String, String> back = OAuthBrowser.authorize(url);
        return flows.complete(back.get("state"), back.get("code"));
    }

    @Test
    void signInCreatesUserSessionAndEncryptedAccount() throws Exception {
        OAuthFlows.Result r = signIn();
        assertThat(r.sessionToken()).startsWith("dh_");
        assertThat(ctx.getBean(Sessions.class).resolve(r.sessionToken())).map(u -> u.id()).contains(r.user().id());
        ConnectedAccount row = ctx.getBean(ConnectedAccountRepository.class).findById(r.account().id()).orElseThrow();
        String access = ctx.getBean(AccountCredentials.class).accessToken(row.id());
        assertThat(access).isNotBlank();
        assertThat(new String(row.accessToken(), StandardCharsets.ISO_8859_1)).doesNotContain(access);
        assertThat(row.refreshToken()).isNotNull();
        assertThat(row.toString()).doesNotContain(access);
    }

    @Test
    void connectAddsTheAccountToTheSignedInUser() throws Exception {
        OAuthFlows.Result signedIn = signIn();
        OAuthFlows flows = ctx.getBean(OAuthFlows.class);
        Map<String, String> back = OAuthBrowser.authorize(
                flows.begin(OAuthFlows.CONNECT, signedIn.user().id(), "http://localhost:8000/api/accounts/callback"));
        OAuthFlows.Result connected = flows.complete(back.get("state"), back.get("code"));
        assertThat(connected.user().id()).isEqualTo(signedIn.user().id());
        assertThat(connected.sessionToken()).isNull();
        assertThat(ctx.getBean(ConnectedAccountRepository.class).findByUserId(signedIn.user().id())).isNotEmpty();
    }

    @Test
    void aStateIsSingleUse() throws Exception {
        OAuthFlows flows = ctx.getBean(OAuthFlows.class);
        Map<String, String> back = OAuthBrowser.authorize(flows.begin(OAuthFlows.SIGNIN, null, "http://localhost/cb"));
        flows.complete(back.get("state"), back.get("code"));
        assertThatThrownBy(() -> flows.complete(back.get("state"), back.get("code")))
                .isInstanceOf(InvalidFlowException.class);
        assertThatThrownBy(() -> flows.complete("forged", "code")).isInstanceOf(InvalidFlowException.class);
    }

    @Test
    void anExpiredAccessTokenIsRefreshed() throws Exception {
        OAuthFlows.Result r = signIn();
        AccountCredentials credentials = ctx.getBean(AccountCredentials.class);
        String first = credentials.accessToken(r.account().id());
        CLOCK.advance(Duration.ofHours(2));
        String second = credentials.accessToken(r.account().id());
        assertThat(second).isNotEqualTo(first);
        assertThat(credentials.accessToken(r.account().id())).isEqualTo(second);
    }
}
