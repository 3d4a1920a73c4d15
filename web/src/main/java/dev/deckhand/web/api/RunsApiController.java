package dev.deckhand.web.api;

import dev.deckhand.accounts.User;
import dev.deckhand.runs.JobRepository;
import dev.deckhand.runs.RunService;
import dev.deckhand.web.problem.ProblemException;
import io.micronaut.core.annotation.Nullable;
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
public class RunsApiController {

    private final RunService runs;
    private final JobRepository jobs;
    private final ApiAuth auth;
    private final ApiViews views;

    public RunsApiController(RunService runs, JobRepository jobs, ApiAuth auth, ApiViews views) {
        this.runs = runs;
        this.jobs = jobs;
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
        User user = auth.require(request);
        return views.preflight(DomainProblems.call(() -> runs.preflight(user, id)));
    }

    @Post(value = "/plans/{planId}/jobs", consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<ApiViews.JobView> startJob(HttpRequest<?> request, UUID planId, @Nullable @Body StartJob body) {
        User user = auth.require(request);
        List<UUID> steps = body == null ? null : body.steps();
        return HttpResponse.accepted().body(views.job(DomainProblems.call(() -> runs.startJob(user, planId, steps))));
    }

    @Get("/jobs")
    public List<ApiViews.JobView> myJobs(HttpRequest<?> request) {
        User user = auth.require(request);
        return jobs.findByUserIdOrderByCreatedAtDesc(user.id()).stream().limit(100).map(views::job).toList();
    }

    @Get("/jobs/{id}")
    public ApiViews.JobView job(HttpRequest<?> request, UUID id) {
        User user = auth.require(request);
        return views.job(DomainProblems.call(() -> runs.job(user, id)));
    }

    @Post(value = "/jobs/{id}/cancel", consumes = {MediaType.APPLICATION_JSON, MediaType.ALL})
    public HttpResponse<ApiViews.JobView> cancel(HttpRequest<?> request, UUID id) {
        User user = auth.require(request);
        boolean requested = DomainProblems.call(() -> runs.cancel(user, id));
        if (!requested) {
            throw new ProblemException(HttpStatus.CONFLICT, "The job has already finished.");
        }
        return HttpResponse.accepted().body(views.job(runs.job(user, id)));
    }

    @Post(value = "/jobs/{id}/retry", consumes = {MediaType.APPLICATION_JSON, MediaType.ALL})
    public HttpResponse<ApiViews.JobView> retry(HttpRequest<?> request, UUID id) {
        User user = auth.require(request);
        return HttpResponse.accepted().body(views.job(DomainProblems.call(() -> runs.retry(user, id))));
    }
}
