package dev.deckhand.scheduler.schedule;

import org.quartz.CronTrigger;

import java.util.Arrays;
import java.util.Optional;

/**
 * What to do with a firing that was missed by more than the misfire threshold (60 s): every
 * replica was down, or the cluster was recovering a crashed replica's trigger. A firing that is
 * late by less than the threshold is simply fired late, once, with its own unique key.
 */
public enum MisfirePolicy {

    /**
     * Fire once as soon as possible, however many firings were missed, then resume the normal
     * schedule. For periodic sweeps (credentials, reaper, preflight expiry): one catch-up run does
     * all the missed work, and a burst of identical runs would be waste.
     */
    FIRE_ONCE_NOW("fire-once-now", CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW),

    /**
     * Skip the missed firings and wait for the next scheduled time. For heavy, rarely run jobs
     * (the nightly purge) that should not start at an unplanned hour.
     */
    DO_NOTHING("do-nothing", CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING);

    private final String configName;
    private final int quartzInstruction;

    MisfirePolicy(String configName, int quartzInstruction) {
        this.configName = configName;
        this.quartzInstruction = quartzInstruction;
    }

    /** The value used in schedules.json and CRON_SCHEDULE. */
    public String configName() {
        return configName;
    }

    public int quartzInstruction() {
        return quartzInstruction;
    }

    public static Optional<MisfirePolicy> fromConfig(String name) {
        return Arrays.stream(values()).filter(p -> p.configName.equals(name)).findFirst();
    }
}
