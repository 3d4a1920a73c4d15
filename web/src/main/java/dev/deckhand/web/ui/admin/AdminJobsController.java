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
import dev.deckhand.web.ui.view.Html;
import dev.deckhand.web.ui.view.Pages;
import dev.deckhand.web.ui.view.Templates;
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
import java.util.HashMap;
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
    private final Templates templates;
    private final JobQueueAdmin admin;
    private final JobRows rows;

    public AdminJobsController(Pages pages, Templates templates, JobQueueAdmin admin, JobRows rows) {
        this.pages = pages;
        this.templates = templates;
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
        Instant now = Instant.now();
        String back = "/admin/jobs/" + list + query(filter, null);
        return pages.page(request, AdminDashboardController.FRAME, csrf -> {
            Map<String, Object> m = new HashMap<>();
            m.put("title", title(which));
            m.put("list", list);
            m.put("tabs", tabs());
            m.put("flash", done == null || done.isBlank() ? Html.safe("") : templates.render("admin/flash-ok", Map.of("message", done)));
            m.put("query", q == null ? "" : q);
            m.put("queue", queue == null ? "" : queue);
            m.put("bulk", bulk(which, list, filter, q, queue, csrf));
            m.put("pageInfo", page.items().size() + " shown" + (which == JobList.DEAD && filter.query() == null
                    && filter.queue() == null ? " of " + admin.deadCount() : "")
                    + (cursor == null || cursor.isBlank() ? " (first page)" : "") + (page.hasMore() ? ", more on the next page" : ""));
            m.put("timeHeading", TIME.get(which));
            m.put("rows", rows.summaries(which, page.items(), csrf, back, now,
                    filter.query() == null ? "No jobs." : "No job matches this search."));
            m.put("firstLink", cursor == null || cursor.isBlank() ? Html.safe("")
                    : link("/admin/jobs/" + list + query(filter, null), "First page", "first-page"));
            m.put("nextLink", page.hasMore() ? link("/admin/jobs/" + list + query(filter, page.nextCursor()), "Next page", "next-page")
                    : Html.safe(""));
            return templates.render("admin/jobs", m);
        });
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
        return pages.page(request, AdminDashboardController.FRAME, csrf -> {
            Map<String, Object> m = new HashMap<>();
            m.put("id", d.id());
            m.put("type", d.type());
            m.put("queue", d.queue());
            m.put("state", d.state());
            m.put("cancelRequested", d.cancelRequested() ? " (cancellation requested)" : "");
            m.put("attempt", d.attempt());
            m.put("createdAt", Durations.utc(d.createdAt()));
            m.put("enqueuedAt", Durations.utc(d.enqueuedAt()));
            m.put("startedAt", Durations.utc(d.startedAt()));
            m.put("runAt", Durations.utc(d.runAt()));
            m.put("finishedAt", Durations.utc(d.finishedAt()));
            m.put("diedAt", Durations.utc(d.diedAt()));
            m.put("runLink", runLink(d));
            m.put("worker", d.worker() == null ? "—" : d.worker());
            m.put("flash", done == null || done.isBlank() ? Html.safe("") : templates.render("admin/flash-ok", Map.of("message", done)));
            String back = "/admin/job/" + JobRows.path(d.id());
            m.put("actions", switch (d.state()) {
                case "dead" -> rows.actions(JobList.DEAD, d.id(), csrf, "/admin/jobs/dead");
                case "ready", "scheduled", "retrying", "running" -> rows.actions(JobList.IN_FLIGHT, d.id(), csrf, back);
                default -> Html.safe("");
            });
            List<Map<String, ?>> args = new ArrayList<>();
            new TreeMap<>(d.args()).forEach((k, v) -> args.add(Map.of("name", k, "value", v)));
            m.put("argRows", args.isEmpty() ? templates.render("empty-row", Map.of("colspan", 2, "message", "No arguments."))
                    : templates.each("admin/arg-row", args));
            m.put("failureCount", d.failures().size());
            m.put("failures", d.failures().isEmpty() ? templates.render("admin/no-failures", Map.of())
                    : templates.each("admin/attempt", d.failures().stream().map(f -> Map.of(
                    "attempt", f.attempt(), "startedAt", Durations.utc(f.startedAt()), "failedAt", Durations.utc(f.failedAt()),
                    "took", f.startedAt() == null || f.failedAt() == null ? "—"
                            : Durations.short_(Duration.between(f.startedAt(), f.failedAt())),
                    "error", f.error(), "stackTrace", f.stackTrace().isEmpty() ? "(no stack trace)" : f.stackTrace())).toList()));
            return templates.render("admin/job", m);
        });
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

    private Html.Safe runLink(JobDetail d) {
        if (PlanRunner.NAME.equals(d.type()) && d.args().containsKey("job_id")) {
            return templates.render("admin/run-link", Map.of("href", "/jobs/" + JobRows.path(d.args().get("job_id")),
                    "label", "run " + d.args().get("job_id")));
        }
        if (PreflightRunner.NAME.equals(d.type()) && d.args().containsKey("preflight_id")) {
            return templates.render("admin/run-link", Map.of("href", "/preflights/" + JobRows.path(d.args().get("preflight_id")),
                    "label", "preflight " + d.args().get("preflight_id")));
        }
        return Html.safe("—");
    }

    private Html.Safe bulk(JobList which, String list, JobFilter filter, String q, String queue, String csrf) {
        if (which != JobList.DEAD && which != JobList.RETRYING) {
            return Html.safe("");
        }
        String scope = filter.query() == null && filter.queue() == null ? "all" : "all matching";
        return templates.render("admin/bulk-forms", Map.of("list", list, "csrf", csrf, "query", q == null ? "" : q,
                "queue", queue == null ? "" : queue, "retryLabel", "Retry " + scope,
                "discardLabel", "Discard " + scope));
    }

    private Html.Safe tabs() {
        List<Html.Safe> out = new ArrayList<>();
        for (String name : List.of("ready", "scheduled", "retrying", "in-flight", "dead")) {
            out.add(link("/admin/jobs/" + name, name, "tab-" + name));
        }
        return Html.safe(String.join(" · ", out.stream().map(Html.Safe::html).toList()));
    }

    private Html.Safe link(String href, String label, String id) {
        return templates.render("admin/link", Map.of("href", href, "label", label, "id", id));
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
        return pages.page(request, HttpStatus.NOT_FOUND, AdminDashboardController.FRAME, "message",
                Map.of("heading", "Not found", "message", message));
    }
}
