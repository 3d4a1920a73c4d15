package dev.deckhand.web.ui.admin;

import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.JobEnqueuer;
import dev.deckhand.runtime.jdbc.PoolDataSource;
import dev.deckhand.runtime.quartz.QuartzJobStore;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.jdbc.DataSourceResolver;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's schedule buttons. Pause and resume go through Quartz's own API on the shared,
 * clustered JDBC job store (row locks, PAUSED trigger states, misfire handling on resume), so the
 * scheduler proctype sees them at its next acquisition and a paused schedule stays paused across
 * restarts. The Quartz instance here is never started: it fires nothing and does not join the
 * cluster (zero threads). "Run now" enqueues the schedule's job at once from the job's stored
 * declaration (type and queue in its job data, as the scheduler wrote them), with the same args
 * and key shape as a firing ({@code cron:<name>:<ms>}), so it works while the scheduler is down.
 * Blocking.
 */
@Singleton
public class ScheduleControl implements AutoCloseable {

    private final DataSource dataSource;
    private final JobEnqueuer enqueuer;
    private volatile Scheduler quartz;
    private volatile String quartzName;

    public ScheduleControl(DataSource dataSource, @Nullable DataSourceResolver resolver, JobEnqueuer enqueuer) {
        this.dataSource = PoolDataSource.of(dataSource, resolver);
        this.enqueuer = enqueuer;
    }

    /** @return false when no such schedule */
    public boolean pause(String schedName, String schedule) throws SchedulerException {
        return onExisting(schedName, schedule, Scheduler::pauseJob);
    }

    /** @return false when no such schedule */
    public boolean resume(String schedName, String schedule) throws SchedulerException {
        return onExisting(schedName, schedule, Scheduler::resumeJob);
    }

    /** A Quartz call on one schedule's job. */
    @FunctionalInterface
    private interface JobAction {
        void apply(Scheduler quartz, JobKey key) throws SchedulerException;
    }

    /** Applies {@code action} to the schedule's job; false (and nothing done) when there is no such schedule. */
    private boolean onExisting(String schedName, String schedule, JobAction action) throws SchedulerException {
        Scheduler s = quartz(schedName);
        JobKey key = JobKey.jobKey(schedule, QuartzJobStore.GROUP);
        if (!s.checkExists(key)) {
            return false;
        }
        action.apply(s, key);
        return true;
    }

    /** Enqueues the schedule's job now. @return the queue job's id, empty when no such schedule */
    public Optional<String> runNow(String schedName, String schedule) throws SchedulerException {
        JobDetail job = quartz(schedName).getJobDetail(JobKey.jobKey(schedule, QuartzJobStore.GROUP));
        if (job == null) {
            return Optional.empty();
        }
        JobDataMap data = job.getJobDataMap();
        long now = System.currentTimeMillis();
        return Optional.of(enqueuer.enqueue(new EnqueueRequest(data.getString(QuartzJobStore.TYPE), data.getString(QuartzJobStore.QUEUE),
                Map.of("schedule", schedule, "scheduled_at", Instant.ofEpochMilli(now).toString(), "run_now", "true"),
                null, "cron:" + schedule + ":" + now)));
    }

    private synchronized Scheduler quartz(String schedName) throws SchedulerException {
        if (quartz != null && schedName.equals(quartzName)) {
            return quartz;
        }
        quartz = QuartzJobStore.controlOnly(schedName, dataSource);
        quartzName = schedName;
        return quartz;
    }

    @PreDestroy
    @Override
    public synchronized void close() {
        // Never started: shutting down only releases its (idle) internal thread; a scheduler
        // started by someone else in this JVM (tests) is theirs to stop.
        if (quartz != null && !isStarted(quartz)) {
            try {
                quartz.shutdown(false);
            } catch (SchedulerException e) {
                // closing anyway
            }
        }
    }

    private static boolean isStarted(Scheduler s) {
        try {
            return s.isStarted();
        } catch (SchedulerException e) {
            return true;
        }
    }
}
