package dev.deckhand.web.ui.runs;

import dev.deckhand.runs.Job;
import dev.deckhand.runs.RunHistory;
import dev.deckhand.web.ui.format.Durations;
import dev.deckhand.web.ui.site.CatalogueQueries;
import dev.deckhand.web.ui.session.SignedInUser;
import dev.deckhand.web.ui.view.Html;
import dev.deckhand.web.ui.view.Pages;
import dev.deckhand.web.ui.view.Templates;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /runs?status=&cursor=}: "My runs", every job of the signed-in user (only theirs,
 * admins included), newest first, {@value #PAGE} per page with an "Older runs" link carrying the
 * cursor ({@link RunHistory}), filterable by status. Anonymous visitors are sent to sign in.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class MyRunsController {

    static final int PAGE = 20;
    private static final List<String> FILTERS = List.of("", "started", "complete", "failed", "canceled");

    private final RunHistory history;
    private final SignedInUser users;
    private final Pages pages;
    private final Templates templates;
    private final CatalogueQueries catalogue;

    public MyRunsController(RunHistory history, SignedInUser users, Pages pages, Templates templates,
                            CatalogueQueries catalogue) {
        this.history = history;
        this.users = users;
        this.pages = pages;
        this.templates = templates;
        this.catalogue = catalogue;
    }

    @Get(uri = "/runs", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> mine(HttpRequest<?> request, @Nullable @QueryValue String status,
                                @Nullable @QueryValue String cursor) {
        var user = users.current(request);
        if (user.isEmpty()) {
            return HttpResponse.seeOther(URI.create("/signin?next=" + URLEncoder.encode("/runs", StandardCharsets.UTF_8)));
        }
        String s = status == null ? "" : status;
        RunHistory.Page page;
        try {
            page = history.jobs(user.get().user(), s, cursor, PAGE);
        } catch (RunHistory.BadQueryException e) {
            return pages.page(request, HttpStatus.BAD_REQUEST, new Pages.Frame("My runs", "runs", List.of()), "message",
                    Map.of("heading", "My runs", "message", e.getMessage() + "."));
        }
        Map<String, Object> m = new HashMap<>();
        m.put("filters", Html.safe(filters(s)));
        m.put("rows", page.jobs().isEmpty()
                ? templates.render("runs/mine-empty", Map.of("message", s.isEmpty() ? "No runs yet." : "No " + s + " runs."))
                : templates.each("runs/mine-row", page.jobs().stream().map(this::row).toList()));
        m.put("older", page.next() == null ? Html.safe("") : templates.render("runs/mine-older", Map.of("href",
                "/runs?cursor=" + page.next() + (s.isEmpty() ? "" : "&status=" + s))));
        return pages.page(request, new Pages.Frame("My runs", "runs", List.of()), "runs/mine", m);
    }

    private Map<String, Object> row(Job j) {
        var plan = catalogue.plan(j.planId());
        return Map.of("id", j.id(), "status", j.status(),
                "plan", plan.map(e -> e.getKey().title() + " · " + e.getValue().title()).orElse("(deleted plan)"),
                "started", Durations.utc(j.createdAt()), "finished", Durations.utc(j.finishedAt()));
    }

    private static String filters(String current) {
        StringBuilder out = new StringBuilder();
        for (String f : FILTERS) {
            out.append("<option value=\"").append(f).append('"').append(f.equals(current) ? " selected" : "")
                    .append('>').append(f.isEmpty() ? "all" : f).append("</option>");
        }
        return out.toString();
    }
}
