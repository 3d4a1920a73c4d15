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
        OAuthFlows.Started started = flows.begin(OAuthFlows.SIGNIN, null, "http://localhost:8000/api/auth/callback");
        String url = started.authorizationUrl();
        assertThat(url).contains("code_challenge_method=S256").contains("code_challenge=").doesNotContain("code_verifier");
        Map<String, String> back = OAuthBrowser.authorize(url);
        return flows.complete(back.get("state"), back.get("code"), started.browserBinding(), null);
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
        OAuthFlows.Started started = flows.begin(OAuthFlows.CONNECT, signedIn.user().id(),
                "http://localhost:8000/api/accounts/callback");
        Map<String, String> back = OAuthBrowser.authorize(started.authorizationUrl());
        OAuthFlows.Result connected = flows.complete(back.get("state"), back.get("code"), started.browserBinding(),
                signedIn.user().id());
        assertThat(connected.user().id()).isEqualTo(signedIn.user().id());
        assertThat(connected.sessionToken()).isNull();
        assertThat(ctx.getBean(ConnectedAccountRepository.class).findByUserId(signedIn.user().id())).isNotEmpty();
    }

    @Test
    void aStateIsSingleUse() throws Exception {
        OAuthFlows flows = ctx.getBean(OAuthFlows.class);
        OAuthFlows.Started started = flows.begin(OAuthFlows.SIGNIN, null, "http://localhost/cb");
        Map<String, String> back = OAuthBrowser.authorize(started.authorizationUrl());
        flows.complete(back.get("state"), back.get("code"), started.browserBinding(), null);
        assertThatThrownBy(() -> flows.complete(back.get("state"), back.get("code"), started.browserBinding(), null))
                .isInstanceOf(InvalidFlowException.class);
        assertThatThrownBy(() -> flows.complete("forged", "code", started.browserBinding(), null))
                .isInstanceOf(InvalidFlowException.class);
    }

    @Test
    void aCallbackWithoutTheFlowsBrowserBindingIsRefusedBeforeTheFlowIsUsed() throws Exception {
        OAuthFlows flows = ctx.getBean(OAuthFlows.class);
        OAuthFlows.Started started = flows.begin(OAuthFlows.SIGNIN, null, "http://localhost/cb");
        Map<String, String> back = OAuthBrowser.authorize(started.authorizationUrl());
        assertThatThrownBy(() -> flows.complete(back.get("state"), back.get("code"), null, null))
                .isInstanceOf(InvalidFlowException.class);
        assertThatThrownBy(() -> flows.complete(back.get("state"), back.get("code"), "another-browser", null))
                .isInstanceOf(InvalidFlowException.class);
        // Not claimed by the refusals: the browser that began it still completes it.
        assertThat(flows.complete(back.get("state"), back.get("code"), started.browserBinding(), null).sessionToken())
                .startsWith("dh_");
    }

    @Test
    void aConnectCompletesOnlyForTheUserWhoBeganIt() throws Exception {
        OAuthFlows.Result alice = signIn();
        OAuthFlows.Result bob = signIn();
        OAuthFlows flows = ctx.getBean(OAuthFlows.class);
        OAuthFlows.Started started = flows.begin(OAuthFlows.CONNECT, alice.user().id(), "http://localhost/cb");
        Map<String, String> back = OAuthBrowser.authorize(started.authorizationUrl());
        var accounts = ctx.getBean(ConnectedAccountRepository.class);
        int before = accounts.findByUserId(alice.user().id()).size();
        assertThatThrownBy(() -> flows.complete(back.get("state"), back.get("code"), started.browserBinding(), bob.user().id()))
                .isInstanceOf(InvalidFlowException.class);
        assertThatThrownBy(() -> flows.complete(back.get("state"), back.get("code"), started.browserBinding(), null))
                .isInstanceOf(InvalidFlowException.class);
        assertThat(accounts.findByUserId(alice.user().id())).hasSize(before);
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
