package dev.deckhand.web.ui.account;

import dev.deckhand.accounts.Sessions;
import dev.deckhand.oauth.InvalidFlowException;
import dev.deckhand.oauth.OAuthException;
import dev.deckhand.oauth.OAuthFlows;
import dev.deckhand.web.security.ClientAddressResolver;
import dev.deckhand.web.security.LoginThrottle;
import dev.deckhand.web.security.OAuthFlowCookie;
import dev.deckhand.web.security.SecureCookies;
import dev.deckhand.web.ui.session.SignedInUser;
import dev.deckhand.web.ui.view.Blocking;
import dev.deckhand.web.ui.view.MessagePage;
import dev.deckhand.web.ui.view.Pages;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Browser sign-in and account connection through the domain's {@link OAuthFlows}
 * (authorization code + PKCE, state checked by the domain):
 * <ul>
 *   <li>{@code GET /signin?next=/path}: 303 to the provider;</li>
 *   <li>{@code POST /connect} (form, CSRF): on to the provider (meta refresh, {@link RedirectPage}) to
 *       connect the signed-in user's account;</li>
 *   <li>{@code GET /oauth/callback}: completes either flow; sign-in sets the {@code __Host-session}
 *       cookie; then 303 to the remembered path;</li>
 *   <li>{@code POST /signout} (form, CSRF): revokes the session and clears the cookie.</li>
 * </ul>
 * The return path is kept in a short-lived {@code __Host-next} cookie and sanitised by {@link ReturnPaths}.
 * Issue #13: starting a flow sets the {@link OAuthFlowCookie} and the callback completes the flow
 * only with it (and, for connect, only for the signed-in user who began it), else 400. Starts and
 * callbacks are rate-limited per client IP ({@link LoginThrottle}, 429 page with Retry-After).
 */
@Controller
public class AccountController {

