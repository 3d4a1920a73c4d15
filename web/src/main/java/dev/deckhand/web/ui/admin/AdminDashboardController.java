package dev.deckhand.web.ui.admin;

import dev.deckhand.config.BuildInfo;
import dev.deckhand.jobqueue.JobQueueAdmin;
import dev.deckhand.jobqueue.QueueStats;
import dev.deckhand.web.ui.view.Pages;
import dev.deckhand.web.ui.view.Templates;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

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
 *   <li>{@code GET /admin/api/queues}: queue gauges and counters as JSON for the charts.</li>
 *   <li>{@code POST /admin/dead/{id}/retry|discard}: plain forms with the CSRF token field, then
 *       303 back to the dashboard (works without JavaScript).</li>
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
    private final Templates templates;
    private final AdminViews views;
    private final QueueInspector inspector;
    private final JobQueueAdmin admin;

    public AdminDashboardController(Pages pages, Templates templates, AdminViews views, QueueInspector inspector,
                                    JobQueueAdmin admin) {
        this.pages = pages;
        this.templates = templates;
        this.views = views;
        this.inspector = inspector;
        this.admin = admin;
    }

    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<String> dashboard(HttpRequest<?> request) {
        return pages.page(request, FRAME, token -> templates.render("admin/dashboard",
                Map.of("live", views.live(token), "version", BuildInfo.current().version(),
                        "commit", BuildInfo.current().commit())));
    }

    @Get(value = "/live", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> live(HttpRequest<?> request) {
        return pages.fragment(request, views::live);
    }

    @Get(value = "/api/queues", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<QueueSnapshot> queues() {
        return HttpResponse.ok(new QueueSnapshot(System.currentTimeMillis(),
                        inspector.stats().stream().map(QueueGauge::of).toList(), admin.deadCount()))
                .header("Cache-Control", "no-store");
    }

    @Post(value = "/dead/{id}/retry", consumes = {MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA,
            MediaType.APPLICATION_JSON})
    public HttpResponse<?> retry(@PathVariable String id) {
        admin.retryDead(id);
        return backToDashboard();
    }

    @Post(value = "/dead/{id}/discard", consumes = {MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA,
            MediaType.APPLICATION_JSON})
    public HttpResponse<?> discard(@PathVariable String id) {
        admin.discardDead(id);
        return backToDashboard();
    }

    private static HttpResponse<?> backToDashboard() {
        return HttpResponse.seeOther(URI.create("/admin#dead"));
    }
}
