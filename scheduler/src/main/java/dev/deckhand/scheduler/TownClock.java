package dev.deckhand.scheduler;

import dev.deckhand.runtime.jdbc.PoolDataSource;
import dev.deckhand.config.InvalidSettingsException;
import dev.deckhand.config.JvmTuning;
import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingsCatalog;
import dev.deckhand.config.SettingsProblem;
import dev.deckhand.jobqueue.JobEnqueuer;
import dev.deckhand.runtime.health.SchemaVersionCheck;
import dev.deckhand.scheduler.quartz.ClusteredScheduler;
import dev.deckhand.scheduler.quartz.QuartzSettings;
import dev.deckhand.scheduler.schedule.Schedule;
import dev.deckhand.scheduler.schedule.ScheduleConfig;
import dev.deckhand.scheduler.schedule.ScheduleConfigException;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.jdbc.DataSourceResolver;
import jakarta.annotation.PreDestroy;
import org.quartz.SchedulerException;

import javax.sql.DataSource;
import java.util.List;

/**
 * The town clock: at boot, resolves the schedules (built-ins + {@code CRON_SCHEDULE}; a bad entry
 * fails the boot with exit 2 naming it), reconciles them into the clustered Quartz store and
 * starts firing; each firing only enqueues a job. Shuts down gracefully with the context.
 *
 * <p>Quartz's threads, check-in, idle wait and misfire threshold are JVM tuning properties
 * (not per-deploy variables; tests set them as system properties), declared in {@link JvmTuning}.
 * The Micronaut property {@code deckhand.scheduler.enabled=false} boots without the clock.
 */
@Context
@Requires(property = "deckhand.scheduler.enabled", notEquals = "false")
public class TownClock {

    private final ClusteredScheduler scheduler;
    private final List<Schedule> schedules;

    public TownClock(ResolvedSettings settings, DataSource dataSource, @Nullable DataSourceResolver resolver,
                     JobEnqueuer enqueuer,
                     // Injected only to order the boot: no Quartz query before the schema is known current.
                     @Nullable SchemaVersionCheck schemaVersionCheck) {
        this.schedules = resolve(settings);
        try {
            this.scheduler = ClusteredScheduler.start(
                    new QuartzSettings("deckhand", JvmTuning.SCHEDULER_THREADS.value(),
                            JvmTuning.SCHEDULER_CHECKIN_INTERVAL.value(), JvmTuning.SCHEDULER_IDLE_WAIT.value(),
                            JvmTuning.SCHEDULER_MISFIRE_THRESHOLD.value()),
                    // The raw Hikari pool: Quartz manages its own transactions.
                    PoolDataSource.of(dataSource, resolver), enqueuer, schedules);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start the Quartz scheduler: " + e.getMessage(), e);
        }
    }

    static List<Schedule> resolve(ResolvedSettings settings) {
        try {
            return ScheduleConfig.resolve(settings.find(SettingsCatalog.CRON_SCHEDULE).orElse(null));
        } catch (ScheduleConfigException e) {
            throw new InvalidSettingsException(settings.proctype(), settings.environment(), e.problems().stream()
                    .map(p -> new SettingsProblem(ScheduleConfig.VARIABLE, p)).toList());
        }
    }

    /** The effective schedules, disabled ones included. */
    public List<Schedule> schedules() {
        return schedules;
    }

    public ClusteredScheduler scheduler() {
        return scheduler;
    }

    @PreDestroy
    void stop() {
        scheduler.shutdown();
    }
}
