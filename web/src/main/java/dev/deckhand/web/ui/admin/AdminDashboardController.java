package dev.deckhand.web.ui.admin;

import dev.deckhand.config.BuildInfo;
import dev.deckhand.jobqueue.JobQueueAdmin;
import dev.deckhand.jobqueue.QueueStats;
import dev.deckhand.web.ui.view.Pages;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

import org.quartz.SchedulerException;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The admin dashboard, under {@code /admin} so that AdminSubnetFilter restricts it to
 * ADMIN_API_ALLOWED_SUBNETS.
 * <ul>
 *   <li>{@code GET /admin}: the page (with the release the web process runs, {@link BuildInfo});
 *       {@code admin.js} refreshes it every 2 s from</li>
 *   <li>{@code GET /admin/live}: the server-rendered live sections (one rendering path), and</li>
 *   <li>{@code GET /admin/api/queues}: queue gauges and counters as JSON for the depth chart;</li>
 *   <li>{@code GET /admin/api/history}: per-minute throughput/failures/latency kept server-side;</li>
 *   <li>{@code POST /admin/queues/{q}/pause|resume}, {@code POST /admin/processes/{id}/quiet};</li>
 *   <li>{@code POST /admin/dead/{id}/retry|discard}: plain forms with the CSRF token field, then
 *       303 back to the form's {@code back} page with a status line (works without JavaScript);</li>
 *   <li>{@code POST /admin/schedules/{name}/run|pause|resume}: see {@link ScheduleControl}.</li>
 * </ul>
 */
