package dev.deckhand.steps;

/** Per-step result of a preflight or a job. error in a preflight blocks the job. */
public enum StepStatus {
    OK, WARN, ERROR, SKIP;

    public String wire() {
        return name().toLowerCase();
    }
}
