package dev.deckhand.web.ui.runs;

import dev.deckhand.runs.Job;
import dev.deckhand.runs.RunHistory;
import dev.deckhand.web.ui.format.Durations;
import dev.deckhand.web.ui.site.CatalogueQueries;
import dev.deckhand.web.ui.session.SignedInUser;
import dev.deckhand.web.ui.view.MessagePage;
import dev.deckhand.web.ui.view.Pages;
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
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /runs?status=&cursor=}: "My runs", every job of the signed-in user (only theirs,
 * admins included), newest first, {@value #PAGE} per page with an "Older runs" link carrying the
 * cursor ({@link RunHistory}), filterable by status ({@link MyRunsPage}). Anonymous visitors are
 * sent to sign in.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class MyRunsController {

    static final int PAGE = 20;
    private static final List<String> FILTERS = List.of("", "started", "complete", "failed", "canceled");

    private final RunHistory history;
    private final SignedInUser users;
    private final Pages pages;
    private final CatalogueQueries catalogue;

    public MyRunsController(RunHistory history, SignedInUser users, Pages pages, CatalogueQueries catalogue) {
        this.history = history;
        this.users = users;
        this.pages = pages;
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
            return pages.render(request, HttpStatus.BAD_REQUEST, new Pages.Frame("My runs", "runs", List.of()),
                    new MessagePage("My runs", e.getMessage() + "."));
        }
        List<MyRunsPage.Filter> filters = FILTERS.stream().map(f -> new MyRunsPage.Filter(f, f.equals(s))).toList();
        MyRunsPage body = new MyRunsPage(filters, page.jobs().stream().map(this::row).toList(),
                s.isEmpty() ? "No runs yet." : "No " + s + " runs.",
                Optional.ofNullable(page.next()).map(next -> "/runs?cursor=" + next + (s.isEmpty() ? "" : "&status=" + s)));
        return pages.render(request, new Pages.Frame("My runs", "runs", List.of()), body);
    }

    private MyRunsPage.Row row(Job j) {
        var plan = catalogue.plan(j.planId());
        return new MyRunsPage.Row(j.id(), j.status(),
                plan.map(e -> e.getKey().title() + " · " + e.getValue().title()).orElse("(deleted plan)"),
                Durations.utc(j.createdAt()), Durations.utc(j.finishedAt()));
    }
}
