package dev.deckhand.web.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.server.util.HttpHostResolver;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.Map;

/**
 * Test-only endpoints standing in for the admin API and the domain's write endpoints (the real
 * ones are built on top of these filters by other packages).
 */
@Controller
class ProbeController {

    private final LoginThrottle loginThrottle;
    private final HttpHostResolver hostResolver;

    ProbeController(LoginThrottle loginThrottle, HttpHostResolver hostResolver) {
        this.loginThrottle = loginThrottle;
        this.hostResolver = hostResolver;
    }

    @Get(value = "/api/base-url", produces = MediaType.APPLICATION_JSON)
    Map<String, Object> baseUrl(HttpRequest<?> request) {
        return Map.of("base", hostResolver.resolve(request));
    }

    @Get(value = "/api/admin/ping", produces = MediaType.APPLICATION_JSON)
    Map<String, Object> adminPing() {
        return Map.of("ok", true);
    }

    @AdminOnly
    @Get(value = "/internal/tools", produces = MediaType.APPLICATION_JSON)
    Map<String, Object> annotatedAdmin() {
        return Map.of("ok", true);
    }

    @Get(value = "/api/whoami", produces = MediaType.APPLICATION_JSON)
    Map<String, Object> whoami(HttpRequest<?> request) {
        ClientAddress c = ClientAddress.of(request).orElseThrow();
        return Map.of("ip", c.ipText(), "scheme", c.scheme());
    }

    /** A blocking API route that counts the rate limit on its own thread (as the real API controllers). */
    @Get(value = "/api/on-route", produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @RateLimitedOnRoute
    public Map<String, Object> onRoute() {
        return Map.of("ok", true);
    }

    @Get(value = "/probe/page", produces = MediaType.TEXT_HTML)
    String page() {
        return "<!doctype html><title>probe</title><p>ok</p>";
    }

    @Get(value = "/probe/whoami", produces = MediaType.APPLICATION_JSON)
    Map<String, Object> probeWhoami(HttpRequest<?> request) {
        return whoami(request);
    }

    @Post(value = "/api/echo", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    Map<String, Object> echo(@Body Map<String, Object> body) {
        return Map.of("ok", true, "echo", body);
    }

    @Post(value = "/api/form", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.APPLICATION_JSON)
    Map<String, Object> form(@Body Map<String, String> form) {
        return Map.of("ok", true, "name", form.getOrDefault("name", ""));
    }

    @Get("/api/boom")
    String boom() {
        throw new IllegalStateException("internal-detail-that-must-not-leak");
    }

    /** A page route that fails: a browser must get the HTML 500 page without this message. */
    @Get(value = "/probe/boom", produces = MediaType.TEXT_HTML)
    String pageBoom() {
        throw new IllegalStateException("internal-detail-that-must-not-leak");
    }

    @Post(value = "/probe/submit", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    String submit(@Body Map<String, String> form) {
        return "<!doctype html><title>probe</title><p>submitted</p>";
    }

    @Get(value = "/api/careless-cookie", produces = MediaType.APPLICATION_JSON)
    HttpResponse<Map<String, Object>> carelessCookie() {
        return HttpResponse.ok(Map.<String, Object>of("ok", true)).cookie(Cookie.of("careless", "x"));
    }

    @CsrfExempt
    @Post(value = "/probe/login", produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    Map<String, Object> login(HttpRequest<?> request, @QueryValue String account) {
        loginThrottle.check(request, LoginThrottle.Step.BEGIN);
        return Map.of("ok", true);
    }
}
