package dev.deckhand.web.api;

import dev.deckhand.accounts.User;
import dev.deckhand.runs.RunHistory;
import dev.deckhand.runs.RunService;
import dev.deckhand.runs.Viewer;
import dev.deckhand.web.problem.ProblemException;
import dev.deckhand.web.security.AdminAccess;
import dev.deckhand.web.security.RateLimitedOnRoute;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.UUID;

/**
 * Preflights and jobs. Starting answers 202 with the new run; progress comes from GET or the
 * WebSocket. A full queue answers 503 with Retry-After; a missing, expired or failed preflight 409.
 * The owner of a failed job retries it from the failed step ({@code POST /api/jobs/{id}/retry}:
 * 202, or 409 when the job is not failed).
 */
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
@RateLimitedOnRoute
public class RunsApiController {

    private final RunService runs;
    private final RunHistory history;
    private final ApiAuth auth;
    private final ApiViews views;
    private final AdminAccess admin;

    public RunsApiController(RunService runs, RunHistory history, ApiAuth auth, ApiViews views, AdminAccess admin) {
        this.admin = admin;
        this.runs = runs;
        this.history = history;
        this.auth = auth;
        this.views = views;
    }

    @Serdeable
    public record StartJob(@Nullable List<UUID> steps) {
    }

    @Post(value = "/plans/{planId}/preflights", consumes = {MediaType.APPLICATION_JSON, MediaType.ALL})
    public HttpResponse<ApiViews.PreflightView> startPreflight(HttpRequest<?> request, UUID planId) {
        User user = auth.require(request);
        return HttpResponse.accepted().body(views.preflight(DomainProblems.call(() -> runs.startPreflight(user, planId))));
    }

    @Get("/preflights/{id}")
    public ApiViews.PreflightView preflight(HttpRequest<?> request, UUID id) {
        Viewer viewer = admin.viewer(request, auth.require(request));
        return views.preflight(DomainProblems.call(() -> runs.preflight(viewer, id)));
    }

    @Post(value = "/plans/{planId}/jobs", consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<ApiViews.JobView> startJob(HttpRequest<?> request, UUID planId, @Nullable @Body StartJob body) {
        User user = auth.require(request);
        List<UUID> steps = body == null ? null : body.steps();
        return HttpResponse.accepted().body(views.job(DomainProblems.call(() -> runs.startJob(user, planId, steps)), ""));
    }

    /**
     * The user's own jobs ("My runs"), newest first, without their logs; {@code status} filters,
     * {@code limit} (1-100, default 50) sizes the page, and the next page's URL (with its opaque
     * {@code cursor}) comes in a {@code Link: <...>; rel="next"} header, absent on the last page.
     */
    @Get("/jobs{?status,cursor,limit}")
    public HttpResponse<List<ApiViews.JobView>> myJobs(HttpRequest<?> request, @Nullable String status,
                                                       @Nullable String cursor, @Nullable Integer limit) {
        User user = auth.require(request);
        RunHistory.Page page;
        try {
            page = history.jobs(user, status, cursor, limit == null ? 50 : limit);
        } catch (RunHistory.BadQueryException e) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        var response = HttpResponse.ok(page.jobs().stream().map(views::job).toList());
        if (page.next() != null) {
            String next = "/api/jobs?cursor=" + page.next() + (status == null || status.isBlank() ? "" : "&status=" + status)
                    + (limit == null ? "" : "&limit=" + limit);
            response.header("Link", "<" + next + ">; rel=\"next\"");
        }
        return response;
    }

    /**
     * A job with its whole log. Its reads (the caller's token, the job with its first log page) run
     * on one borrowed connection: one pool checkout per status poll, not one per read.
     */
    @Get("/jobs/{id}")
    @Connectable
    public ApiViews.JobView job(HttpRequest<?> request, UUID id) {
        Viewer viewer = admin.viewer(request, auth.require(request));
        RunService.JobWithLog status = DomainProblems.call(() -> runs.jobWithLog(viewer, id));
        return views.job(status.job(), status.log());
    }

    /**
     * The job's log lines after the cursor {@code after} (a line's {@code seq}; 0 or absent: from
     * the start), at most {@code limit} (1-1000, default 500); {@code next} is the cursor to ask
     * with next (the same one when there is nothing new yet).
     */
    @Get("/jobs/{id}/log{?after,limit}")
    public ApiViews.LogPageView log(HttpRequest<?> request, UUID id, @Nullable Long after, @Nullable Integer limit) {
        Viewer viewer = admin.viewer(request, auth.require(request));
        if (after != null && after < 0) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "after must be a line's seq (0 or more)");
        }
        return views.logPage(DomainProblems.call(() -> runs.logPage(viewer, id, after == null ? 0 : after,
                limit == null ? 500 : limit)));
    }

    @Post(value = "/jobs/{id}/cancel", consumes = {MediaType.APPLICATION_JSON, MediaType.ALL})
    public HttpResponse<ApiViews.JobView> cancel(HttpRequest<?> request, UUID id) {
        Viewer viewer = admin.viewer(request, auth.require(request));
        boolean requested = DomainProblems.call(() -> runs.cancel(viewer, id));
        if (!requested) {
            throw new ProblemException(HttpStatus.CONFLICT, "The job has already finished.");
        }
        RunService.JobWithLog status = runs.jobWithLog(viewer, id);
        return HttpResponse.accepted().body(views.job(status.job(), status.log()));
    }

    @Post(value = "/jobs/{id}/retry", consumes = {MediaType.APPLICATION_JSON, MediaType.ALL})
    public HttpResponse<ApiViews.JobView> retry(HttpRequest<?> request, UUID id) {
        User user = auth.require(request);
        return HttpResponse.accepted().body(views.job(DomainProblems.call(() -> runs.retry(user, id)),
                runs.log(user, id)));
    }
}
