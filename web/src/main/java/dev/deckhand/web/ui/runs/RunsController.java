package dev.deckhand.web.ui.runs;

import dev.deckhand.credentials.ReconnectRequiredException;
import dev.deckhand.runs.NotFoundException;
import dev.deckhand.runs.PlanRunner;
import dev.deckhand.storage.Storage;
import dev.deckhand.storage.Visibility;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.QueryValue;
import dev.deckhand.runs.QueueFullException;
import dev.deckhand.runs.RunNotAllowedException;
import dev.deckhand.runs.RunService;
import dev.deckhand.runs.Viewer;
import dev.deckhand.web.security.AdminAccess;
import dev.deckhand.web.ui.session.SignedInUser;
import dev.deckhand.web.ui.view.MessagePage;
import dev.deckhand.web.ui.view.Pages;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The user's runs, through the domain's {@link RunService} (which enforces ownership, preflight
 * freshness, connected account and back-pressure):
 * <ul>
 *   <li>{@code POST /plans/{id}/preflight}, {@code POST /plans/{id}/jobs}: start, then 303 to the run page;</li>
 *   <li>{@code GET /preflights/{id}}, {@code GET /jobs/{id}}: the run page; {@code .../live} is its
 *       live fragment, refreshed by run.js on WebSocket events and by polling;</li>
 *   <li>{@code GET /jobs/{id}/log.txt}: the log as a text download;</li>
 *   <li>{@code POST /jobs/{id}/cancel}: request cancellation (effective before the next step);</li>
 *   <li>{@code POST /jobs/{id}/retry}: the owner retries a failed job from the step that failed.</li>
 * </ul>
 * Every route needs a signed-in user; without one, pages redirect to sign-in.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class RunsController {

    private static final List<String> SCRIPTS = List.of("live.js", "run.js");
    private static final MediaType LOG_TEXT = MediaType.of("text/plain;charset=utf-8");

    private final RunService runs;
    private final RunView view;
    private final Pages pages;
    private final SignedInUser users;
    private final AdminAccess admin;
    private final Storage storage;

    public RunsController(RunService runs, RunView view, Pages pages, SignedInUser users, AdminAccess admin,
                          Storage storage) {
        this.storage = storage;
        this.admin = admin;
        this.runs = runs;
        this.view = view;
        this.pages = pages;
        this.users = users;
    }

    @Post(uri = "/plans/{planId}/preflight", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> startPreflight(HttpRequest<?> request, @PathVariable UUID planId) {
        return act(request, u -> "/preflights/" + runs.startPreflight(u, planId).id());
    }

    /** The optional steps ticked in the form come as repeated {@code steps} fields; required steps always run. */
    @Post(uri = "/plans/{planId}/jobs", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> startJob(HttpRequest<?> request, @PathVariable UUID planId,
                                    @Nullable @Body Map<String, Object> form) {
        return act(request, u -> "/jobs/" + runs.startJob(u, planId, chosenSteps(form)).id());
    }

    private static List<UUID> chosenSteps(@Nullable Map<String, Object> form) {
        Object v = form == null ? null : form.get("steps");
        List<?> values = v == null ? List.of() : v instanceof List<?> l ? l : List.of(v);
        List<UUID> ids = new java.util.ArrayList<>();
        for (Object o : values) {
            try {
                ids.add(UUID.fromString(String.valueOf(o)));
            } catch (IllegalArgumentException e) {
                throw new RunNotAllowedException("selected steps are not part of this plan");
            }
        }
        return ids;
    }

    @Post(uri = "/jobs/{id}/cancel", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> cancel(HttpRequest<?> request, @PathVariable UUID id) {
        return act(request, u -> {
            runs.cancel(admin.viewer(request, u), id);
            return "/jobs/" + id;
        });
    }

    @Post(uri = "/jobs/{id}/retry", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> retry(HttpRequest<?> request, @PathVariable UUID id) {
        return act(request, u -> "/jobs/" + runs.retry(u, id).id());
    }

    @Get(uri = "/jobs/{id}", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> job(HttpRequest<?> request, @PathVariable UUID id) {
        return show(request, "Job", () -> {
            var u = user(request);
            return view.of(runs.job(admin.viewer(request, u), id), u.id());
        });
    }

    @Get(uri = "/preflights/{id}", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> preflight(HttpRequest<?> request, @PathVariable UUID id) {
        return show(request, "Preflight", () -> view.of(runs.preflight(viewer(request), id)));
    }

    /** The live fragment; {@code after}: the client already shows the log up to this seq. */
    @Get(uri = "/jobs/{id}/live", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> jobLive(HttpRequest<?> request, @PathVariable UUID id, @Nullable @QueryValue Long after) {
        return handle(request, () -> {
            var u = user(request);
            RunView.Run r = view.of(runs.job(admin.viewer(request, u), id), u.id());
            return pages.renderFragment(request, token -> view.live(r, token, after == null ? 0 : Math.max(0, after)));
        });
    }

    /**
     * The job's log as a text download, for whoever may see the job (owner; admins from an admin
     * network): the stored copy once the job has finished (private storage, streamed through here
     * as it is read, so no storage URL leaves the server and a long log is never held in memory
     * whole), else the lines so far.
     */
    @Get(uri = "/jobs/{id}/log.txt")
    public HttpResponse<?> jobLogText(HttpRequest<?> request, @PathVariable UUID id) {
        return handle(request, () -> {
            var job = runs.job(viewer(request), id);
            InputStream stored = null;
            if (!dev.deckhand.runs.RunStatus.STARTED.equals(job.status())) {
                try {
                    stored = storage.open(Visibility.PRIVATE, PlanRunner.logKey(job.id()));
                } catch (java.io.IOException e) {
                    stored = null; // not stored (yet): the lines are the log
                }
            }
            MutableHttpResponse<?> response = stored != null ? HttpResponse.ok(new StreamedFile(stored, LOG_TEXT))
                    : HttpResponse.ok(runs.log(viewer(request), id).getBytes(StandardCharsets.UTF_8));
            return response.contentType(LOG_TEXT)
                    .header("Content-Disposition", "attachment; filename=\"job-" + job.id() + ".log.txt\"")
                    .header("Cache-Control", "no-store").header("X-Content-Type-Options", "nosniff");
        });
    }

    @Get(uri = "/preflights/{id}/live", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> preflightLive(HttpRequest<?> request, @PathVariable UUID id) {
        return fragment(request, () -> view.of(runs.preflight(viewer(request), id)));
    }

    /** The signed-in user; admin powers only from an admin network (AdminAccess.viewer). */
    private Viewer viewer(HttpRequest<?> request) {
        return admin.viewer(request, user(request));
    }

    private dev.deckhand.accounts.User user(HttpRequest<?> request) {
        return users.current(request).map(SignedInUser.Current::user).orElseThrow(SignInRequired::new);
    }

    private HttpResponse<?> show(HttpRequest<?> request, String title, Supplier<RunView.Run> run) {
        return handle(request, () -> {
            RunView.Run r = run.get();
            return pages.render(request, new Pages.Frame(title, "home", SCRIPTS), token -> view.page(r, token));
        });
    }

    private HttpResponse<?> fragment(HttpRequest<?> request, Supplier<RunView.Run> run) {
        return handle(request, () -> {
            RunView.Run r = run.get();
            return pages.renderFragment(request, token -> view.live(r, token));
        });
    }

    private HttpResponse<?> act(HttpRequest<?> request, Function<dev.deckhand.accounts.User, String> action) {
        return handle(request, () -> HttpResponse.seeOther(URI.create(action.apply(user(request)))));
    }

    /** Maps the domain's refusals to pages a person can act on. */
    private HttpResponse<?> handle(HttpRequest<?> request, Supplier<HttpResponse<?>> body) {
        try {
            return body.get();
        } catch (SignInRequired e) {
            String back = request.getMethod().name().equals("GET") ? request.getPath() : "/";
            return HttpResponse.seeOther(URI.create("/signin?next=" + URLEncoder.encode(back, StandardCharsets.UTF_8)));
        } catch (NotFoundException e) {
            return message(request, HttpStatus.NOT_FOUND, "Not found", "Nothing to show: " + e.getMessage() + ".");
        } catch (ReconnectRequiredException e) {
            return message(request, HttpStatus.CONFLICT, "Connect your account",
                    "Your account connection has expired or was never made: connect it again, then retry.");
        } catch (RunNotAllowedException e) {
            return message(request, HttpStatus.CONFLICT, "Cannot start yet", e.getMessage());
        } catch (QueueFullException e) {
            return message(request, HttpStatus.SERVICE_UNAVAILABLE, "Busy",
                    "Too many runs are waiting; please retry in a minute.").header("Retry-After", Integer.toString(e.retryAfterSeconds()));
        }
    }

    private io.micronaut.http.MutableHttpResponse<String> message(HttpRequest<?> request, HttpStatus status,
                                                                 String heading, String message) {
        return pages.render(request, status, new Pages.Frame(heading, "home", List.of()), new MessagePage(heading, message));
    }

    /** No signed-in user on a route that needs one. */
    private static final class SignInRequired extends RuntimeException {
        SignInRequired() {
            super(null, null, false, false);
        }
    }

}
