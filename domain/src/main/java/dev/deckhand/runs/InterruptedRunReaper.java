package dev.deckhand.runs;

import dev.deckhand.events.EventPublisher;
import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.jobqueue.JobHandler;
import dev.deckhand.jobqueue.RetryPolicy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * {@code jobs.reap-interrupted} (queue short, every minute from the scheduler): a run still
 * {@code started} after every attempt the queue could have made has run out of time (worker
 * killed, job dead-lettered) is marked failed ("interrupted"), which also releases its account
 * for the credential sweep. The cutoffs are the handlers' timeout x max attempts plus slack:
 * {@link #JOB_CUTOFF} for plan.run (3 x 1 h), {@link #PREFLIGHT_CUTOFF} for preflight.run (5 x 5 min).
 */
@Singleton
@Named(InterruptedRunReaper.NAME)
public class InterruptedRunReaper implements JobHandler {

    public static final String NAME = "jobs.reap-interrupted";
    static final Duration JOB_CUTOFF = Duration.ofHours(3).plusMinutes(30);
    static final Duration PREFLIGHT_CUTOFF = Duration.ofMinutes(30);
    private static final Logger LOG = LoggerFactory.getLogger(InterruptedRunReaper.class);

    private final JobRepository jobs;
    private final PreflightRepository preflights;
    private final EventPublisher events;
    private final Clock clock;

    public InterruptedRunReaper(JobRepository jobs, PreflightRepository preflights, EventPublisher events, Clock clock) {
        this.jobs = jobs;
        this.preflights = preflights;
        this.events = events;
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
        Instant now = clock.instant();
        int reaped = 0;
        for (Job j : jobs.findStartedBefore(now.minus(JOB_CUTOFF))) {
            if (jobs.finish(j.id(), RunStatus.FAILED, "interrupted", now) == 1) {
                reaped++;
                events.publish(EventPublisher.jobTopic(j.id()), "final", Map.of("job_id", j.id().toString(),
                        "status", RunStatus.FAILED));
                events.publish(EventPublisher.userTopic(j.userId()), "final", Map.of("job_id", j.id().toString(),
                        "status", RunStatus.FAILED));
            }
        }
        for (Preflight p : preflights.findStartedBefore(now.minus(PREFLIGHT_CUTOFF))) {
            if (preflights.finish(p.id(), RunStatus.FAILED, "interrupted", now, null) == 1) {
                reaped++;
                events.publish(EventPublisher.preflightTopic(p.id()), "final", Map.of("preflight_id",
                        p.id().toString(), "status", RunStatus.FAILED));
            }
        }
        if (reaped > 0) {
            LOG.warn("marked {} interrupted runs as failed", reaped);
        }
    }
}
