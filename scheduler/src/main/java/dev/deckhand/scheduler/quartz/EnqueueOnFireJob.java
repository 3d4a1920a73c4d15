package dev.deckhand.scheduler.quartz;

import dev.deckhand.runtime.quartz.QuartzJobStore;
import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.JobEnqueuer;
import dev.deckhand.jobqueue.QueueUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Map;

/**
 * What a fired trigger does, and all it does: enqueue one job of the schedule's type on its
 * queue, with the unique key {@code cron:<name>:<scheduled fire time ms>}. The work runs on a
 * worker. The key makes the firing idempotent: a firing re-run by cluster recovery after a
 * replica died mid-enqueue (the job {@code requestsRecovery}) keeps its original scheduled time
 * and so its key, and the queue returns the existing job instead of adding a second.
 *
 * <p>Redis briefly unavailable: a few quick retries, then the firing is dropped with an error
 * log (the next firing of a periodic schedule does the work; a scheduler thread must not block).
 */
public final class EnqueueOnFireJob implements Job {

    static final String SCHEDULE = QuartzJobStore.SCHEDULE;
    static final String TYPE = QuartzJobStore.TYPE;
    static final String QUEUE = QuartzJobStore.QUEUE;
    static final int ATTEMPTS = 3;
    public static final String FIRINGS = "deckhand.scheduler.firings";

    private static final Logger LOG = LoggerFactory.getLogger(EnqueueOnFireJob.class);
    private final JobEnqueuer enqueuer;

    EnqueueOnFireJob(JobEnqueuer enqueuer) {
        this.enqueuer = enqueuer;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        JobDataMap data = context.getMergedJobDataMap();
        String schedule = data.getString(SCHEDULE);
        long scheduledAt = scheduledFireTime(context);
        String key = uniqueKey(schedule, scheduledAt);
        EnqueueRequest request = new EnqueueRequest(data.getString(TYPE), data.getString(QUEUE),
                Map.of("schedule", schedule, "scheduled_at", Instant.ofEpochMilli(scheduledAt).toString()), null, key);
        for (int attempt = 1; ; attempt++) {
            try {
                String jobId = enqueuer.enqueue(request);
                LOG.info("schedule {} fired: enqueued {} on {} as job {} (key {})", schedule, request.type(),
                        request.queue(), jobId, key);
                count(schedule, "enqueued");
                return;
            } catch (QueueUnavailableException e) {
                if (attempt >= ATTEMPTS) {
                    LOG.error("schedule {}: firing {} dropped, queue unavailable after {} attempts: {}",
                            schedule, key, attempt, e.getMessage());
                    count(schedule, "dropped");
                    throw new JobExecutionException(e, false);
                }
                try {
                    Thread.sleep(250L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new JobExecutionException(interrupted, false);
                }
            }
        }
    }

    /**
     * {@value #FIRINGS} (Prometheus {@code deckhand_scheduler_firings_total}) by schedule and result
     * (enqueued, dropped), on Micrometer's global registry (fed into /prometheus by the runtime).
     */
    private static void count(String schedule, String result) {
        Counter.builder(FIRINGS).description("Schedule firings handled by this replica")
                .tag("schedule", schedule).tag("result", result).register(Metrics.globalRegistry).increment();
    }

    /** The idempotency key of one firing of a schedule: {@code cron:<name>:<scheduled fire time ms>}. */
    public static String uniqueKey(String schedule, long scheduledFireTimeMillis) {
        return "cron:" + schedule + ":" + scheduledFireTimeMillis;
    }

    /** The planned time of this firing; for a recovered firing, the original one (not the recovery's). */
    static long scheduledFireTime(JobExecutionContext context) {
        if (context.isRecovering()) {
            String original = context.getMergedJobDataMap()
                    .getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS);
            if (original != null) {
                return Long.parseLong(original);
            }
        }
        return context.getScheduledFireTime().getTime();
    }
}
