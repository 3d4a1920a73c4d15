package dev.deckhand.runs;

import dev.deckhand.jobqueue.JobQueueAdmin;

import java.util.Optional;

/**
 * What the state of a run's queue job (through {@link JobQueueAdmin#state}) means for the run;
 * the one place that maps queue states to run recovery, used by {@link UnqueuedRunDispatcher}
 * and {@link InterruptedRunReaper}.
 * <ul>
 *   <li>{@link #WAITING}: ready, scheduled or in retry backoff: a worker will take it; waiting
 *       (however long) is not an interruption;</li>
 *   <li>{@link #RUNNING}: leased by a worker, whose signs of life are the run's heartbeat;</li>
 *   <li>{@link #GONE}: no record (Redis restarted empty, flushed, evicted, failed over) or it
 *       ended as succeeded while the run is still started: nobody will work the run unless it is
 *       enqueued again;</li>
 *   <li>{@link #GAVE_UP}: dead or cancelled in the queue: no attempt will come.</li>
 * </ul>
 */
public enum QueueJobState {
    WAITING, RUNNING, GONE, GAVE_UP;

    public static QueueJobState of(JobQueueAdmin admin, String queueJobId) {
        return queueJobId == null ? GONE : of(admin.state(queueJobId));
    }

    static QueueJobState of(Optional<String> state) {
        return switch (state.orElse("")) {
            case "ready", "scheduled", "retrying" -> WAITING;
            case "running" -> RUNNING;
            case "dead", "cancelled" -> GAVE_UP;
            default -> GONE;
        };
    }
}
