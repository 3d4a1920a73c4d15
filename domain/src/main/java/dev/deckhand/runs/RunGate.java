package dev.deckhand.runs;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

/**
 * What the step loop reads before each step and while a step runs, in one small read (not the
 * whole row with its growing log): the run's status (the reaper or another attempt may have
 * finished it), which attempt owns it ({@code runner}, see {@link StepLoop}), whether its owner
 * asked to cancel, and whether its account is still connected.
 */
@Introspected
public record RunGate(String status, @Nullable String runner, boolean cancelRequested, boolean accountActive) {

    /** Still started and still worked by {@code attempt}: the attempt may go on and write. */
    public boolean ownedBy(String attempt) {
        return RunStatus.STARTED.equals(status) && attempt.equals(runner);
    }
}
