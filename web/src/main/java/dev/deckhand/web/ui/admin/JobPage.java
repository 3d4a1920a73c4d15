package dev.deckhand.web.ui.admin;

import dev.deckhand.web.ui.view.View;
import io.jstach.jstache.JStache;

import java.util.List;
import java.util.Optional;

/**
 * The admin's page of one job ({@code views/admin/job.mustache}): its fields and timings (UTC,
 * "—" when not reached), its buttons, its arguments and every failed attempt with its error and
 * stack trace.
 *
 * @param worker    the worker process running it or that ran it last, or "—"
 * @param runLink   the user's run or preflight this job executes, if it is one
 * @param actions   Retry/Discard when dead, Cancel while it may still run, none once finished
 * @param arguments sorted by name
 * @param failures  oldest first
 */
@JStache(path = "admin/job")
public record JobPage(String id, String type, String queue, String state, boolean cancelRequested, int attempt,
                      String createdAt, String enqueuedAt, String startedAt, String runAt, String finishedAt,
                      String diedAt, String worker, Optional<Link> runLink, Optional<String> flash,
                      Optional<JobActions> actions, List<Argument> arguments, List<Attempt> failures,
                      String csrf) implements View {

    public int failureCount() {
        return failures.size();
    }

    /** A link to the user-facing page of what the job runs. */
    public record Link(String href, String label) {
    }

    public record Argument(String name, String value) {
    }

    /**
     * One failed attempt.
     *
     * @param took       from start to failure, or "—" when the start is unknown
     * @param stackTrace "(no stack trace)" when none was recorded
     */
    public record Attempt(int attempt, String startedAt, String failedAt, String took, String error, String stackTrace) {
    }
}
