package dev.deckhand.web.ui.runs;

import dev.deckhand.runs.Job;
import dev.deckhand.runs.Preflight;
import dev.deckhand.runs.RunLogs;
import dev.deckhand.runs.RunStatus;
import dev.deckhand.runs.StepResults;
import dev.deckhand.web.ui.format.Durations;
import dev.deckhand.web.ui.site.CatalogueQueries;
import dev.deckhand.web.ui.view.Html;
import dev.deckhand.web.ui.view.Templates;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Renders a preflight or job ({@code views/runs/*.html}): its status (an aria-live region), a
 * progress bar, each step with its result and duration (or running/pending while the run is
 * going), the log with a download link, and what the user can do next (cancel a running job,
 * retry a failed job from its failed step, start a job after a clean preflight, choosing its
 * optional steps). One renderer for the page and its live fragment; every part that changes has
 * an id or key, so run.js updates elements in place instead of replacing the fragment.
 */
@Singleton
public class RunView {

    /** What is being shown; {@code kind} is {@code job} or {@code preflight}. */
    record Run(String kind, UUID id, UUID planId, String status, String results, List<String> selected,
               String error, boolean cancelRequested, java.time.Instant createdAt, java.time.Instant finishedAt,
               boolean viewerOwnsIt) {
    }

    private final Templates templates;
    private final StepResults results;
    private final JsonMapper json;
    private final CatalogueQueries catalogue;
    private final RunLogs logs;
    private final StartForm startForm;

    public RunView(Templates templates, StepResults results, JsonMapper json, CatalogueQueries catalogue, RunLogs logs,
                   StartForm startForm) {
        this.logs = logs;
        this.startForm = startForm;
        this.templates = templates;
        this.results = results;
        this.json = json;
        this.catalogue = catalogue;
    }

    /** As {@link #of(Job)}; the retry button is offered only to the job's owner (RunService#retry). */
    Run of(Job j, UUID viewer) {
        Run r = of(j);
        return new Run(r.kind(), r.id(), r.planId(), r.status(), r.results(), r.selected(), r.error(),
                r.cancelRequested(), r.createdAt(), r.finishedAt(), j.userId().equals(viewer));
    }

    Run of(Job j) {
        List<String> selected;
        try {
            selected = json.readValue(j.selectedSteps(), Argument.listOf(String.class));
        } catch (IOException e) {
            selected = List.of();
        }
        return new Run("job", j.id(), j.planId(), j.status(), j.results(), selected, j.error(),
                j.cancelRequested(), j.createdAt(), j.finishedAt(), false);
    }

    Run of(Preflight p) {
        return new Run("preflight", p.id(), p.planId(), p.status(), p.results(), List.of(), p.error(), false,
                p.createdAt(), p.finishedAt(), false);
    }

    /** The page body: heading plus the live region that run.js keeps current. */
    Html.Safe page(Run run, String csrf) {
        var plan = catalogue.plan(run.planId());
        return templates.render("runs/page", Map.of(
                "kind", run.kind(), "title", run.kind().equals("job") ? "Job" : "Preflight",
                "plan", plan.map(e -> e.getValue().title()).orElse("(deleted plan)"),
                "productSlug", plan.map(e -> e.getKey().slug()).orElse(""),
                "product", plan.map(e -> e.getKey().title()).orElse(""),
                "id", run.id(), "topic", run.kind() + ":" + run.id(),
                "live", live(run, csrf)));
    }

    /** The live part, whole: status, progress, steps, actions and the whole log. */
    Html.Safe live(Run run, String csrf) {
        return live(run, csrf, 0);
    }

    /**
     * The live part: status, progress ("step 3 of 7"), steps with state and duration, actions, and
     * the log lines after {@code logAfter} (a client that has lines up to that seq asks only for
     * newer ones; run.js appends them by their {@code data-seq}, never replacing what is shown).
     */
    Html.Safe live(Run run, String csrf, long logAfter) {
        var plan = catalogue.plan(run.planId()).map(Map.Entry::getValue);
        Map<String, Map<String, Object>> byStep = results.parse(run.results());
        boolean running = RunStatus.STARTED.equals(run.status());
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean runningShown = false;
        int done = 0;
        for (CatalogueQueries.StepView s : plan.map(CatalogueQueries.PlanView::steps).orElse(List.of())) {
            if (!run.selected().isEmpty() && !run.selected().contains(s.id().toString())) {
                continue;
            }
            Map<String, Object> r = byStep.get(s.id().toString());
            String state;
            String message = "";
            String duration = "";
            if (r != null) {
                state = String.valueOf(r.get("status"));
                message = r.get("message") == null ? "" : String.valueOf(r.get("message"));
                duration = StepResults.duration(r).map(Durations::step).orElse("");
                done++;
            } else if (running && !runningShown) {
                state = "running";
                runningShown = true;
            } else {
                state = running ? "pending" : "not run";
            }
            Map<String, Object> m = new HashMap<>();
            m.put("id", s.id());
            m.put("name", s.name());
            m.put("kind", s.kind());
            m.put("state", state);
            m.put("stateClass", state.replace(' ', '-'));
            m.put("message", message);
            m.put("duration", duration);
            rows.add(m);
        }
        int total = rows.size();
        String status = run.cancelRequested() && running ? "canceling" : run.status();
        Map<String, Object> m = new HashMap<>();
        m.put("status", status);
        m.put("stateClass", status);
        m.put("final", Boolean.toString(!running));
        m.put("total", Math.max(total, 1));
        m.put("done", done);
        m.put("percent", total == 0 ? 100 : done * 100 / total);
        m.put("progress", progress(done, total, running));
        m.put("steps", rows.isEmpty() ? templates.render("catalogue/empty", Map.of("message", "No steps."))
                : templates.each("runs/step", rows));
        m.put("error", run.error() == null ? "" : run.error());
        m.put("started", Durations.utc(run.createdAt()));
        m.put("finished", Durations.utc(run.finishedAt()));
        m.put("actions", actions(run, running, csrf));
        m.put("log", run.kind().equals("job") ? log(run.id(), logAfter) : Html.safe(""));
        return templates.render("runs/live", m);
    }

    /** "Step 3 of 7" while running (the step under way), "7 of 7 steps done" once finished. Same words in run.js. */
    static String progress(int done, int total, boolean running) {
        return running && done < total ? "Step " + (done + 1) + " of " + total : done + " of " + total + " steps done";
    }

    private Html.Safe log(UUID jobId, long after) {
        List<Map<String, Object>> lines = new ArrayList<>();
        long last = after;
        while (true) {
            RunLogs.Page page = logs.page(jobId, last, RunLogs.MAX_PAGE);
            for (RunLogs.Line l : page.lines()) {
                lines.add(Map.of("seq", l.seq(), "text", l.text()));
            }
            last = page.next();
            if (page.lines().size() < RunLogs.MAX_PAGE) {
                break;
            }
        }
        return templates.render("runs/log", Map.of("id", jobId, "after", last,
                "lines", templates.each("runs/log-line", lines)));
    }

    private Html.Safe actions(Run run, boolean running, String csrf) {
        if (run.kind().equals("job") && running && !run.cancelRequested()) {
            return templates.render("runs/cancel-form", Map.of("id", run.id(), "csrf", csrf));
        }
        if (run.kind().equals("job") && RunStatus.FAILED.equals(run.status()) && run.viewerOwnsIt()) {
            return templates.render("runs/retry-form", Map.of("id", run.id(), "csrf", csrf));
        }
        if (run.kind().equals("preflight") && RunStatus.COMPLETE.equals(run.status()) && !results.anyError(run.results())) {
            return startForm.render(run.planId(), csrf);
        }
        return Html.safe("");
    }
}
