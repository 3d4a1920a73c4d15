package dev.deckhand.steps;

/** What a step (or its preflight check) concluded; message is shown to the user, so no secrets. */
public record StepOutcome(StepStatus status, String message) {

    public static StepOutcome ok(String message) {
        return new StepOutcome(StepStatus.OK, message);
    }

    public static StepOutcome warn(String message) {
        return new StepOutcome(StepStatus.WARN, message);
    }

    public static StepOutcome error(String message) {
        return new StepOutcome(StepStatus.ERROR, message);
    }

    public static StepOutcome skip(String message) {
        return new StepOutcome(StepStatus.SKIP, message);
    }
}
