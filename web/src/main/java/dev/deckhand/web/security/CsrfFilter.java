package dev.deckhand.web.security;

import dev.deckhand.web.problem.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.body.ByteBody;
import io.micronaut.http.body.CloseableAvailableByteBody;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.web.router.RouteAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * CSRF protection for unsafe methods (POST, PUT, PATCH, DELETE) that are not authenticated by an
 * {@code Authorization: Bearer} API token (those cannot be forged by a browser) and not
 * {@link CsrfExempt}. Two independent checks, both required, 403 problem+json on failure:
 * <ol>
 *   <li>Origin (or, without Origin, Referer) must name a host in ALLOWED_HOSTS, with https when
 *       the request is HTTPS; over HTTPS one of the two headers must be present.</li>
 *   <li>The signed double-submit token ({@link CsrfTokens}) in X-CSRF-Token, or for
 *       urlencoded forms in the {@code csrf_token} field, must equal the cookie's.</li>
 * </ol>
 * Applies also to requests without any cookie (login CSRF). Multipart forms must send the header.
 * WebSocket upgrades (any method) need an allowed Origin, since they carry cookies cross-site.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class CsrfFilter implements Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(CsrfFilter.class);
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<HttpMethod> UNSAFE = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

    private final CsrfTokens tokens;
    private final SecuritySettings settings;
    private final ClientAddressResolver resolver;

    public CsrfFilter(CsrfTokens tokens, SecuritySettings settings, ClientAddressResolver resolver) {
        this.tokens = tokens;
        this.settings = settings;
        this.resolver = resolver;
    }

    /**
     * WebSocket upgrades (any method): header checks only, so this runs where the chain runs
     * (the event loop) and costs safe requests no thread hop.
     */
    @RequestFilter
    @Nullable
    public HttpResponse<?> verifyWebSocketOrigin(HttpRequest<?> request) {
        if (!isWebSocketUpgrade(request) || isBearer(request)) {
            return null;
        }
        // Cross-site WebSocket hijacking: browsers send cookies with a foreign page's upgrade.
        String origin = request.getHeaders().get("Origin");
        boolean ok = origin != null && sourceAllowed(origin, resolver.resolveClient(request).secure());
        return ok ? null : reject(request, "WebSocket Origin not allowed.");
    }

    /**
     * Unsafe methods only ({@code methods} below), on the blocking pool because a form body may
     * have to be awaited. (Returning a future that completes later with "continue" made
     * Micronaut 4.10 answer an empty 503.) GET, HEAD and OPTIONS never reach it, so they are not
     * moved off the event loop for nothing.
     */
    @RequestFilter(methods = {HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE})
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<?> verify(HttpRequest<?> request) {
        if (isWebSocketUpgrade(request) && !isBearer(request)) {
            return null; // verifyWebSocketOrigin decides; an upgrade carries no CSRF token
        }
        if (!UNSAFE.contains(request.getMethod()) || isBearer(request) || isExempt(request)) {
            return null;
        }
        Optional<String> originProblem = originProblem(request);
        if (originProblem.isPresent()) {
            return reject(request, originProblem.get());
        }
        String header = request.getHeaders().get(CsrfTokens.HEADER);
        if (header != null || !isUrlEncodedForm(request) || !(request instanceof ServerHttpRequest<?> server)) {
            return tokenCheck(request, header);
        }
        // Read a copy of the body; FASTEST so the unread original never stalls the copy.
        try (CloseableAvailableByteBody body = server.byteBody().split(ByteBody.SplitBackpressureMode.FASTEST)
                .buffer().get(BODY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            return tokenCheck(request, formField(body.toString(StandardCharsets.UTF_8)));
        } catch (TimeoutException e) {
            return Problem.of(HttpStatus.REQUEST_TIMEOUT, "The request body did not arrive in time.").toResponse();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return reject(request, "CSRF token missing.");
        } catch (ExecutionException e) {
            return reject(request, "CSRF token missing.");
        }
    }

    private @Nullable HttpResponse<?> tokenCheck(HttpRequest<?> request, @Nullable String submitted) {
        if (submitted == null || submitted.isBlank()) {
            return reject(request, "CSRF token missing.");
        }
        return tokens.matches(request, submitted.strip()) ? null : reject(request, "CSRF token invalid or expired.");
    }

    private Optional<String> originProblem(HttpRequest<?> request) {
        boolean secure = resolver.resolveClient(request).secure();
        String origin = request.getHeaders().get("Origin");
        if (origin != null) {
            return sourceAllowed(origin, secure) ? Optional.empty() : Optional.of("Origin not allowed.");
        }
        String referer = request.getHeaders().get(HttpHeaders.REFERER);
        if (referer != null) {
            return sourceAllowed(referer, secure) ? Optional.empty() : Optional.of("Referer not allowed.");
        }
        return secure ? Optional.of("Origin or Referer header required.") : Optional.empty();
    }

    private boolean sourceAllowed(String url, boolean secure) {
        try {
            URI u = new URI(url.strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && (secure || !scheme.equals("http"))) {
                return false;
            }
            return u.getRawAuthority() != null && !u.getRawAuthority().contains("@")
                    && settings.allowedHosts().allows(u.getRawAuthority());
        } catch (Exception e) {
            return false; // includes Origin: null
        }
    }

    private HttpResponse<?> reject(HttpRequest<?> request, String reason) {
        LOG.warn("CSRF check failed for {} {} from {}: {}", request.getMethod(), request.getPath(),
                resolver.resolveClient(request).ipText(), reason);
        return Problem.of(HttpStatus.FORBIDDEN, "CSRF verification failed: " + reason).toResponse();
    }

    private static boolean isWebSocketUpgrade(HttpRequest<?> request) {
        String upgrade = request.getHeaders().get("Upgrade");
        return upgrade != null && upgrade.strip().equalsIgnoreCase("websocket");
    }

    private static boolean isBearer(HttpRequest<?> request) {
        String auth = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && auth.length() > 7;
    }

    private static boolean isExempt(HttpRequest<?> request) {
        return RouteAttributes.getRouteInfo(request).map(r -> r.getAnnotationMetadata().hasAnnotation(CsrfExempt.class)
                || r.getDeclaringType().isAnnotationPresent(CsrfExempt.class)).orElse(false);
    }

    private static boolean isUrlEncodedForm(HttpRequest<?> request) {
        return request.getContentType().map(t -> MediaType.APPLICATION_FORM_URLENCODED.equals(t.getName())).orElse(false);
    }

    static @Nullable String formField(String body) {
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (CsrfTokens.FORM_FIELD.equals(name)) {
                try {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    @Override
    public int getOrder() {
        return SecurityFilterOrder.CSRF;
    }
}
