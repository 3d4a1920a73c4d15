package dev.deckhand.jobqueue;

import java.time.Instant;

/**
 * One minute of a queue's history, counted server-side by the scripts that settle jobs (kept
 * {@link QueueKeys#HISTORY_MINUTES} minutes), so charts survive reloads. A minute without
 * activity is all zeros.
 *
 * @param minute      start of the minute (UTC, Redis clock)
 * @param succeeded   jobs acked as succeeded
 * @param cancelled   jobs that ended cancelled
 * @param retried     failed attempts scheduled for retry
 * @param dead        jobs moved to the dead set
 * @param waitMsTotal sum over succeeded jobs of enqueue (or due) to start, ms
 * @param runMsTotal  sum over succeeded jobs of start to ack, ms
 */
public record QueueMinute(Instant minute, long succeeded, long cancelled, long retried, long dead,
                          long waitMsTotal, long runMsTotal) {

    /** Failed attempts: retried plus dead. */
    public long failed() {
        return retried + dead;
    }

    /** Mean queue latency of the jobs that succeeded this minute; 0 when none did. */
    public long avgWaitMs() {
        return succeeded == 0 ? 0 : waitMsTotal / succeeded;
    }

    /** Mean run time of the jobs that succeeded this minute; 0 when none did. */
    public long avgRunMs() {
        return succeeded == 0 ? 0 : runMsTotal / succeeded;
    }
}
