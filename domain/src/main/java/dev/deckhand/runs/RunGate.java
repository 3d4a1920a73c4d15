package dev.deckhand.runs;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

/**
 * What the step loop reads before each step and while a step runs, in one small read (not the
 * whole row with its growing log): the run's status (the reaper or another attempt may have
 * finished it), which attempt owns it ({@code runner}, see {@link StepLoop}), whether its owner
 * asked to cancel, whether its account is still connected, and the step in flight (which attempt
 * sent it and until when it can at most run; see {@link StepLoop}).
 */
@Introspected
public record RunGate(String status, @Nullable String runner, boolean cancelRequested, boolean accountActive,
                      @Nullable String stepRunner, @Nullable java.time.Instant stepDeadline) {

    /**
     * Another attempt's step may still be running at {@code now}: it was sent and has neither
     * ended nor passed its deadline. A new attempt does not send a step while this holds.
     */
    public boolean stepInFlightElsewhere(String attempt, java.time.Instant now) {
        return stepRunner != null && !stepRunner.equals(attempt) && stepDeadline != null && now.isBefore(stepDeadline);
    }

    /** Still started and still worked by {@code attempt}: the attempt may go on and write. */
    public boolean ownedBy(String attempt) {
        return RunStatus.STARTED.equals(status) && attempt.equals(runner);
    }
}
