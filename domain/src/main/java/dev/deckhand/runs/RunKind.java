package dev.deckhand.runs;

import dev.deckhand.steps.StepKind;
import dev.deckhand.steps.StepOutcome;
import dev.deckhand.steps.StepRun;

import java.util.UUID;

/**
 * The per-run-type policy of the one {@link StepLoop}: what differs between a job (execute the
 * selected steps, stop at the first error, keep a log) and a preflight (check every step, record
 * errors and go on). Everything else (resume, gate, heartbeat, cancel, hand-back, reconnect) is
 * the loop's and the same for both.
 */
interface RunKind {

    /** "job" or "preflight": log and event wording. */
    String name();

    /** The id's key in events and template variables: job_id or preflight_id. */
    String idKey();

    String topic(UUID id);

    RunRows rows();

    /** An error outcome finishes the run as failed (jobs) or is recorded and the run goes on (preflights). */
    boolean stopsAtError();

    /** Runs the step (jobs) or its read-only check (preflights). */
    StepOutcome call(StepKind kind, StepRun run) throws Exception;

    /** After the row was finished by this attempt: e.g. a job stores its log. */
    default void finished(UUID id) {
    }
}
