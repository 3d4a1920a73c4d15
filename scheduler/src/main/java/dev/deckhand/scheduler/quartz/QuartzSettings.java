package dev.deckhand.scheduler.quartz;

import dev.deckhand.runtime.quartz.QuartzJobStore;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Properties;

/**
 * The firing scheduler's Quartz configuration: the shared clustered JDBC job store on PostgreSQL
 * over our pool ({@link QuartzJobStore}), plus threads, check-in, acquisition and misfires.
 *
 * <ul>
 * <li>{@code isClustered}: replicas share triggers through the {@code qrtz_} tables; each checks
 *     in every {@code checkinInterval}, and a replica silent for that long plus 7.5 s is declared
 *     dead: its acquired triggers are released and its in-flight firings re-run elsewhere.</li>
 * <li>{@code acquireTriggersWithinLock}: acquiring the next triggers happens under the
 *     TRIGGER_ACCESS row lock, so two replicas can never acquire the same firing.</li>
 * <li>{@code useProperties}: job data are strings only (no Java serialization in the database).</li>
 * <li>{@code misfireThreshold} 60 s: later than that, a firing follows its schedule's misfire policy.</li>
 * </ul>
 *
 * @param instanceName the cluster's name, also the {@code sched_name} column (V1 seeds its locks)
 */
public record QuartzSettings(String instanceName, int threadCount, Duration checkinInterval, Duration idleWait,
                             Duration misfireThreshold) {

    /** The shared job store ({@link QuartzJobStore}) on {@code pool}, plus the firing scheduler's own settings. */
    public Properties toProperties(DataSource pool) {
        Properties p = QuartzJobStore.properties(instanceName, pool);
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.scheduler.idleWaitTime", String.valueOf(idleWait.toMillis()));
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(threadCount));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "quartz-fire");
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(checkinInterval.toMillis()));
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty("org.quartz.jobStore.misfireThreshold", String.valueOf(misfireThreshold.toMillis()));
        return p;
    }
}
