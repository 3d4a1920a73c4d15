package dev.deckhand.steps;

import java.util.Map;

/**
 * A pluggable kind of step: any bean implementing this is available to plans under
 * {@link #name()}. Implementations must be safe to run twice (jobs are delivered at least once).
 * A kind that runs for more than a few seconds must call {@code run.cancelRequested()} regularly
 * and, when it turns true, throw {@link InterruptedException} (the step did not complete): that
 * call is also the run's heartbeat, and a run silent for 15 minutes is failed as interrupted.
 * A kind declares the longest it can run ({@link #longest}).
 */
public interface StepKind {

    String name();

    /** Rejects a bad config when the admin saves the step (IllegalArgumentException with a user-facing message). */
    void validate(Map<String, Object> config);

    /** Checks whether the step can run for this account; must not change anything. Default: ok. */
    default StepOutcome preflight(StepRun run) throws Exception {
        return StepOutcome.ok("ready");
    }

    /**
     * The longest a step of this kind can run once started, from its own timeouts: an attempt
     * that takes over a run waits at most this long for an earlier attempt's step to end before
     * it sends any step (see StepLoop), so the account API never sees the run from two workers
     * at once.
     */
    java.time.Duration longest(Map<String, Object> config);

    /** Runs the step. Throwing counts as error with a generic message. */
    StepOutcome execute(StepRun run) throws Exception;
}
