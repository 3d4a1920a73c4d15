package dev.deckhand.steps;

import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.http.LazyHttpClient;
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
 */
@Singleton
public class HttpStepKind implements StepKind {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> FORBIDDEN_HEADERS = Set.of("authorization", "cookie", "host", "content-length",
            "connection", "proxy-authorization");
    private final String baseUrl;
    private final JsonMapper json;
    /** Built on the first call, not at boot: see {@link LazyHttpClient}. */
    private final LazyHttpClient http = LazyHttpClient.withoutRedirects(Duration.ofSeconds(10));

    public HttpStepKind(ResolvedSettings settings, JsonMapper json) {
        this.baseUrl = settings.get("OAUTH_API_BASE_URL").map(u -> u.replaceAll("/$", "")).orElse(null);
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
        String path = Templates.renderString((String) config.get("path"), run.variables());
        if (path.contains("://") || path.startsWith("//")) {
            return StepOutcome.error("path resolves outside the API");
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
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
        HttpResponse<Void> response = http.get().send(b.build(), HttpResponse.BodyHandlers.discarding());
        run.log().accept(method + " " + path + " -> " + response.statusCode());
        List<Integer> expected = expected(config);
        boolean ok = expected.isEmpty() ? response.statusCode() / 100 == 2 : expected.contains(response.statusCode());
        return ok ? StepOutcome.ok(method + " " + path + " returned " + response.statusCode())
                : StepOutcome.error(method + " " + path + " returned " + response.statusCode() + ", expected "
                + (expected.isEmpty() ? "2xx" : expected));
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
