package dev.deckhand.runs;

import dev.deckhand.jobqueue.DeclaredJobHandler;
import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.jobqueue.JobHandler;
import dev.deckhand.jobqueue.JobType;
import dev.deckhand.jobqueue.Queues;
import dev.deckhand.jobqueue.RetryPolicy;
import dev.deckhand.storage.Storage;
import dev.deckhand.storage.Visibility;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Housekeeping job types fired by the scheduler:
 * <ul>
 *   <li>{@code preflights.expire} (short): deletes finished preflights whose expiry passed more
 *       than {@link #PREFLIGHT_GRACE} ago (a job already refuses an expired preflight; this only
 *       keeps the table small);</li>
 *   <li>{@code jobs.purge} (default): deletes finished jobs older than {@link #JOB_RETENTION}
 *       and their stored logs.</li>
 * </ul>
 */
@Factory
public class RunRetention {

    public static final String EXPIRE_PREFLIGHTS = "preflights.expire";
    public static final String PURGE_JOBS = "jobs.purge";
    public static final JobType EXPIRE_PREFLIGHTS_TYPE = JobType.periodic(EXPIRE_PREFLIGHTS);
    public static final JobType PURGE_JOBS_TYPE = new JobType(PURGE_JOBS, Queues.DEFAULT, JobType.DEFAULT_TIMEOUT,
            RetryPolicy.NONE);
    static final Duration PREFLIGHT_GRACE = Duration.ofDays(1);
    static final Duration JOB_RETENTION = Duration.ofDays(90);
    private static final Logger LOG = LoggerFactory.getLogger(RunRetention.class);

    @Singleton
    @Named(EXPIRE_PREFLIGHTS)
    JobHandler expirePreflights(PreflightRepository preflights, Clock clock) {
        return handler(EXPIRE_PREFLIGHTS_TYPE, ctx -> {
            int n = preflights.deleteExpiredBefore(clock.instant().minus(PREFLIGHT_GRACE));
            LOG.info("deleted {} expired preflights", n);
        });
    }

    @Singleton
    @Named(PURGE_JOBS)
    JobHandler purgeJobs(JobRepository jobs, Storage storage, Clock clock) {
        return handler(PURGE_JOBS_TYPE, ctx -> {
            Instant cutoff = clock.instant().minus(JOB_RETENTION);
            int n = 0;
            for (UUID id : jobs.findFinishedBefore(cutoff)) {
                storage.delete(Visibility.PRIVATE, PlanRunner.logKey(id));
                jobs.deleteById(id);
                n++;
            }
            LOG.info("purged {} old jobs", n);
        });
    }

    interface Body {
        void run(JobContext context) throws Exception;
    }

    private static JobHandler handler(JobType type, Body body) {
        return new DeclaredJobHandler() {
            @Override
            public JobType type() {
                return type;
            }

            @Override
            public void perform(JobContext context) throws Exception {
                body.run(context);
            }
        };
    }
}
