package dev.deckhand.runs;

import dev.deckhand.events.EventPublisher;
import dev.deckhand.jobqueue.JobContext;
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
import java.util.Map;

/**
 * {@code jobs.reap-interrupted} (queue short, every minute from the scheduler): fails ("interrupted")
 * a started run that shows no sign of life and that no worker will take up, which also releases
 * its account for the credential sweep. Silence is measured from the run's last sign of life
 * (heartbeat, written before each step and every few seconds during one; else the enqueue; else
 * the creation), never from its creation, and a run whose queue job is still waiting
 * ({@link QueueJobState#WAITING}) is left alone however long it waited. A run whose queue job is
 * gone is the {@link UnqueuedRunDispatcher}'s to enqueue again. What is failed: a run silent for
 * longer than {@link #JOB_SILENCE} / {@link #PREFLIGHT_SILENCE} whose job is leased by a worker
 * that stopped working it (stuck, paused) or that the queue gave up on (dead, cancelled). If that
 * worker comes back, its attempt sees the status at its next step and stops (see {@link StepLoop}).
 */
@Singleton
@Named(InterruptedRunReaper.NAME)
public class InterruptedRunReaper implements DeclaredJobHandler {

    public static final String NAME = "jobs.reap-interrupted";
    public static final JobType TYPE = JobType.periodic(NAME);
    /** Far above the heartbeat interval and the longest blocking call of a step (http: 30 s). */
    static final Duration JOB_SILENCE = Duration.ofMinutes(15);
    static final Duration PREFLIGHT_SILENCE = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(InterruptedRunReaper.class);

    private final JobRepository jobs;
    private final PreflightRepository preflights;
    private final JobQueueAdmin queue;
    private final EventPublisher events;
    private final Clock clock;

    public InterruptedRunReaper(JobRepository jobs, PreflightRepository preflights, JobQueueAdmin queue,
                                EventPublisher events, Clock clock) {
        this.jobs = jobs;
        this.preflights = preflights;
        this.queue = queue;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public JobType type() {
        return TYPE;
    }

    @Override
    public void perform(JobContext context) {
        Instant now = clock.instant();
        int reaped = 0;
        for (QueuedRun r : jobs.findSilentSince(now.minus(JOB_SILENCE))) {
            if (abandoned(r) && jobs.finish(r.id(), RunStatus.FAILED, "interrupted", now) == 1) {
                reaped++;
                Map<String, String> event = Map.of("job_id", r.id().toString(), "status", RunStatus.FAILED);
                events.publish(EventPublisher.jobTopic(r.id()), "final", event);
                events.publish(EventPublisher.userTopic(r.userId()), "final", event);
            }
        }
        for (QueuedRun r : preflights.findSilentSince(now.minus(PREFLIGHT_SILENCE))) {
            if (abandoned(r) && preflights.finish(r.id(), RunStatus.FAILED, "interrupted", now, null) == 1) {
                reaped++;
                events.publish(EventPublisher.preflightTopic(r.id()), "final", Map.of("preflight_id",
                        r.id().toString(), "status", RunStatus.FAILED));
            }
        }
        if (reaped > 0) {
            LOG.warn("marked {} interrupted runs as failed", reaped);
        }
    }

    private boolean abandoned(QueuedRun r) {
        QueueJobState state = QueueJobState.of(queue, r.queueJobId());
        return state == QueueJobState.RUNNING || state == QueueJobState.GAVE_UP;
    }
}
