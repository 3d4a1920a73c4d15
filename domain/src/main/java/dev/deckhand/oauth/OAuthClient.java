package dev.deckhand.oauth;

import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.http.LazyHttpClient;
import dev.deckhand.http.OutboundHttpMetrics;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The provider, over java.net.http: authorization URL (code + PKCE S256), code exchange,
 * refresh, RFC 7009 revocation and userinfo. Endpoints come from discovery once (lazily) unless
 * configured explicitly. Confidential clients authenticate with HTTP Basic (RFC 6749 2.3.1);
 * public clients send client_id in the form. A discovery document whose {@code issuer} is not
 * OAUTH_ISSUER_URL is refused (OIDC Discovery 4.3: a mix-up or a spoofed document).
 */
@Singleton
public class OAuthClient {

    private static final Argument<Map<String, Object>> JSON_OBJECT = Argument.mapOf(String.class, Object.class);
    private final OAuthSettings settings;
    private final JsonMapper json;
    private final Clock clock;
    /** Built on the first request to the provider, not at boot: see {@link LazyHttpClient}. */
    /** How long connecting to the provider may take. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long one request to the provider may take (a token refresh, a revocation, user info). */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final LazyHttpClient http = LazyHttpClient.withoutRedirects(CONNECT_TIMEOUT);
    private volatile OAuthEndpoints endpoints;

    public OAuthClient(ResolvedSettings settings, JsonMapper json, Clock clock) {
        this(OAuthSettings.from(settings), json, clock);
    }

    public OAuthClient(OAuthSettings settings, JsonMapper json, Clock clock) {
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    /** Whether the outbound client exists yet (tests: it must not be built at boot). */
    boolean httpClientBuilt() {
        return http.isBuilt();
    }

    public OAuthSettings settings() {
        return settings;
    }

    public OAuthEndpoints endpoints() {
        OAuthEndpoints e = endpoints;
        if (e == null) {
            e = discover();
            endpoints = e;
        }
        return e;
    }

    private OAuthEndpoints discover() {
        Map<String, Object> doc = Map.of();
        String issuer = settings.issuerUrl();
        if (issuer != null && !issuer.isBlank()) {
            issuer = issuer.replaceAll("/$", "");
            doc = getJson(URI.create(issuer + "/.well-known/openid-configuration"), null, "discovery");
        }
        if (issuer != null && !issuer.isBlank() && !issuer.equals(String.valueOf(doc.get("issuer")).replaceAll("/$", ""))) {
            throw new OAuthException("discovery: the provider's issuer does not match OAUTH_ISSUER_URL", 200, null);
        }
        String auth = pick(settings.authorizationUrl(), doc.get("authorization_endpoint"));
        String token = pick(settings.tokenUrl(), doc.get("token_endpoint"));
        if (auth == null || token == null) {
            throw new IllegalStateException("OAuth is not configured: set OAUTH_ISSUER_URL or OAUTH_AUTHORIZATION_URL and OAUTH_TOKEN_URL");
        }
        String iss = doc.get("issuer") != null ? doc.get("issuer").toString()
                : issuer != null ? issuer : URI.create(token).resolve("/").toString();
        return new OAuthEndpoints(iss, auth, token, pick(settings.revocationUrl(), doc.get("revocation_endpoint")),
                doc.get("userinfo_endpoint") == null ? null : doc.get("userinfo_endpoint").toString(),
                doc.get("jwks_uri") == null ? null : doc.get("jwks_uri").toString());
    }

    private static String pick(String explicit, Object discovered) {
        return explicit != null && !explicit.isBlank() ? explicit : discovered == null ? null : discovered.toString();
    }

    /** True when ID tokens are expected and checked: discovery gave a JWKS and the scopes ask for openid. */
    public boolean oidc() {
        return endpoints().jwksUri() != null && java.util.Arrays.asList(settings.scopes().split("\\s+")).contains("openid");
    }

    public String authorizationUrl(String state, String codeChallenge, String redirectUri, String scopes) {
        return authorizationUrl(state, codeChallenge, redirectUri, scopes, null);
    }

    /** @param nonce the OIDC nonce (null: none sent) */
    public String authorizationUrl(String state, String codeChallenge, String redirectUri, String scopes, String nonce) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", settings.clientId());
        q.put("redirect_uri", redirectUri);
        q.put("scope", scopes);
        q.put("state", state);
        q.put("code_challenge", codeChallenge);
        q.put("code_challenge_method", "S256");
        if (nonce != null) {
            q.put("nonce", nonce);
        }
        String base = endpoints().authorizationUrl();
        return base + (base.contains("?") ? "&" : "?") + form(q);
    }

