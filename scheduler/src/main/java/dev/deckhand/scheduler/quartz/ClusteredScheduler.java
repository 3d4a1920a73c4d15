package dev.deckhand.scheduler.quartz;

import dev.deckhand.jobqueue.JobEnqueuer;
import dev.deckhand.scheduler.schedule.Schedule;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.util.List;

/**
 * One replica's Quartz scheduler: created, reconciled with the configured schedules, started;
 * {@link #shutdown()} stops acquiring triggers and waits for firings in progress (each is one
 * enqueue) before returning, so a SIGTERM never abandons a firing half done.
 */
public final class ClusteredScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusteredScheduler.class);
    private final Scheduler scheduler;

    private ClusteredScheduler(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    public static ClusteredScheduler start(QuartzSettings settings, DataSource dataSource, JobEnqueuer enqueuer,
                                           List<Schedule> schedules) throws SchedulerException {
        Scheduler scheduler = new StdSchedulerFactory(settings.toProperties(dataSource)).getScheduler();
        try {
            scheduler.setJobFactory(new EnqueueJobFactory(enqueuer));
            TriggerReconciler.reconcile(scheduler, schedules);
            scheduler.start();
        } catch (SchedulerException | RuntimeException e) {
            scheduler.shutdown(false);
            throw e;
        }
        LOG.info("scheduler {} started ({} schedules enabled, cluster checkin every {} ms)",
                scheduler.getSchedulerInstanceId(), schedules.stream().filter(Schedule::enabled).count(),
                settings.checkinInterval().toMillis());
        return new ClusteredScheduler(scheduler);
    }

    public Scheduler quartz() {
        return scheduler;
    }

    /** Stops firing and waits for firings in progress. */
    public void shutdown() {
        try {
            if (!scheduler.isShutdown()) {
                scheduler.shutdown(true);
                LOG.info("scheduler stopped");
            }
        } catch (SchedulerException e) {
            LOG.warn("scheduler shutdown failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        shutdown();
    }
}
