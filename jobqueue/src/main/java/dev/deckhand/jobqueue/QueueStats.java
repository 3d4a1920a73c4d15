package dev.deckhand.jobqueue;

/**
 * A point-in-time view of one queue, read in one atomic step.
 *
 * @param ready            jobs waiting to run now
 * @param scheduled        jobs waiting for their run-at time (delayed jobs and retries in backoff)
 * @param inFlight         jobs leased by workers
 * @param oldestReadyAgeMs how long the oldest ready job has waited (queue latency); 0 when empty
 * @param succeeded        total jobs finished successfully (counter)
 * @param retries          total failed attempts that were scheduled for retry (counter)
 * @param dead             total jobs moved to the dead set from this queue (counter)
 * @param redelivered      total leases that expired and were handed to another worker (counter)
 * @param rejectedAcks     total acks refused by fencing (late acks from workers that lost their lease)
 */
public record QueueStats(String queue, long ready, long scheduled, long inFlight, long oldestReadyAgeMs,
                         long succeeded, long retries, long dead, long redelivered,
                         long rejectedAcks) {

    public long depth() {
        return ready + scheduled;
    }
}