    public TokenResponse exchangeCode(String code, String verifier, String redirectUri) {
        return token(Map.of("grant_type", "authorization_code", "code", code, "code_verifier", verifier,
                "redirect_uri", redirectUri), "code exchange");
    }

    public TokenResponse refresh(String refreshToken) {
        return token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken), "token refresh");
    }

    /** RFC 7009. Success (200) also covers tokens the provider no longer knows. */
    public void revoke(String token, String typeHint) {
        String url = endpoints().revocationUrl();
        if (url == null) {
            throw new IllegalStateException("the provider has no revocation endpoint (OAUTH_REVOCATION_URL)");
        }
        HttpResponse<byte[]> r = post(URI.create(url), Map.of("token", token, "token_type_hint", typeHint), "revocation");
        if (r.statusCode() != 200) {
            throw new OAuthException("revocation refused", r.statusCode(), errorCode(r));
        }
    }

    public Map<String, Object> userinfo(String accessToken) {
        String url = endpoints().userinfoUrl();
        if (url == null) {
            throw new IllegalStateException("the provider has no userinfo endpoint");
        }
        return getJson(URI.create(url), accessToken, "userinfo");
    }

    private TokenResponse token(Map<String, String> params, String what) {
        HttpResponse<byte[]> r = post(URI.create(endpoints().tokenUrl()), params, what);
        if (r.statusCode() != 200) {
            throw new OAuthException(what + " refused", r.statusCode(), errorCode(r));
        }
        Map<String, Object> body = parse(r.body(), what);
        Object access = body.get("access_token");
        if (access == null) {
            throw new OAuthException(what + " returned no access_token", r.statusCode(), null);
        }
        Object expiresIn = body.get("expires_in");
        return new TokenResponse(access.toString(),
                body.get("refresh_token") == null ? null : body.get("refresh_token").toString(),
                expiresIn == null ? null : clock.instant().plusSeconds(Long.parseLong(expiresIn.toString())),
                body.get("scope") == null ? null : body.get("scope").toString(),
                body.get("id_token") == null ? null : body.get("id_token").toString());
    }

    private HttpResponse<byte[]> post(URI uri, Map<String, String> params, String what) {
        Map<String, String> form = new LinkedHashMap<>(params);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json");
        if (settings.clientSecret() != null && !settings.clientSecret().isEmpty()) {
            String basic = URLEncoder.encode(settings.clientId(), StandardCharsets.UTF_8) + ":"
                    + URLEncoder.encode(settings.clientSecret(), StandardCharsets.UTF_8);
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        } else {
            form.put("client_id", settings.clientId());
        }
        return send(b.POST(HttpRequest.BodyPublishers.ofString(form(form))).build(), what);
    }

    private Map<String, Object> getJson(URI uri, String bearer, String what) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<byte[]> r = send(b.GET().build(), what);
        if (r.statusCode() != 200) {
            throw new OAuthException(what + " failed", r.statusCode(), null);
        }
        return parse(r.body(), what);
    }

    private HttpResponse<byte[]> send(HttpRequest request, String what) {
        try {
            return OutboundHttpMetrics.send("oauth", http.get(), request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new OAuthException(what + ": provider unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OAuthException(what + ": interrupted", e);
        }
    }

    private Map<String, Object> parse(byte[] body, String what) {
        try {
            return json.readValue(body, JSON_OBJECT);
        } catch (IOException e) {
            throw new OAuthException(what + ": provider answered with invalid JSON", 200, null);
        }
    }

    private String errorCode(HttpResponse<byte[]> r) {
        try {
            Object e = json.readValue(r.body(), JSON_OBJECT).get("error");
            return e == null ? null : e.toString().replaceAll("[^a-z_]", "");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
