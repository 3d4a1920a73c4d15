package dev.deckhand.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The test provider refuses refresh tokens it revoked or never issued, and honours live ones. */
@ExtendWith(OAuthProviderExtension.class)
class RevokedRefreshTokenGuardTest {

    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    static final String CLIENT = "client_id=guard-test&client_secret=guard-secret";

    @Test
    void aRevokedRefreshTokenIsRefusedWhileALiveOneStillWorks(TestOAuthProvider oauth) throws Exception {
        String revoked = issueRefreshToken(oauth);
        String live = issueRefreshToken(oauth);
        assertThat(refresh(oauth, revoked).statusCode()).isEqualTo(200);

        HttpResponse<String> revocation = post(oauth.baseUrl() + "/" + oauth.issuerId() + "/revoke",
                CLIENT + "&token_type_hint=refresh_token&token=" + enc(revoked));
        assertThat(revocation.statusCode()).isEqualTo(200);

        HttpResponse<String> refused = refresh(oauth, revoked);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("\"invalid_grant\"");
        assertThat(refresh(oauth, live).statusCode()).as("other tokens unaffected").isEqualTo(200);
    }

    @Test
    void aRefreshTokenTheProviderNeverIssuedIsRefused(TestOAuthProvider oauth) throws Exception {
        HttpResponse<String> r = refresh(oauth, "never-issued-" + System.nanoTime());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"invalid_grant\"");
    }

    static String issueRefreshToken(TestOAuthProvider oauth) throws Exception {
        String redirect = "http://localhost/cb";
        HttpResponse<String> authorize = HTTP.send(HttpRequest.newBuilder(URI.create(oauth.authorizationUrl()
                + "?response_type=code&scope=openid&state=s&" + CLIENT.split("&")[0]
                + "&redirect_uri=" + enc(redirect))).GET().build(), HttpResponse.BodyHandlers.ofString());
        String location = authorize.headers().firstValue("Location").orElseThrow();
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
        assertThat(code.find()).as("redirect carries a code: %s", location).isTrue();
        HttpResponse<String> token = post(oauth.tokenUrl(), CLIENT + "&grant_type=authorization_code&code="
                + code.group(1) + "&redirect_uri=" + enc(redirect));
        assertThat(token.statusCode()).isEqualTo(200);
        Matcher refresh = Pattern.compile("\"refresh_token\"\\s*:\\s*\"([^\"]+)\"").matcher(token.body());
        assertThat(refresh.find()).isTrue();
        return URLDecoder.decode(refresh.group(1), StandardCharsets.UTF_8);
    }

    static HttpResponse<String> refresh(TestOAuthProvider oauth, String refreshToken) throws Exception {
        return post(oauth.tokenUrl(), CLIENT + "&grant_type=refresh_token&refresh_token=" + enc(refreshToken));
    }

    static HttpResponse<String> post(String url, String form) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
