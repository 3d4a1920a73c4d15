package dev.deckhand.oauth;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** OAuthClient builds its HttpClient (SSLContext, CA certificates) on its first request, not at boot. */
class OAuthClientLazyClientTest {

    @Test
    void clientIsBuiltByTheFirstRequestToTheProvider() throws Exception {
        AtomicInteger revocations = new AtomicInteger();
        HttpServer provider = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        provider.createContext("/revoke", exchange -> {
            revocations.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        provider.start();
        try {
            String base = "http://127.0.0.1:" + provider.getAddress().getPort();
            OAuthClient client = new OAuthClient(new OAuthSettings(null, base + "/authorize", base + "/token",
                    base + "/revoke", "deckhand", null, "openid"), null, Clock.systemUTC());
            // Explicit endpoints: building an authorization URL needs no request either.
            assertThat(client.authorizationUrl("s", "c", "http://localhost/cb", "openid")).startsWith(base + "/authorize?");
            assertThat(client.httpClientBuilt()).as("after construction").isFalse();

            client.revoke("a-token", "refresh_token");
            assertThat(revocations).hasValue(1);
            assertThat(client.httpClientBuilt()).isTrue();
        } finally {
            provider.stop(0);
        }
    }
}
