package dev.deckhand.runs;

import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.jobqueue.JobEnqueuer;
import dev.deckhand.jobqueue.JobHandler;
import dev.deckhand.jobqueue.RetryPolicy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code runs.dispatch-unqueued} (queue short, every minute from the scheduler): the outbox relay
 * for runs. Starting a run commits its row, then enqueues its queue job, then records
 * {@code enqueued_at}; a web process killed between commit and enqueue would leave a run that
 * stays {@code started} with nobody working it. This enqueues every started run older than
 * {@link #GRACE} without {@code enqueued_at}, then records it.
 *
 * <p>At-least-once, never twice at once: the queue jobs carry a unique key per row (a row whose
 * enqueue did happen, but whose {@code enqueued_at} write was lost, is not queued a second time
 * while its first job is pending or running), and the runners ignore a row that is no longer
 * {@code started}. If Redis is down the rows stay as they are for the next minute.
 */
@Singleton
@Named(UnqueuedRunDispatcher.NAME)
public class UnqueuedRunDispatcher implements JobHandler {

    public static final String NAME = "runs.dispatch-unqueued";
    /** Longer than a start request takes from commit to enqueue, so a request in flight is left alone. */
    static final Duration GRACE = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(UnqueuedRunDispatcher.class);

    private final JobRepository jobs;
    private final PreflightRepository preflights;
    private final JobEnqueuer enqueuer;
    private final Clock clock;

    public UnqueuedRunDispatcher(JobRepository jobs, PreflightRepository preflights, JobEnqueuer enqueuer, Clock clock) {
        this.jobs = jobs;
        this.preflights = preflights;
        this.enqueuer = enqueuer;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String queue() {
        return "short";
    }

    @Override
    public RetryPolicy retryPolicy() {
        return RetryPolicy.NONE;
    }

    @Override
    public void perform(JobContext context) {
        Instant cutoff = clock.instant().minus(GRACE);
        int dispatched = 0;
        for (UUID id : jobs.findUnqueuedBefore(cutoff)) {
            enqueuer.enqueue(PlanRunner.request(id));
            jobs.markEnqueued(id, clock.instant());
            dispatched++;
        }
        for (UUID id : preflights.findUnqueuedBefore(cutoff)) {
            enqueuer.enqueue(PreflightRunner.request(id));
            preflights.markEnqueued(id, clock.instant());
            dispatched++;
        }
        if (dispatched > 0) {
            LOG.warn("enqueued {} run(s) whose start was interrupted between commit and enqueue", dispatched);
        }
    }
}
