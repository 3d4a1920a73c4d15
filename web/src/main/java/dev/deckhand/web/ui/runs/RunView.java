package dev.deckhand.web.ui.runs;

import dev.deckhand.runs.Job;
import dev.deckhand.runs.Preflight;
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
 * Renders a preflight or job ({@code views/runs/*.html}): its status, each step with its result
 * (or running/pending while the run is going), the log, and what the user can do next (cancel a
 * running job, retry a failed job from its failed step, start a job after a clean preflight). One renderer for the page and its live
 * fragment.
 */
@Singleton
public class RunView {

    /** What is being shown; {@code kind} is {@code job} or {@code preflight}. */
    record Run(String kind, UUID id, UUID planId, String status, String results, List<String> selected, String log,
               String error, boolean cancelRequested, java.time.Instant createdAt, java.time.Instant finishedAt,
               boolean viewerOwnsIt) {
    }

    private final Templates templates;
    private final StepResults results;
    private final JsonMapper json;
    private final CatalogueQueries catalogue;

    public RunView(Templates templates, StepResults results, JsonMapper json, CatalogueQueries catalogue) {
        this.templates = templates;
        this.results = results;
        this.json = json;
        this.catalogue = catalogue;
    }

    /** As {@link #of(Job)}; the retry button is offered only to the job's owner (RunService#retry). */
    Run of(Job j, UUID viewer) {
        Run r = of(j);
        return new Run(r.kind(), r.id(), r.planId(), r.status(), r.results(), r.selected(), r.log(), r.error(),
                r.cancelRequested(), r.createdAt(), r.finishedAt(), j.userId().equals(viewer));
    }

    Run of(Job j) {
        List<String> selected;
        try {
            selected = json.readValue(j.selectedSteps(), Argument.listOf(String.class));
        } catch (IOException e) {
            selected = List.of();
        }
        return new Run("job", j.id(), j.planId(), j.status(), j.results(), selected, j.log(), j.error(),
                j.cancelRequested(), j.createdAt(), j.finishedAt(), false);
    }

    Run of(Preflight p) {
        return new Run("preflight", p.id(), p.planId(), p.status(), p.results(), List.of(), "", p.error(), false,
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

    /** The live part: status, steps, log and actions. */
    Html.Safe live(Run run, String csrf) {
        var plan = catalogue.plan(run.planId()).map(Map.Entry::getValue);
        Map<String, Map<String, Object>> byStep = results.parse(run.results());
        boolean running = RunStatus.STARTED.equals(run.status());
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean runningShown = false;
        for (CatalogueQueries.StepView s : plan.map(CatalogueQueries.PlanView::steps).orElse(List.of())) {
            if (!run.selected().isEmpty() && !run.selected().contains(s.id().toString())) {
                continue;
            }
            Map<String, Object> r = byStep.get(s.id().toString());
            String state;
            String message = "";
            if (r != null) {
                state = String.valueOf(r.get("status"));
                message = r.get("message") == null ? "" : String.valueOf(r.get("message"));
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
            rows.add(m);
        }
        String status = run.cancelRequested() && running ? "canceling" : run.status();
        Map<String, Object> m = new HashMap<>();
        m.put("status", status);
        m.put("final", Boolean.toString(!running));
        m.put("steps", rows.isEmpty() ? templates.render("catalogue/empty", Map.of("message", "No steps."))
                : templates.each("runs/step", rows));
        m.put("error", run.error() == null ? "" : run.error());
        m.put("log", run.log() == null ? "" : run.log());
        m.put("started", Durations.utc(run.createdAt()));
        m.put("finished", Durations.utc(run.finishedAt()));
        m.put("actions", actions(run, running, csrf));
        return templates.render("runs/live", m);
    }

    private Html.Safe actions(Run run, boolean running, String csrf) {
        if (run.kind().equals("job") && running && !run.cancelRequested()) {
            return templates.render("runs/cancel-form", Map.of("id", run.id(), "csrf", csrf));
        }
        if (run.kind().equals("job") && RunStatus.FAILED.equals(run.status()) && run.viewerOwnsIt()) {
            return templates.render("runs/retry-form", Map.of("id", run.id(), "csrf", csrf));
        }
        if (run.kind().equals("preflight") && RunStatus.COMPLETE.equals(run.status()) && !results.anyError(run.results())) {
            return templates.render("runs/start-form", Map.of("planId", run.planId(), "csrf", csrf));
        }
        return Html.safe("");
    }
}