    static final String NEXT_COOKIE = "next";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AccountController.class);

    private final OAuthFlows flows;
    private final Sessions sessions;
    private final SecureCookies cookies;
    private final SignedInUser users;
    private final ClientAddressResolver clients;
    private final Pages pages;
    private final Blocking blocking;
    private final OAuthFlowCookie flowCookie;
    private final LoginThrottle throttle;

    public AccountController(OAuthFlows flows, Sessions sessions, SecureCookies cookies, SignedInUser users,
                             ClientAddressResolver clients, Pages pages, Blocking blocking,
                             OAuthFlowCookie flowCookie, LoginThrottle throttle) {
        this.flowCookie = flowCookie;
        this.throttle = throttle;
        this.blocking = blocking;
        this.flows = flows;
        this.sessions = sessions;
        this.cookies = cookies;
        this.users = users;
        this.clients = clients;
        this.pages = pages;
    }

    @Get(uri = "/signin", produces = MediaType.TEXT_HTML)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<?> signIn(HttpRequest<?> request, @Nullable @QueryValue String next) {
        OptionalLong refused = throttle.refusedFor(request, LoginThrottle.Step.BEGIN);
        if (refused.isPresent()) {
            return tooMany(request, refused.getAsLong());
        }
        OAuthFlows.Started started;
        try {
            started = flows.begin(OAuthFlows.SIGNIN, null, callbackUri(request));
        } catch (OAuthException | IllegalStateException e) {
            return providerUnavailable(request, e);
        }
        return HttpResponse.seeOther(URI.create(started.authorizationUrl()))
                .cookie(cookies.create(request, NEXT_COOKIE, ReturnPaths.safe(next)).maxAge(600))
                .cookie(flowCookie.create(request, started));
    }

    @Post(uri = "/connect", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    public CompletableFuture<HttpResponse<?>> connect(HttpRequest<?> request, @Body Map<String, String> form) {
        return blocking.run(() -> {
            var user = users.current(request);
            if (user.isEmpty()) {
                return HttpResponse.seeOther(URI.create("/signin?next=" + java.net.URLEncoder.encode(
                        ReturnPaths.safe(form.get("next")), java.nio.charset.StandardCharsets.UTF_8)));
            }
            OptionalLong refused = throttle.refusedFor(request, LoginThrottle.Step.BEGIN);
            if (refused.isPresent()) {
                return tooMany(request, refused.getAsLong());
            }
            OAuthFlows.Started started;
            try {
                started = flows.begin(OAuthFlows.CONNECT, user.get().user().id(), callbackUri(request));
            } catch (OAuthException | IllegalStateException e) {
                return providerUnavailable(request, e);
            }
            String target = started.authorizationUrl();
            // Not a 303: the page CSP has form-action 'self', which also covers redirects of a form
            // submission, so the hop to the provider is a (CSP-neutral) meta refresh instead.
            return HttpResponse.ok(new RedirectPage("Connect account", target, pages.assetLinks()).render().html())
                    .contentType(Pages.HTML).header("Cache-Control", "no-store")
                    .cookie(cookies.create(request, NEXT_COOKIE, ReturnPaths.safe(form.get("next"))).maxAge(600))
                    .cookie(flowCookie.create(request, started));
        });
    }

    @Get(uri = "/oauth/callback", produces = MediaType.TEXT_HTML)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<?> callback(HttpRequest<?> request, @Nullable @QueryValue String state,
                                    @Nullable @QueryValue String code, @Nullable @QueryValue String error) {
        OptionalLong refused = throttle.refusedFor(request, LoginThrottle.Step.CALLBACK);
        if (refused.isPresent()) {
            return tooMany(request, refused.getAsLong());
        }
        if (error != null || state == null || code == null) {
            return problem(request, "The provider did not complete the sign-in" + (error == null ? "." : ": "
                    + error.replaceAll("[^A-Za-z0-9_.-]", "")));
        }
        OAuthFlows.Result result;
        try {
            UUID caller = users.current(request).map(s -> s.user().id()).orElse(null);
            result = flows.complete(state, code, flowCookie.read(request).orElse(null), caller);
        } catch (InvalidFlowException | OAuthException e) {
            return problem(request, "This sign-in link is invalid, has expired or was started in another browser. "
                    + "Please try again.");
        }
        String next = ReturnPaths.safe(cookies.read(request, NEXT_COOKIE).orElse("/"));
        MutableHttpResponse<?> response = HttpResponse.seeOther(URI.create(next))
                .cookie(cookies.expire(request, NEXT_COOKIE)).cookie(flowCookie.expire(request));
        if (result.sessionToken() != null) {
            response.cookie(cookies.create(request, SignedInUser.COOKIE, result.sessionToken()));
        }
        return response;
    }

    @Post(uri = "/signout", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<?> signOut(HttpRequest<?> request) {
        cookies.read(request, SignedInUser.COOKIE).ifPresent(sessions::revoke);
        return HttpResponse.seeOther(URI.create("/")).cookie(cookies.expire(request, SignedInUser.COOKIE));
    }

    private HttpResponse<?> tooMany(HttpRequest<?> request, long retryAfterSeconds) {
        return pages.render(request, HttpStatus.TOO_MANY_REQUESTS, new Pages.Frame("Too many attempts", "home", List.of()),
                        new MessagePage("Too many sign-in attempts",
                                "Please wait " + retryAfterSeconds + " seconds and try again."))
                .header("Retry-After", Long.toString(retryAfterSeconds));
    }

    /** OAuthException and IllegalStateException messages name the endpoint and status only, never a token. */
    private HttpResponse<?> providerUnavailable(HttpRequest<?> request, RuntimeException e) {
        LOG.warn("cannot start an OAuth flow: {}", e.getMessage());
        return pages.render(request, HttpStatus.BAD_GATEWAY, new Pages.Frame("Sign-in unavailable", "home", List.of()),
                new MessagePage("Sign-in unavailable",
                        "The account provider cannot be reached right now. Please try again later."));
    }

    private HttpResponse<?> problem(HttpRequest<?> request, String message) {
        return pages.render(request, HttpStatus.BAD_REQUEST, new Pages.Frame("Sign-in failed", "home", List.of()),
                new MessagePage("Sign-in failed", message));
    }

    /** The callback URL on the host the browser used (already validated against ALLOWED_HOSTS). */
    private String callbackUri(HttpRequest<?> request) {
        var client = clients.resolveClient(request);
        String host = client.host() == null ? "localhost" : client.host();
        return client.scheme() + "://" + host + "/oauth/callback";
    }
}
