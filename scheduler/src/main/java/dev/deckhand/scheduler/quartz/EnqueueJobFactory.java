package dev.deckhand.scheduler.quartz;

import dev.deckhand.jobqueue.JobEnqueuer;
import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

/** Builds the one kind of Quartz job this scheduler runs, with the queue's enqueuer. */
final class EnqueueJobFactory implements JobFactory {

    private final JobEnqueuer enqueuer;

    EnqueueJobFactory(JobEnqueuer enqueuer) {
        this.enqueuer = enqueuer;
    }

    @Override
    public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
        Class<? extends Job> type = bundle.getJobDetail().getJobClass();
        if (type != EnqueueOnFireJob.class) {
            throw new SchedulerException("unexpected job class " + type.getName() + " in the job store");
        }
        return new EnqueueOnFireJob(enqueuer);
    }
}
