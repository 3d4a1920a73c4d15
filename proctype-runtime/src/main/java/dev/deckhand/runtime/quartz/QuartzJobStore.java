package dev.deckhand.runtime.quartz;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.DBConnectionManager;

import javax.sql.DataSource;
import java.util.Properties;
import java.util.UUID;

/**
 * The shared Quartz job store, declared once for the two proctypes that open it: the scheduler
 * (which fires) and web (whose dashboard pauses, resumes and runs schedules without starting a
 * Quartz of its own). Both must agree on the store (JDBC, PostgreSQL delegate, {@code qrtz_}
 * tables, clustered so locks are database row locks, string-only job data) and on the names the
 * scheduler writes ({@link #GROUP} and the job-data keys). Quartz is an optional dependency of
 * this module: only those two proctypes have it.
 */
public final class QuartzJobStore {

    /** The Quartz group of the schedules' jobs and triggers. */
    public static final String GROUP = "deckhand-cron";
    /** Job-data keys of a schedule's job: its name, job type and queue. */
    public static final String SCHEDULE = "schedule";
    public static final String TYPE = "type";
    public static final String QUEUE = "queue";

    private QuartzJobStore() {
    }

    /**
     * Registers the pool with Quartz under a fresh name (Quartz looks data sources up by name in a
     * JVM-wide registry, so the name is unique per Quartz instance) and returns the job-store
     * properties that use it; the caller adds its scheduler and thread-pool properties.
     *
     * @param instanceName the cluster's name, also the {@code sched_name} column (V1 seeds its locks)
     */
    public static Properties properties(String instanceName, DataSource pool) {
        String dataSourceName = "deckhand-" + UUID.randomUUID();
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new PooledConnectionProvider(pool));
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", instanceName);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "qrtz_");
        // Clustered: replicas share the store, and Quartz takes its locks as database row locks.
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        return p;
    }

    /** A Quartz on the store that is never started: it fires nothing and joins no cluster (zero threads). */
    public static Scheduler controlOnly(String instanceName, DataSource pool) throws SchedulerException {
        Properties p = properties(instanceName, pool);
        p.setProperty("org.quartz.scheduler.instanceId", "control-" + UUID.randomUUID());
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.ZeroSizeThreadPool");
        return new StdSchedulerFactory(p).getScheduler();
    }
}
