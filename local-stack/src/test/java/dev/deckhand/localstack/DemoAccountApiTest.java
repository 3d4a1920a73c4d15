package dev.deckhand.localstack;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local stack's demo account API against a real provider (mock-oauth2-server): no token, a
 * forged or expired token, or one from another provider is refused with 401; a token the
 * provider issued is served, and each subject sees only its own notebooks.
 */
class DemoAccountApiTest {

    static MockOAuth2Server provider;
    static MockOAuth2Server stranger;
    static DemoAccountApi api;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        provider = new MockOAuth2Server();
        provider.start();
        stranger = new MockOAuth2Server();
        stranger.start();
        api = new DemoAccountApi(0, provider.userInfoUrl(LocalStack.ISSUER).toString());
    }

    @AfterAll
    static void stop() {
        api.close();
        provider.shutdown();
        stranger.shutdown();
    }

    static String token(MockOAuth2Server server, String subject, long expirySeconds) {
        return server.issueToken(LocalStack.ISSUER, subject, "deckhand-local", Map.of(), expirySeconds).serialize();
    }

    static HttpResponse<String> call(String method, String path, String bearer, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.baseUrl() + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void refusesRequestsWithoutAValidProviderToken() throws Exception {
        assertThat(call("GET", "/v1/me", null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/v1/me", "not-a-token", null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/v1/me", token(stranger, "alice", 3600), null).statusCode())
                .as("signed by another provider").isEqualTo(401);
        assertThat(call("GET", "/v1/me", token(provider, "alice", -60), null).statusCode())
                .as("expired").isEqualTo(401);
        HttpResponse<String> refused = call("POST", "/v1/notebooks", null, "{\"id\":\"nb-1\"}");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    }

    @Test
    void servesTheProvidersTokensOneNotebookSetPerSubject() throws Exception {
        String alice = token(provider, "alice", 3600);
        String bob = token(provider, "bob", 3600);
        assertThat(call("GET", "/v1/me", alice, null).body()).contains("\"sub\":\"alice\"");

        assertThat(call("POST", "/v1/notebooks", alice, "{\"id\":\"nb-1\",\"title\":\"Demo\"}").statusCode())
                .isEqualTo(201);
        assertThat(call("POST", "/v1/notebooks", alice, "{\"id\":\"nb-1\",\"title\":\"Demo\"}").statusCode())
                .as("a retried create").isEqualTo(200);
        assertThat(call("PUT", "/v1/notebooks/nb-1", alice, "{\"title\":\"Mine\"}").statusCode()).isEqualTo(200);
        assertThat(call("POST", "/v1/notebooks/nb-1/pages", alice, "{\"title\":\"Welcome\"}").statusCode())
                .isEqualTo(201);
        HttpResponse<String> got = call("GET", "/v1/notebooks/nb-1", alice, null);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).contains("\"title\":\"Mine\"").contains("\"pages\":1");

        assertThat(call("GET", "/v1/notebooks/nb-1", bob, null).statusCode()).as("bob's account").isEqualTo(404);
        assertThat(call("PUT", "/v1/notebooks/nb-2", alice, "{}").statusCode()).isEqualTo(404);
    }
}
