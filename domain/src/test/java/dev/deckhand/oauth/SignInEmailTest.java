package dev.deckhand.oauth;

import dev.deckhand.accounts.UserRepository;
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
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Mail goes to users.email: a user first stored without one gets the provider's address at the next sign-in. */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class SignInEmailTest {

    static ApplicationContext ctx;
    static TestOAuthProvider provider;

    @BeforeAll
    static void start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth) {
        provider = oauth;
        ctx = DomainContext.start(DomainContext.env(pg, redis, oauth), new MutableClock());
    }

    @AfterAll
    static void stop() {
        ctx.close();
    }

    private static OAuthFlows.Result signInAs(String subject, Map<String, Object> claims) throws Exception {
        provider.server().enqueueCallback(new DefaultOAuth2TokenCallback(provider.issuerId(), subject, "JWT",
                List.of("deckhand-test"), claims, 3600));
        return OAuthBrowser.signIn(ctx);
    }

    @Test
    void theAddressIsStoredAtSignInWhenTheUserHasNoneYet() throws Exception {
        String subject = "mail-" + UUID.randomUUID();
        OAuthFlows.Result first = signInAs(subject, Map.of());
        assertThat(ctx.getBean(UserRepository.class).findById(first.user().id()).orElseThrow().email()).isNull();

        OAuthFlows.Result second = signInAs(subject, Map.of("email", "eve@example.test"));
        assertThat(second.user().id()).isEqualTo(first.user().id());
        assertThat(ctx.getBean(UserRepository.class).findById(first.user().id()).orElseThrow().email())
                .isEqualTo("eve@example.test");

        signInAs(subject, Map.of("email", "someone-else@example.test"));
        assertThat(ctx.getBean(UserRepository.class).findById(first.user().id()).orElseThrow().email())
                .as("a stored address is kept").isEqualTo("eve@example.test");
    }
}
