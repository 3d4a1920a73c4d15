package dev.deckhand.web.ui.runs;

import dev.deckhand.runs.RunLogs;
import dev.deckhand.web.ui.view.View;
import io.jstach.jstache.JStache;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The live part of a run page, also served alone as the {@code .../live} fragment
 * ({@code views/runs/live.mustache}): status, progress, steps, the actions and the log. run.js
 * patches it element by element, by the ids and {@code data-*} keys the template sets.
 *
 * @param status   the run's status, or {@code canceling} while a cancel is pending
 * @param finished the run is over (the fragment says {@code data-final="true"}; polling stops)
 * @param total    number of steps shown, at least 1 (the progress bar's max)
 * @param progress "Step 3 of 7" or "7 of 7 steps done" ({@link RunView#progress})
 * @param error    the run's error, or empty
 * @param log      jobs only: the log lines after the client's last seq
 */
@JStache(path = "runs/live")
record RunLive(UUID id, String status, boolean finished, int total, int done, int percent, String progress,
               String startedAt, String finishedAt, List<Step> steps, String error, Actions actions,
               Optional<Log> log, String csrf) implements View {

    /** One step: its state ({@code running}, {@code pending}, {@code not run} or the result's status). */
    record Step(UUID id, String name, String kind, String state, String duration, String message) {

        /** The state as a CSS class suffix. */
        public String stateClass() {
            return state.replace(' ', '-');
        }
    }

    /** What the viewer can do next: at most one of cancel, retry and start is offered. */
    record Actions(boolean cancel, boolean retry, Optional<StartForm.Form> start) {
    }

    /** @param after the seq of the last line shown (the client asks for newer ones) */
    record Log(long after, List<RunLogs.Line> lines) {
    }
}
