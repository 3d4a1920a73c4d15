package dev.deckhand.web.ui.runs;

import dev.deckhand.runs.Job;
import dev.deckhand.runs.Preflight;
import dev.deckhand.runs.RunLogs;
import dev.deckhand.runs.RunStatus;
import dev.deckhand.runs.StepResults;
import dev.deckhand.web.ui.format.Durations;
import dev.deckhand.web.ui.site.CatalogueQueries;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Builds the views of a preflight or job ({@link RunPage} around {@link RunLive}): its status (an
 * aria-live region), a progress bar, each step with its result and duration (or running/pending
 * while the run is going), the log with a download link, and what the user can do next (cancel a
 * running job, retry a failed job from its failed step, start a job after a clean preflight,
 * choosing its optional steps). One model and template for the page's live region and the live
 * fragment; every part that changes has an id or key, so run.js updates elements in place
 * instead of replacing the fragment.
 */
@Singleton
public class RunView {

    /** What is being shown; {@code kind} is {@code job} or {@code preflight}. */
    record Run(String kind, UUID id, UUID planId, String status, String results, List<String> selected,
               String error, boolean cancelRequested, java.time.Instant createdAt, java.time.Instant finishedAt,
               boolean viewerOwnsIt) {
    }

    private final StepResults results;
    private final JsonMapper json;
    private final CatalogueQueries catalogue;
    private final RunLogs logs;
    private final StartForm startForm;

    public RunView(StepResults results, JsonMapper json, CatalogueQueries catalogue, RunLogs logs,
                   StartForm startForm) {
        this.logs = logs;
        this.startForm = startForm;
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
    RunPage page(Run run, String csrf) {
        var plan = catalogue.plan(run.planId());
        return new RunPage(run.kind(), run.kind().equals("job") ? "Job" : "Preflight", run.id(),
                plan.map(e -> e.getValue().title()).orElse("(deleted plan)"),
                plan.map(e -> e.getKey().slug()).orElse(""),
                plan.map(e -> e.getKey().title()).orElse(""),
                live(run, csrf));
    }

    /** The live part, whole: status, progress, steps, actions and the whole log. */
    RunLive live(Run run, String csrf) {
        return live(run, csrf, 0);
    }

    /**
     * The live part: status, progress ("step 3 of 7"), steps with state and duration, actions, and
     * the log lines after {@code logAfter} (a client that has lines up to that seq asks only for
     * newer ones; run.js appends them by their {@code data-seq}, never replacing what is shown).
     */
    RunLive live(Run run, String csrf, long logAfter) {
        var plan = catalogue.plan(run.planId()).map(Map.Entry::getValue);
        Map<String, Map<String, Object>> byStep = results.parse(run.results());
        boolean running = RunStatus.STARTED.equals(run.status());
        List<RunLive.Step> rows = new ArrayList<>();
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
            rows.add(new RunLive.Step(s.id(), s.name(), s.kind(), state, duration, message));
        }
        int total = rows.size();
        String status = run.cancelRequested() && running ? "canceling" : run.status();
        return new RunLive(run.id(), status, !running, Math.max(total, 1), done, total == 0 ? 100 : done * 100 / total,
                progress(done, total, running), Durations.utc(run.createdAt()), Durations.utc(run.finishedAt()), rows,
                run.error() == null ? "" : run.error(), actions(run, running),
                run.kind().equals("job") ? Optional.of(log(run.id(), logAfter)) : Optional.empty(), csrf);
    }

    /** "Step 3 of 7" while running (the step under way), "7 of 7 steps done" once finished. Same words in run.js. */
    static String progress(int done, int total, boolean running) {
        return running && done < total ? "Step " + (done + 1) + " of " + total : done + " of " + total + " steps done";
    }

    private RunLive.Log log(UUID jobId, long after) {
        List<RunLogs.Line> lines = new ArrayList<>();
        long last = after;
        while (true) {
            RunLogs.Page page = logs.page(jobId, last, RunLogs.MAX_PAGE);
            lines.addAll(page.lines());
            last = page.next();
            if (page.lines().size() < RunLogs.MAX_PAGE) {
                break;
            }
        }
        return new RunLive.Log(last, lines);
    }

    private RunLive.Actions actions(Run run, boolean running) {
        boolean job = run.kind().equals("job");
        boolean cancel = job && running && !run.cancelRequested();
        boolean retry = !cancel && job && RunStatus.FAILED.equals(run.status()) && run.viewerOwnsIt();
        boolean start = !job && RunStatus.COMPLETE.equals(run.status()) && !results.anyError(run.results());
        return new RunLive.Actions(cancel, retry, start ? Optional.of(startForm.of(run.planId())) : Optional.empty());
    }
}
