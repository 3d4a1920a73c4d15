package dev.deckhand.runs;

import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.jobqueue.JobEnqueuer;
import dev.deckhand.jobqueue.DeclaredJobHandler;
import dev.deckhand.jobqueue.JobQueueAdmin;
import dev.deckhand.jobqueue.JobType;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code runs.dispatch-unqueued} (queue short, every 15 s from the scheduler): PostgreSQL is the
 * source of truth for runs, Redis may lose everything. This enqueues again every started run
 * (job or preflight) that nobody will work otherwise:
 * <ul>
 *   <li>the outbox relay: starting a run commits its row, then enqueues, then records
 *       {@code enqueued_at}; a web process killed in between leaves a row without it;</li>
 *   <li>a lost queue job: the run was enqueued, has shown no sign of life (heartbeat) for
 *       {@link #GRACE}, and its queue job no longer exists (Redis restarted empty, flushed,
 *       evicted, failed over to a replica that missed it; see {@link QueueJobState#GONE}). The
 *       run's log says so; the next attempt resumes after its last completed step.</li>
 * </ul>
 * Both wait {@link #GRACE}, so a start in flight or a worker between two heartbeats is left
 * alone. At-least-once, never twice at once: the queue jobs carry a unique key per row (an
 * enqueue while a job of the row is pending or running returns that job), and an attempt writes
 * only while it owns the row (see {@link StepLoop}). If Redis is down the rows wait for the next firing.
 * A run whose queue job was lost is thus enqueued again 30-45 s after its last heartbeat (the
 * heartbeat is written every 10 s while a step runs), well within the "about a minute".
 */
@Singleton
@Named(UnqueuedRunDispatcher.NAME)
public class UnqueuedRunDispatcher implements DeclaredJobHandler {

    public static final String NAME = "runs.dispatch-unqueued";
    public static final JobType TYPE = JobType.periodic(NAME);
    /** Longer than a start takes from commit to enqueue, and than a run goes between two heartbeats. */
    static final Duration GRACE = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(UnqueuedRunDispatcher.class);

    private final JobRepository jobs;
    private final PreflightRepository preflights;
    private final JobEnqueuer enqueuer;
    private final JobQueueAdmin queue;
    private final RunLogs logs;
    private final Clock clock;

    public UnqueuedRunDispatcher(JobRepository jobs, PreflightRepository preflights, JobEnqueuer enqueuer,
                                 JobQueueAdmin queue, RunLogs logs, Clock clock) {
        this.logs = logs;
        this.jobs = jobs;
        this.preflights = preflights;
        this.enqueuer = enqueuer;
        this.queue = queue;
        this.clock = clock;
    }

    @Override
    public JobType type() {
        return TYPE;
    }

    @Override
    public void perform(JobContext context) {
        Instant cutoff = clock.instant().minus(GRACE);
        int unqueued = 0;
        for (UUID id : jobs.findUnqueuedBefore(cutoff)) {
            jobs.markEnqueued(id, enqueuer.enqueue(PlanRunner.request(id)), clock.instant());
            unqueued++;
        }
        for (UUID id : preflights.findUnqueuedBefore(cutoff)) {
            preflights.markEnqueued(id, enqueuer.enqueue(PreflightRunner.request(id)), clock.instant());
            unqueued++;
        }
        if (unqueued > 0) {
            LOG.warn("enqueued {} run(s) whose start was interrupted between commit and enqueue", unqueued);
        }
        int lost = 0;
        for (QueuedRun r : jobs.findEnqueuedSilentSince(cutoff)) {
            if (lost(r)) {
                String queueJob = enqueuer.enqueue(PlanRunner.request(r.id()));
                jobs.markEnqueued(r.id(), queueJob, clock.instant());
                logs.append(r.id(), clock.instant() + " the queue no longer had this run's job (" + r.queueJobId()
                        + "): dispatched again as " + queueJob + "\n");
                lost++;
            }
        }
        for (QueuedRun r : preflights.findEnqueuedSilentSince(cutoff)) {
            if (lost(r)) {
                preflights.markEnqueued(r.id(), enqueuer.enqueue(PreflightRunner.request(r.id())), clock.instant());
                lost++;
            }
        }
        if (lost > 0) {
            LOG.warn("enqueued {} started run(s) again whose queue job was lost (Redis restarted, flushed or evicted)",
                    lost);
        }
    }

    private boolean lost(QueuedRun r) {
        return QueueJobState.of(queue, r.queueJobId()) == QueueJobState.GONE;
    }
}
