package dev.deckhand.steps;

import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingsCatalog;
import dev.deckhand.http.LazyHttpClient;
import dev.deckhand.http.OutboundHttpMetrics;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code http}: calls the connected account's API (OAUTH_API_BASE_URL) with the account's Bearer
 * token. Config: {@code method} (default GET), {@code path} (templated, under the base URL),
 * {@code body} (JSON, strings templated), {@code headers}, {@code expected_status} (number or
 * list; default any 2xx) and an optional read-only {@code preflight} check of the same shape.
 * Logs method, path and status only: bodies may hold the account's data.
 *
 * <p>Safe to run twice: delivery is at-least-once, so a step in progress at a crash or a lost
 * lease runs again. Every executed call carries {@code Idempotency-Key}, derived from (run id,
 * step id) alone ({@link #idempotencyKey}), the same on every attempt and retry of the run, so
 * the account's API can recognise a repeat. It overrides a configured header of that name.
 *
 * <p>The Bearer token goes only to the API: at run time (so also for steps stored before these
 * checks, or written around validation) the templated path must start with one {@code /}, and
 * the final URI's scheme, host, port and user-info must equal OAUTH_API_BASE_URL's; otherwise the
 * step fails without a request ({@code "@attacker.example/x"} would otherwise make the base URL's
 * host the user-info of a URI pointing elsewhere, e.g. cloud metadata at 169.254.169.254). A
 * preflight check runs only with GET, whatever is stored.
 */
@Singleton
public class HttpStepKind implements StepKind {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> FORBIDDEN_HEADERS = Set.of("authorization", "cookie", "host", "content-length",
            "connection", "proxy-authorization");
    private final String baseUrl;
    private final URI base;
    private final JsonMapper json;
    /** How long connecting to the account API may take. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long one step's request may take once connected. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** Built on the first call, not at boot: see {@link LazyHttpClient}. */
    private final LazyHttpClient http = LazyHttpClient.withoutRedirects(CONNECT_TIMEOUT);

    public HttpStepKind(ResolvedSettings settings, JsonMapper json) {
        this.baseUrl = settings.find(SettingsCatalog.OAUTH_API_BASE_URL).map(u -> u.replaceAll("/$", "")).orElse(null);
        this.base = baseUrl == null ? null : URI.create(baseUrl);
        this.json = json;
    }

    /** Whether the outbound client exists yet (tests: it must not be built at boot). */
    boolean httpClientBuilt() {
        return http.isBuilt();
    }

    @Override
    public String name() {
        return "http";
    }

    /** A token refresh at the provider (when due), then the request: each bounded by its timeouts. */
    @Override
    public Duration longest(Map<String, Object> config) {
        return dev.deckhand.oauth.OAuthClient.CONNECT_TIMEOUT.plus(dev.deckhand.oauth.OAuthClient.REQUEST_TIMEOUT)
                .plus(CONNECT_TIMEOUT).plus(REQUEST_TIMEOUT);
    }

    @Override
    public void validate(Map<String, Object> config) {
        validateRequest(config, "http");
        if (config.get("preflight") != null) {
            if (!(config.get("preflight") instanceof Map<?, ?> p)) {
                throw new IllegalArgumentException("http: preflight must be an object");
            }
            @SuppressWarnings("unchecked") Map<String, Object> pre = (Map<String, Object>) p;
            validateRequest(pre, "http preflight");
            if (!"GET".equals(method(pre))) {
                throw new IllegalArgumentException("http preflight: only GET checks are allowed");
            }
        }
    }

    private static void validateRequest(Map<String, Object> config, String what) {
        if (!METHODS.contains(method(config))) {
            throw new IllegalArgumentException(what + ": method must be one of " + METHODS);
        }
        Object path = config.get("path");
        if (!(path instanceof String p) || !p.startsWith("/") || p.startsWith("//") || p.contains("://")
                || p.contains("\\") || p.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(what + ": path must be an absolute path like /v1/things");
        }
        if (config.get("headers") != null) {
            if (!(config.get("headers") instanceof Map<?, ?> h)) {
                throw new IllegalArgumentException(what + ": headers must be an object");
            }
            for (Object name : h.keySet()) {
                if (FORBIDDEN_HEADERS.contains(String.valueOf(name).toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException(what + ": header " + name + " cannot be set");
                }
            }
        }
        expected(config);
    }

    @Override
    @SuppressWarnings("unchecked")
    public StepOutcome preflight(StepRun run) throws Exception {
        Object pre = run.config().get("preflight");
        if (!(pre instanceof Map<?, ?>)) {
            return StepOutcome.ok("will call " + method(run.config()) + " " + run.config().get("path"));
        }
        if (!"GET".equals(method((Map<String, Object>) pre))) {
            return StepOutcome.error("preflight checks may only GET");
        }
        return call((Map<String, Object>) pre, run, null);
    }

    @Override
    public StepOutcome execute(StepRun run) throws Exception {
        return call(run.config(), run, idempotencyKey(run));
    }

    /**
     * {@code deckhand-<uuid>}: a name-based UUID of (job id, step id); null when the run has no
     * job id (a preflight's checks are read-only).
     */
    static String idempotencyKey(StepRun run) {
        String job = run.variables().get("job_id");
        if (job == null || run.step() == null || run.step().id() == null) {
            return null;
        }
        return "deckhand-" + UUID.nameUUIDFromBytes(("deckhand step " + job + " " + run.step().id())
                .getBytes(StandardCharsets.UTF_8));
    }

    private StepOutcome call(Map<String, Object> config, StepRun run, String idempotencyKey)
            throws IOException, InterruptedException {
        if (baseUrl == null) {
            return StepOutcome.error("OAUTH_API_BASE_URL is not configured");
        }
        String method = method(config);
        String path = config.get("path") instanceof String p ? Templates.renderString(p, run.variables()) : "";
        URI target = onApi(path);
        if (target == null) {
            return StepOutcome.error("path resolves outside the API");
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (config.get("headers") instanceof Map<?, ?> headers) {
            headers.forEach((k, v) -> b.header(String.valueOf(k),
                    Templates.renderString(String.valueOf(v), run.variables())));
        }
        Object body = config.get("body");
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(
                    Templates.render(body, run.variables()))));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        if (idempotencyKey != null) {
            b.setHeader("Idempotency-Key", idempotencyKey);
        }
        b.header("Authorization", "Bearer " + run.accessToken().get());
        HttpResponse<Void> response = OutboundHttpMetrics.send("step", http.get(), b.build(),
                HttpResponse.BodyHandlers.discarding());
        run.log().accept(method + " " + path + " -> " + response.statusCode());
        List<Integer> expected = expected(config);
        boolean ok = expected.isEmpty() ? response.statusCode() / 100 == 2 : expected.contains(response.statusCode());
        return ok ? StepOutcome.ok(method + " " + path + " returned " + response.statusCode())
                : StepOutcome.error(method + " " + path + " returned " + response.statusCode() + ", expected "
                + (expected.isEmpty() ? "2xx" : expected));
    }

    /** The URI for {@code path} if it stays on OAUTH_API_BASE_URL's scheme, user-info, host and port; else null. */
    URI onApi(String path) {
        if (!path.startsWith("/") || path.startsWith("//") || path.contains("\\")
                || path.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return null;
        }
        URI u;
        try {
            u = new URI(baseUrl + path);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
        boolean same = base.getHost() != null && base.getScheme().equalsIgnoreCase(String.valueOf(u.getScheme()))
                && u.getHost() != null && base.getHost().equalsIgnoreCase(u.getHost())
                && base.getPort() == u.getPort()
                && java.util.Objects.equals(base.getRawUserInfo(), u.getRawUserInfo());
        return same ? u : null;
    }

    static String method(Map<String, Object> config) {
        return String.valueOf(config.getOrDefault("method", "GET")).toUpperCase(Locale.ROOT);
    }

    static List<Integer> expected(Map<String, Object> config) {
        Object e = config.get("expected_status");
        try {
            if (e == null) {
                return List.of();
            }
            if (e instanceof List<?> l) {
                return l.stream().map(x -> Integer.parseInt(String.valueOf(x))).toList();
            }
            return List.of(Integer.parseInt(String.valueOf(e)));
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("http: expected_status must be a status code or a list of them");
        }
    }
}
