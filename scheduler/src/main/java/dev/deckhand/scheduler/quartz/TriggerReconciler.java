package dev.deckhand.scheduler.quartz;

import dev.deckhand.runtime.quartz.QuartzJobStore;
import dev.deckhand.scheduler.schedule.Schedule;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TimeZone;
import java.util.stream.Collectors;

/**
 * Makes the job store match the configured schedules at boot: adds new ones, replaces changed
 * ones, deletes those no longer configured or disabled. An unchanged schedule is left alone (a
 * replica restarting must not reset a trigger the cluster is about to fire). Replicas booting
 * together may both replace a changed trigger; that is harmless, the last write wins with the
 * same definition.
 */
public final class TriggerReconciler {

    /** Quartz group of every Deckhand schedule (job and trigger share the schedule's name). */
    public static final String GROUP = QuartzJobStore.GROUP;
    static final TimeZone UTC = TimeZone.getTimeZone("UTC");
    private static final Logger LOG = LoggerFactory.getLogger(TriggerReconciler.class);

    private TriggerReconciler() {
    }

    public static void reconcile(Scheduler scheduler, List<Schedule> schedules) throws SchedulerException {
        Map<String, Schedule> enabled = schedules.stream().filter(Schedule::enabled)
                .collect(Collectors.toMap(Schedule::name, s -> s));
        for (Schedule s : enabled.values()) {
            JobDetail job = job(s);
            CronTrigger trigger = trigger(s);
            if (unchanged(scheduler, job, trigger)) {
                continue;
            }
            scheduler.scheduleJob(job, Set.of(trigger), true);
            LOG.info("schedule {} set: cron '{}' (UTC) enqueues {} on queue {}, misfire {}", s.name(), s.cron(),
                    s.type(), s.queue(), s.misfire().configName());
        }
        for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
            if (!enabled.containsKey(key.getName())) {
                scheduler.deleteJob(key);
                LOG.info("schedule {} removed (disabled or no longer configured)", key.getName());
            }
        }
    }

    static JobDetail job(Schedule s) {
        return JobBuilder.newJob(EnqueueOnFireJob.class)
                .withIdentity(s.name(), GROUP)
                .withDescription("enqueue " + s.type() + " on " + s.queue())
                .usingJobData(EnqueueOnFireJob.SCHEDULE, s.name())
                .usingJobData(EnqueueOnFireJob.TYPE, s.type())
                .usingJobData(EnqueueOnFireJob.QUEUE, s.queue())
                .storeDurably()
                // A replica killed between firing and finishing the enqueue: another replica re-runs
                // the firing (same scheduled time, same unique key).
                .requestRecovery()
                .build();
    }

    static CronTrigger trigger(Schedule s) {
        CronScheduleBuilder cron = CronScheduleBuilder.cronSchedule(s.cron()).inTimeZone(UTC);
        cron = switch (s.misfire()) {
            case FIRE_ONCE_NOW -> cron.withMisfireHandlingInstructionFireAndProceed();
            case DO_NOTHING -> cron.withMisfireHandlingInstructionDoNothing();
        };
        return TriggerBuilder.newTrigger().withIdentity(s.name(), GROUP).forJob(s.name(), GROUP)
                .withSchedule(cron).build();
    }

    private static boolean unchanged(Scheduler scheduler, JobDetail job, CronTrigger wanted) throws SchedulerException {
        Trigger current = scheduler.getTrigger(TriggerKey.triggerKey(wanted.getKey().getName(), GROUP));
        JobDetail currentJob = scheduler.getJobDetail(job.getKey());
        return current instanceof CronTrigger ct && currentJob != null
                && Objects.equals(ct.getCronExpression(), wanted.getCronExpression())
                && Objects.equals(ct.getTimeZone().getID(), wanted.getTimeZone().getID())
                && ct.getMisfireInstruction() == wanted.getMisfireInstruction()
                && currentJob.getJobClass() == job.getJobClass()
                && currentJob.requestsRecovery() == job.requestsRecovery()
                && Objects.equals(currentJob.getJobDataMap().getWrappedMap(), job.getJobDataMap().getWrappedMap());
    }
}
