package dev.deckhand.web.ui.admin;

import dev.deckhand.jobqueue.DeadJob;
import dev.deckhand.jobqueue.JobList;
import dev.deckhand.jobqueue.JobSummary;
import dev.deckhand.web.ui.format.Durations;
import dev.deckhand.web.ui.view.Html;
import dev.deckhand.web.ui.view.Templates;
import jakarta.inject.Singleton;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Table rows of jobs for the dashboard and the list pages (one rendering of a job row). Errors are
 * shown in full in the cell (never only in a tooltip); every id links to the job's page; actions
 * are CSRF-protected forms that return to {@code back}.
 */
@Singleton
public class JobRows {

    private final Templates templates;

    public JobRows(Templates templates) {
        this.templates = templates;
    }

    public Html.Safe summaries(JobList list, List<JobSummary> jobs, String csrf, String back, Instant now,
                               String emptyMessage) {
        if (jobs.isEmpty()) {
            return templates.render("empty-row", Map.of("colspan", 8, "message", emptyMessage));
        }
        return templates.each("admin/job-row", jobs.stream().map(j -> {
            Map<String, Object> r = new HashMap<>();
            r.put("id", j.id());
            r.put("idPath", path(j.id()));
            r.put("type", j.type());
            r.put("queue", j.queue());
            r.put("state", j.state());
            r.put("attempt", j.attempt());
            r.put("at", j.at() == null ? "—" : Durations.relative(j.at(), now));
            r.put("lastError", j.lastError());
            r.put("actions", actions(list, j.id(), csrf, back));
            return r;
        }).toList());
    }

    public Html.Safe dead(List<DeadJob> dead, String csrf, String back, Instant now) {
        if (dead.isEmpty()) {
            return templates.render("empty-row", Map.of("colspan", 7, "message", "The dead set is empty."));
        }
        return templates.each("admin/dead-row", dead.stream().map(d -> {
            Map<String, Object> r = new HashMap<>();
            r.put("id", d.id());
            r.put("idPath", path(d.id()));
            r.put("type", d.type());
            r.put("queue", d.queue());
            r.put("attempts", d.attempts());
            r.put("diedAt", Durations.relative(d.diedAt(), now));
            r.put("reason", d.reason());
            r.put("csrf", csrf);
            r.put("back", back);
            return r;
        }).toList());
    }

    Html.Safe actions(JobList list, String id, String csrf, String back) {
        Map<String, Object> m = Map.of("idPath", path(id), "csrf", csrf, "back", back);
        return list == JobList.DEAD ? templates.render("admin/dead-actions", m) : templates.render("admin/cancel-form", m);
    }

    static String path(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}
