package dev.deckhand.credentials;

import com.sun.net.httpserver.HttpServer;
import dev.deckhand.accounts.ConnectedAccount;
import dev.deckhand.accounts.ConnectedAccountRepository;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A revocation endpoint that fails: the account is unusable at once (access token erased), the
 * refresh token stays only in Postgres, and the revocation is retried with backoff until the
 * provider accepts it, then the row is gone.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class RevocationRetryTest {

    static ApplicationContext ctx;
    static HttpServer revocation;
    static final AtomicInteger STATUS = new AtomicInteger(503);
    static final List<String> REVOKED = new CopyOnWriteArrayList<>();
    static final MutableClock CLOCK = new MutableClock();

    @BeforeAll
    static void start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth) throws Exception {
        revocation = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        revocation.createContext("/revoke", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = STATUS.get();
            if (status == 200) {
                for (String kv : form.split("&")) {
                    if (kv.startsWith("token=")) {
                        REVOKED.add(URLDecoder.decode(kv.substring(6), StandardCharsets.UTF_8));
                    }
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        revocation.start();
        Map<String, String> env = DomainContext.env(pg, redis, oauth);
        env.put("OAUTH_REVOCATION_URL", "http://127.0.0.1:" + revocation.getAddress().getPort() + "/revoke");
        ctx = DomainContext.start(env, CLOCK);
    }

    @AfterAll
    static void stop() {
        ctx.close();
        revocation.stop(0);
    }

    static void sweep() {
        ctx.getBean(CredentialSweeper.class).perform(new TestJobContext(CredentialSweeper.TYPE));
    }

    @Test
    void failedRevocationsAreRetriedWithoutKeepingTheAccountUsable() throws Exception {
        OAuthFlows.Result r = OAuthBrowser.signIn(ctx);
        ConnectedAccountRepository accounts = ctx.getBean(ConnectedAccountRepository.class);
        String refresh = ctx.getBean(AccountCredentials.class).tokens(accounts.findById(r.account().id()).orElseThrow())
                .refreshToken();

        CLOCK.advance(Duration.ofMinutes(16));
        sweep();
        ConnectedAccount revoking = accounts.findById(r.account().id()).orElseThrow();
        assertThat(revoking.state()).isEqualTo(ConnectedAccount.REVOKING);
        assertThat(revoking.accessToken()).isNull();
        assertThat(revoking.refreshToken()).isNotNull();
        assertThat(revoking.revokeAttempts()).isEqualTo(1);
        assertThat(revoking.nextRevokeAt()).isAfter(CLOCK.instant());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ctx.getBean(AccountCredentials.class)
                .accessToken(r.account().id())).isInstanceOf(ReconnectRequiredException.class);

        sweep();
        assertThat(accounts.findById(r.account().id()).orElseThrow().revokeAttempts())
                .as("not retried before its backoff has passed").isEqualTo(1);

        STATUS.set(200);
        CLOCK.advance(Duration.ofMinutes(2));
        sweep();
        assertThat(accounts.findById(r.account().id())).isEmpty();
        assertThat(REVOKED).containsExactly(refresh);
    }
}
