package dev.deckhand.jobqueue;

/**
 * Puts jobs on queues. Used by web (user actions) and the scheduler (cron firings).
 *
 * <p>Contract: a normal return means the job is durably in Redis (as durable as Redis is
 * configured). Any failure to reach Redis throws {@link QueueUnavailableException}: never a
 * false success.
 */
public interface JobEnqueuer {

    /** @return the job id (or the existing job's id for a duplicate unique key) */
    String enqueue(EnqueueRequest request);

    /**
     * Enqueues many jobs in few round trips (same contract as {@link #enqueue}, all or nothing per
     * batch). Ids are returned in request order.
     */
    default java.util.List<String> enqueueAll(java.util.List<EnqueueRequest> requests) {
        return requests.stream().map(this::enqueue).toList();
    }

    /** Number of jobs waiting (ready + scheduled) on a queue; used for back-pressure. */
    long depth(String queue);
}
