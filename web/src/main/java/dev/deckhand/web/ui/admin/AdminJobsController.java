package dev.deckhand.web.ui.admin;

import dev.deckhand.jobqueue.JobDetail;
import dev.deckhand.jobqueue.JobFilter;
import dev.deckhand.jobqueue.JobList;
import dev.deckhand.jobqueue.JobQueueAdmin;
import dev.deckhand.jobqueue.JobSummary;
import dev.deckhand.jobqueue.Page;
import dev.deckhand.runs.PlanRunner;
import dev.deckhand.runs.PreflightRunner;
import dev.deckhand.web.ui.format.Durations;
import dev.deckhand.web.ui.view.MessagePage;
import dev.deckhand.web.ui.view.Pages;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The admin's job lists and job page, under {@code /admin} (AdminSubnetFilter, AdminRoleFilter):
 * <ul>
 *   <li>{@code GET /admin/jobs/{list}?q=&queue=&cursor=}: one page ({@value #PAGE} jobs) of
 *       ready, scheduled, retrying, in-flight or dead jobs, searchable by id, type or error text,
 *       with a cursor link to the next page;</li>
 *   <li>{@code POST /admin/jobs/{dead|retrying}/retry-all|discard-all} (fields {@code q},
 *       {@code queue}): bulk action on every job the search matches (all when empty);</li>
 *   <li>{@code GET /admin/job/{id}}: arguments, timings, every failed attempt with its error and
 *       stack trace, a link to the user's run; {@code POST /admin/job/{id}/cancel}.</li>
 * </ul>
 * Everything goes through {@link JobQueueAdmin}. Forms carry the CSRF token; results come back as
 * a 303 to a page with a status line (works without JavaScript).
 */
@Controller("/admin")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AdminJobsController {

    static final int PAGE = 50;
    private static final Map<String, JobList> LISTS = Map.of("ready", JobList.READY, "scheduled", JobList.SCHEDULED,
            "retrying", JobList.RETRYING, "in-flight", JobList.IN_FLIGHT, "dead", JobList.DEAD);
    private static final Map<JobList, String> TIME = Map.of(JobList.READY, "Enqueued", JobList.SCHEDULED, "Runs",
            JobList.RETRYING, "Retries", JobList.IN_FLIGHT, "Lease until", JobList.DEAD, "Died");

    private final Pages pages;
    private final JobQueueAdmin admin;
    private final JobRows rows;

    public AdminJobsController(Pages pages, JobQueueAdmin admin, JobRows rows) {
        this.pages = pages;
        this.admin = admin;
        this.rows = rows;
    }

    @Get(value = "/jobs/{list}", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> list(HttpRequest<?> request, @PathVariable String list, @Nullable @QueryValue String q,
                                     @Nullable @QueryValue String queue, @Nullable @QueryValue String cursor,
                                     @Nullable @QueryValue String done) {
        JobList which = LISTS.get(list);
        if (which == null) {
            return notFound(request, "No job list '" + list + "' (ready, scheduled, retrying, in-flight, dead).");
        }
        JobFilter filter = new JobFilter(queue, q);
        Page<JobSummary> page = admin.jobs(which, filter, cursor, PAGE);
        boolean firstPage = cursor == null || cursor.isBlank();
        String pageInfo = page.items().size() + " shown" + (which == JobList.DEAD && filter.query() == null
                && filter.queue() == null ? " of " + admin.deadCount() : "")
                + (firstPage ? " (first page)" : "") + (page.hasMore() ? ", more on the next page" : "");
        JobTable jobs = rows.table(which, page.items(), "/admin/jobs/" + list + query(filter, null), Instant.now(),
                filter.query() == null ? "No jobs." : "No job matches this search.");
        return pages.render(request, AdminDashboardController.FRAME, csrf -> new JobListPage(title(which), list,
                flash(done), q == null ? "" : q, queue == null ? "" : queue, bulkForms(which, filter), pageInfo,
                TIME.get(which), jobs,
                firstPage ? Optional.empty() : Optional.of("/admin/jobs/" + list + query(filter, null)),
                page.hasMore() ? Optional.of("/admin/jobs/" + list + query(filter, page.nextCursor())) : Optional.empty(),
                csrf));
    }

    @Post(value = "/jobs/{list}/{action}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> bulk(HttpRequest<?> request, @PathVariable String list, @PathVariable String action,
                                @Body Map<String, String> form) {
        JobList which = LISTS.get(list);
        if ((which != JobList.DEAD && which != JobList.RETRYING) || !(action.equals("retry-all") || action.equals("discard-all"))) {
            return notFound(request, "Bulk actions are retry-all and discard-all on the dead set and retries.");
        }
        JobFilter filter = new JobFilter(form.get("queue"), form.get("q"));
        long n = action.equals("retry-all") ? admin.retryAll(which, filter) : admin.discardAll(which, filter);
        String msg = (action.equals("retry-all") ? "Retried " : "Discarded ") + n + " job" + (n == 1 ? "" : "s")
                + (filter.query() == null ? "" : " matching '" + form.get("q").strip() + "'") + ".";
        return HttpResponse.seeOther(URI.create("/admin/jobs/" + list + "?done=" + enc(msg)));
    }

    @Get(value = "/job/{id}", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> job(HttpRequest<?> request, @PathVariable String id, @Nullable @QueryValue String done) {
        Optional<JobDetail> found = admin.job(id);
        if (found.isEmpty()) {
            return notFound(request, "No job " + id + " in the queue (finished jobs are kept for a while, then expire).");
        }
        JobDetail d = found.get();
        Optional<JobActions> actions = switch (d.state()) {
            case "dead" -> Optional.of(JobActions.forDead(d.id(), "/admin/jobs/dead"));
            case "ready", "scheduled", "retrying", "running" ->
                    Optional.of(JobActions.forLive(d.id(), "/admin/job/" + JobRows.path(d.id())));
            default -> Optional.empty();
        };
        List<JobPage.Argument> arguments = new TreeMap<>(d.args()).entrySet().stream()
                .map(e -> new JobPage.Argument(e.getKey(), e.getValue())).toList();
        List<JobPage.Attempt> failures = d.failures().stream().map(f -> new JobPage.Attempt(f.attempt(),
                Durations.utc(f.startedAt()), Durations.utc(f.failedAt()),
                f.startedAt() == null || f.failedAt() == null ? "—"
                        : Durations.short_(Duration.between(f.startedAt(), f.failedAt())),
                AdminViews.text(f.error()), f.stackTrace() == null || f.stackTrace().isEmpty() ? "(no stack trace)"
                        : f.stackTrace())).toList();
        return pages.render(request, AdminDashboardController.FRAME, csrf -> new JobPage(d.id(),
                AdminViews.text(d.type()), AdminViews.text(d.queue()), AdminViews.text(d.state()), d.cancelRequested(),
                d.attempt(), Durations.utc(d.createdAt()), Durations.utc(d.enqueuedAt()), Durations.utc(d.startedAt()),
                Durations.utc(d.runAt()), Durations.utc(d.finishedAt()), Durations.utc(d.diedAt()),
                d.worker() == null ? "—" : d.worker(), runLink(d), flash(done), actions, arguments, failures, csrf));
    }

    @Post(value = "/job/{id}/cancel", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> cancel(@PathVariable String id, @Body Map<String, String> form) {
        Optional<String> state = admin.cancel(id);
        String msg = state.map(s -> "Job " + id + ": " + s + ".").orElse("Job " + id + " is unknown.");
        return HttpResponse.seeOther(URI.create(withDone(Back.of(form.get("back"), "/admin/job/" + JobRows.path(id)), msg)));
    }

    static String withDone(String back, String msg) {
        int hash = back.indexOf('#');
        String path = hash < 0 ? back : back.substring(0, hash);
        String frag = hash < 0 ? "" : back.substring(hash);
        return path + (path.contains("?") ? "&" : "?") + "done=" + enc(msg) + frag;
    }

    /** The status line of the action that redirected to an admin page ({@code ?done=}), if any. */
    static Optional<String> flash(String done) {
        return done == null || done.isBlank() ? Optional.empty() : Optional.of(done);
    }

    private static Optional<JobPage.Link> runLink(JobDetail d) {
        if (PlanRunner.NAME.equals(d.type()) && d.args().containsKey("job_id")) {
            return Optional.of(new JobPage.Link("/jobs/" + JobRows.path(d.args().get("job_id")),
                    "run " + d.args().get("job_id")));
        }
        if (PreflightRunner.NAME.equals(d.type()) && d.args().containsKey("preflight_id")) {
            return Optional.of(new JobPage.Link("/preflights/" + JobRows.path(d.args().get("preflight_id")),
                    "preflight " + d.args().get("preflight_id")));
        }
        return Optional.empty();
    }

    private static Optional<JobListPage.BulkForms> bulkForms(JobList which, JobFilter filter) {
        if (which != JobList.DEAD && which != JobList.RETRYING) {
            return Optional.empty();
        }
        String scope = filter.query() == null && filter.queue() == null ? "all" : "all matching";
        return Optional.of(new JobListPage.BulkForms("Retry " + scope, "Discard " + scope));
    }

    private static String title(JobList list) {
        return switch (list) {
            case READY -> "Ready jobs";
            case SCHEDULED -> "Scheduled jobs";
            case RETRYING -> "Retrying jobs";
            case IN_FLIGHT -> "Jobs in flight";
            case DEAD -> "Dead set";
        };
    }

    private static String query(JobFilter filter, String cursor) {
        List<String> parts = new ArrayList<>();
        if (filter.query() != null) {
            parts.add("q=" + enc(filter.query()));
        }
        if (filter.queue() != null) {
            parts.add("queue=" + enc(filter.queue()));
        }
        if (cursor != null) {
            parts.add("cursor=" + enc(cursor));
        }
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> notFound(HttpRequest<?> request, String message) {
        return pages.render(request, HttpStatus.NOT_FOUND, AdminDashboardController.FRAME,
                new MessagePage("Not found", message));
    }
}
