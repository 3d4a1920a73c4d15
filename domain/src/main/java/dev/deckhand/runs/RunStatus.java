package dev.deckhand.runs;

/** Shared by preflights and jobs: started -> complete | failed | canceled. */
public final class RunStatus {

    public static final String STARTED = "started";
    public static final String COMPLETE = "complete";
    public static final String FAILED = "failed";
    public static final String CANCELED = "canceled";

    private RunStatus() {
    }
}
