package dev.deckhand.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.deckhand.accounts.ConnectedAccountRepository;
import dev.deckhand.accounts.Sessions;
import dev.deckhand.accounts.User;
import dev.deckhand.credentials.AccountCredentials;
import dev.deckhand.credentials.CredentialSweeper;
import dev.deckhand.jobqueue.JobEnqueuer;
import dev.deckhand.jobqueue.QueueUnavailableException;
import dev.deckhand.oauth.OAuthFlows;
import dev.deckhand.web.problem.ProblemException;
import dev.deckhand.web.security.LoginThrottle;
import dev.deckhand.web.security.OAuthFlowCookie;
import dev.deckhand.web.security.RateLimitedOnRoute;
import dev.deckhand.web.security.SecureCookies;
import dev.deckhand.web.ui.session.SignedInUser;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sign-in and account connection for API clients (the browser UI has its own pages):
 * <ul>
 *   <li>{@code GET /api/auth/signin}: 302 to the provider (authorization code + PKCE);</li>
 *   <li>{@code POST /api/accounts/connect}: the provider URL to connect an account, as JSON;</li>
 *   <li>{@code GET /api/oauth/callback}: completes either flow. Sign-in answers the session token
 *       once (Cache-Control: no-store) and sets the session cookie; API clients send it as
 *       {@code Authorization: Bearer}.</li>
 * </ul>
 * Issue #13: both starts set the {@link OAuthFlowCookie}; the callback needs it (a client with a
 * cookie jar, or the browser that opened the URL) and, for connect, the credentials (Bearer or
 * session cookie) of the user who began it; anything else is a 400 problem and stores nothing.
 * Starts and callbacks are rate-limited per client IP ({@link LoginThrottle}).
 */
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
@RateLimitedOnRoute
public class AuthApiController {

    static final String CALLBACK = "/api/oauth/callback";
    private final OAuthFlows flows;
    private final ApiAuth auth;
    private final ApiViews views;
    private final Sessions sessions;
    private final SecureCookies cookies;
    private final ConnectedAccountRepository accounts;
    private final AccountCredentials credentials;
    private final JobEnqueuer enqueuer;
    private final OAuthFlowCookie flowCookie;
    private final LoginThrottle throttle;

    public AuthApiController(OAuthFlows flows, ApiAuth auth, ApiViews views, Sessions sessions, SecureCookies cookies,
                             ConnectedAccountRepository accounts, AccountCredentials credentials,
                             JobEnqueuer enqueuer, OAuthFlowCookie flowCookie, LoginThrottle throttle) {
        this.flowCookie = flowCookie;
        this.throttle = throttle;
        this.credentials = credentials;
        this.enqueuer = enqueuer;
        this.flows = flows;
        this.auth = auth;
        this.views = views;
        this.sessions = sessions;
        this.cookies = cookies;
        this.accounts = accounts;
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SignedIn(ApiViews.UserView user, ApiViews.AccountView account, @Nullable String token,
                           @Nullable Instant expiresAt) {
        @Override
        public String toString() {
            return "SignedIn[user=" + user.id() + ", token=<redacted>]";
        }
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Redirect(String authorizationUrl) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Me(ApiViews.UserView user, List<ApiViews.AccountView> accounts) {
    }

    @Get("/auth/signin")
    public HttpResponse<?> signIn(HttpRequest<?> request) {
        throttle.check(request, LoginThrottle.Step.BEGIN);
        OAuthFlows.Started started = DomainProblems.call(
                () -> flows.begin(OAuthFlows.SIGNIN, null, auth.callbackUrl(request, CALLBACK)));
        // 302, not redirect()'s 301: a permanent redirect would be cached with a single-use state.
        return HttpResponse.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, started.authorizationUrl())
                .header(HttpHeaders.CACHE_CONTROL, "no-store").cookie(flowCookie.create(request, started));
    }

    @Post(value = "/accounts/connect", consumes = {MediaType.APPLICATION_JSON, MediaType.ALL})
    public HttpResponse<Redirect> connect(HttpRequest<?> request) {
        User user = auth.require(request);
        throttle.check(request, LoginThrottle.Step.BEGIN);
        OAuthFlows.Started started = DomainProblems.call(
                () -> flows.begin(OAuthFlows.CONNECT, user.id(), auth.callbackUrl(request, CALLBACK)));
        return HttpResponse.ok(new Redirect(started.authorizationUrl())).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .cookie(flowCookie.create(request, started));
    }

    @Get("/oauth/callback")
    public HttpResponse<SignedIn> callback(HttpRequest<?> request, @Nullable @QueryValue String state,
                                           @Nullable @QueryValue String code, @Nullable @QueryValue String error) {
        throttle.check(request, LoginThrottle.Step.CALLBACK);
        if (error != null || code == null) {
            throw new ProblemException(HttpStatus.BAD_REQUEST,
                    "The provider did not authorize the request.");
        }
        String binding = flowCookie.read(request).orElse(null);
        java.util.UUID caller = auth.current(request).map(User::id).orElse(null);
        OAuthFlows.Result r = DomainProblems.call(() -> flows.complete(state, code, binding, caller));
        var response = HttpResponse.ok(new SignedIn(views.user(r.user()), views.account(r.account()), r.sessionToken(),
                r.sessionToken() == null ? null : Instant.now().plus(Sessions.SESSION_LIFETIME)))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").cookie(flowCookie.expire(request));
        if (r.sessionToken() != null) {
            response.cookie(cookies.create(request, SignedInUser.COOKIE, r.sessionToken()));
        }
        return response;
    }

    /** Disconnects an account now; the refresh token is revoked by a sweep queued right away. */
    @Delete("/accounts/{id}")
    public HttpResponse<?> disconnect(HttpRequest<?> request, UUID id) {
        User user = auth.require(request);
        if (!credentials.disconnect(user.id(), id)) {
            throw new ProblemException(HttpStatus.NOT_FOUND,
                    "account not found");
        }
        try {
            enqueuer.enqueue(CredentialSweeper.afterDisconnect());
        } catch (QueueUnavailableException e) {
            // The every-minute sweep revokes it anyway; the account is already unusable.
        }
        return HttpResponse.noContent();
    }

    @Get("/me")
    public Me me(HttpRequest<?> request) {
        User user = auth.require(request);
        return new Me(views.user(user), accounts.findByUserId(user.id()).stream().map(views::account).toList());
    }

    @Post(value = "/auth/signout", consumes = {MediaType.APPLICATION_JSON, MediaType.ALL})
    public HttpResponse<?> signOut(HttpRequest<?> request) {
        String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip()
                : cookies.read(request, SignedInUser.COOKIE).orElse(null);
        if (token != null) {
            sessions.revoke(token);
        }
        return HttpResponse.noContent().cookie(cookies.expire(request, SignedInUser.COOKIE));
    }
}