@Controller("/admin")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AdminDashboardController {

    static final Pages.Frame FRAME = new Pages.Frame("Admin", "admin", List.of("live.js", "admin.js"));

    /** Queue gauges and counters at one instant ({@code at}, epoch ms), for the charts. */
    @Serdeable
    public record QueueSnapshot(long at, List<QueueGauge> queues, long deadCount) {
    }

    /** One queue in a {@link QueueSnapshot}; counters are totals since the queue was created. */
    @Serdeable
    public record QueueGauge(String queue, long ready, long scheduled, long inFlight, long depth, long latencyMs,
                             long succeeded, long retries, long dead, long redelivered) {
        static QueueGauge of(QueueStats s) {
            return new QueueGauge(s.queue(), s.ready(), s.scheduled(), s.inFlight(), s.depth(), s.oldestReadyAgeMs(),
                    s.succeeded(), s.retries(), s.dead(), s.redelivered());
        }
    }

    private final Pages pages;
    private final AdminViews views;
    private final QueueInspector inspector;
    private final JobQueueAdmin admin;
    private final ScheduleControl scheduleControl;

    public AdminDashboardController(Pages pages, AdminViews views, QueueInspector inspector, JobQueueAdmin admin,
                                    ScheduleControl scheduleControl) {
        this.scheduleControl = scheduleControl;
        this.pages = pages;
        this.views = views;
        this.inspector = inspector;
        this.admin = admin;
    }

    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<String> dashboard(HttpRequest<?> request, @Nullable @QueryValue String done) {
        return pages.render(request, FRAME, csrf -> new DashboardPage(BuildInfo.current().version(),
                BuildInfo.current().commit(), AdminJobsController.flash(done), views.live(csrf)));
    }

    @Get(value = "/live", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> live(HttpRequest<?> request) {
        return pages.renderFragment(request, views::live);
    }

    @Get(value = "/api/queues", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<QueueSnapshot> queues() {
        return HttpResponse.ok(new QueueSnapshot(System.currentTimeMillis(),
                        inspector.stats().stream().map(QueueGauge::of).toList(), admin.deadCount()))
                .header("Cache-Control", "no-store");
    }

    @Post(value = "/dead/{id}/retry", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> retry(@PathVariable String id, @Body Map<String, String> form) {
        boolean ok = admin.retryDead(id);
        return back(form, ok ? "Job " + id + " is back on its queue." : "Job " + id + " is not in the dead set.");
    }

    @Post(value = "/dead/{id}/discard", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> discard(@PathVariable String id, @Body Map<String, String> form) {
        boolean ok = admin.discardDead(id);
        return back(form, ok ? "Job " + id + " discarded." : "Job " + id + " is not in the dead set.");
    }

    @Post(value = "/queues/{queue}/pause", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> pauseQueue(@PathVariable String queue) {
        admin.pause(queue);
        return toQueues("Queue " + queue + " paused: workers stop fetching it, enqueue still works.");
    }

    @Post(value = "/queues/{queue}/resume", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> resumeQueue(@PathVariable String queue) {
        admin.resume(queue);
        return toQueues("Queue " + queue + " resumed.");
    }

    @Post(value = "/processes/{id}/quiet", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> quiet(@PathVariable String id) {
        boolean ok = admin.quiet(id);
        return HttpResponse.seeOther(URI.create(AdminJobsController.withDone("/admin#processes",
                ok ? "Process " + id + " asked to stop fetching; it drains what it runs." : "No live process " + id + ".")));
    }

    /**
     * The last {@code minutes} (default 30, at most 24 h) of every queue's per-minute history as
     * kept server-side by jobqueue, so the charts show the same past after a reload.
     */
    @Get(value = "/api/history", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<History> history(@Nullable @QueryValue Integer minutes) {
        int n = minutes == null ? 30 : Math.max(2, Math.min(minutes, 24 * 60));
        List<QueueHistory> queues = admin.queues().stream().map(q -> new QueueHistory(q, admin.history(q, n).stream()
                .map(h -> new Minute(h.minute().toEpochMilli(), h.succeeded(), h.failed(), h.dead(), h.avgWaitMs(), h.avgRunMs()))
                .toList())).toList();
        return HttpResponse.ok(new History(System.currentTimeMillis(), n, queues)).header("Cache-Control", "no-store");
    }

    /** Per-minute history of every queue ({@code at}: server time, epoch ms). */
    @Serdeable
    public record History(long at, int minutes, List<QueueHistory> queues) {
    }

    @Serdeable
    public record QueueHistory(String queue, List<Minute> minutes) {
    }

    /** One minute: {@code t} its start (epoch ms); failed = retried + dead; latency/run time means of successes. */
    @Serdeable
    public record Minute(long t, long succeeded, long failed, long dead, long avgWaitMs, long avgRunMs) {
    }

    private static HttpResponse<?> toQueues(String msg) {
        return HttpResponse.seeOther(URI.create(AdminJobsController.withDone("/admin#queues", msg)));
    }

    /** Enqueues the schedule's job now (field {@code sched}: the Quartz scheduler name of the row). */
    @Post(value = "/schedules/{name}/run", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> runSchedule(@PathVariable String name, @Body Map<String, String> form) throws SchedulerException {
        String msg = scheduleControl.runNow(sched(form), name).map(id -> "Schedule " + name + " run now: job " + id + ".")
                .orElse("No schedule " + name + ".");
        return HttpResponse.seeOther(URI.create(AdminJobsController.withDone("/admin#schedules", msg)));
    }

    @Post(value = "/schedules/{name}/pause", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> pauseSchedule(@PathVariable String name, @Body Map<String, String> form) throws SchedulerException {
        boolean ok = scheduleControl.pause(sched(form), name);
        return toSchedules(ok ? "Schedule " + name + " paused." : "No schedule " + name + ".");
    }

    @Post(value = "/schedules/{name}/resume", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> resumeSchedule(@PathVariable String name, @Body Map<String, String> form) throws SchedulerException {
        boolean ok = scheduleControl.resume(sched(form), name);
        return toSchedules(ok ? "Schedule " + name + " resumed." : "No schedule " + name + ".");
    }

    private static HttpResponse<?> toSchedules(String msg) {
        return HttpResponse.seeOther(URI.create(AdminJobsController.withDone("/admin#schedules", msg)));
    }

    private static String sched(Map<String, String> form) {
        String s = form.get("sched");
        return s == null || s.isBlank() ? "deckhand" : s;
    }

    private static HttpResponse<?> back(Map<String, String> form, String message) {
        return HttpResponse.seeOther(URI.create(AdminJobsController.withDone(Back.of(form.get("back"), "/admin#dead"), message)));
    }
}
