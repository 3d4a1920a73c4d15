package dev.deckhand.support;

import dev.deckhand.oauth.OAuthFlows;
import io.micronaut.context.ApplicationContext;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Plays the browser in an authorization-code flow against mock-oauth2-server, whose
 * non-interactive login redirects straight back with a code.
 */
public final class OAuthBrowser {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private OAuthBrowser() {
    }

    /** GETs the authorization URL and returns the query parameters of the redirect back (code, state). */
    public static Map<String, String> authorize(String authorizationUrl) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(authorizationUrl)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String location = r.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("provider did not redirect: " + r.statusCode()));
        return query(URI.create(location));
    }

    public static Map<String, String> query(URI uri) {
        Map<String, String> q = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String kv : uri.getRawQuery().split("&")) {
                String[] p = kv.split("=", 2);
                q.put(URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                        p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "");
            }
        }
        return q;
    }

    /** A whole sign-in through the domain's flows: begin, the provider's redirect back, complete. */
    public static OAuthFlows.Result signIn(ApplicationContext ctx) throws Exception {
        OAuthFlows flows = ctx.getBean(OAuthFlows.class);
        OAuthFlows.Started started = flows.begin(OAuthFlows.SIGNIN, null, "http://localhost/cb");
        Map<String, String> back = authorize(started.authorizationUrl());
        return flows.complete(back.get("state"), back.get("code"), started.browserBinding(), null);
    }

    /** The signed-in user connects an account through the domain's flows. */
    public static OAuthFlows.Result connect(ApplicationContext ctx, java.util.UUID userId) throws Exception {
        OAuthFlows flows = ctx.getBean(OAuthFlows.class);
        OAuthFlows.Started started = flows.begin(OAuthFlows.CONNECT, userId, "http://localhost/cb");
        Map<String, String> back = authorize(started.authorizationUrl());
        return flows.complete(back.get("state"), back.get("code"), started.browserBinding(), userId);
    }

    /** A raw refresh_token grant, to prove a revoked token is dead at the provider. */
    public static int refreshStatus(String tokenUrl, String refreshToken) throws Exception {
        String form = "grant_type=refresh_token&client_id=deckhand-test&client_secret=deckhand-test-client-secret"
                + "&refresh_token=" + java.net.URLEncoder.encode(refreshToken, StandardCharsets.UTF_8);
        return HTTP.send(HttpRequest.newBuilder(URI.create(tokenUrl))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
