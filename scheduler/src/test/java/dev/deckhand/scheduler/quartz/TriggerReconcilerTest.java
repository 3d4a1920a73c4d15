package dev.deckhand.scheduler.quartz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.scheduler.schedule.MisfirePolicy;
import dev.deckhand.scheduler.schedule.Schedule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.quartz.CronTrigger;
import org.quartz.JobDetail;

/** How a schedule becomes a Quartz job and trigger (the reconciliation itself runs against Postgres in SchedulerBootTest). */
class TriggerReconcilerTest {

    @ParameterizedTest
    @EnumSource(MisfirePolicy.class)
    void aScheduleBecomesARecoverableJobAndAUtcCronTriggerWithItsMisfirePolicy(MisfirePolicy policy) {
        Schedule s = new Schedule("credentials-sweep", "0 * * * * ?", "credentials.sweep", "short", true, policy);

        CronTrigger trigger = TriggerReconciler.trigger(s);
        JobDetail job = TriggerReconciler.job(s);

        assertThat(trigger.getMisfireInstruction()).isEqualTo(policy.quartzInstruction());
        assertThat(trigger.getCronExpression()).isEqualTo("0 * * * * ?");
        assertThat(trigger.getTimeZone().getID()).isEqualTo("UTC");
        assertThat(trigger.getKey().getGroup()).isEqualTo(TriggerReconciler.GROUP);
        assertThat(trigger.getJobKey()).isEqualTo(job.getKey());
        assertThat(job.requestsRecovery()).as("re-run by another replica if this one dies mid-firing").isTrue();
        assertThat(job.isDurable()).isTrue();
        assertThat(job.getJobClass()).isEqualTo(EnqueueOnFireJob.class);
        assertThat(job.getJobDataMap().getWrappedMap()).containsOnly(
                java.util.Map.entry(EnqueueOnFireJob.SCHEDULE, "credentials-sweep"),
                java.util.Map.entry(EnqueueOnFireJob.TYPE, "credentials.sweep"),
                java.util.Map.entry(EnqueueOnFireJob.QUEUE, "short"));
    }

    @org.junit.jupiter.api.Test
    void theUniqueKeyNamesTheScheduleAndThePlannedTime() {
        assertThat(EnqueueOnFireJob.uniqueKey("jobs-purge", 1_700_000_000_000L)).isEqualTo("cron:jobs-purge:1700000000000");
    }
}
