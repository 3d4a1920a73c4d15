package dev.deckhand.scheduler.metrics;

import dev.deckhand.scheduler.TownClock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;

import java.util.Date;

/**
 * Whether the town clock fires, for the "scheduler not firing" alert:
 * {@value #OVERDUE} (Prometheus {@code deckhand_scheduler_overdue_seconds}): how long the most
 * overdue trigger's next fire time has passed without it firing (0 when none is late; clustered
 * Quartz moves a trigger's next fire time on as soon as any replica fires it, so a healthy
 * cluster stays near 0 on every replica), and {@value #TRIGGERS}, the triggers in the store.
 * Read from the Quartz job store at most every {@value #MAX_AGE_MS} ms; NaN while it is unreadable.
 * Firings are counted where they happen (quartz.EnqueueOnFireJob: {@code deckhand_scheduler_firings_total}).
 */
@Singleton
@Requires(classes = MeterRegistry.class)
@Requires(property = "deckhand.proctype", value = "scheduler")
@Requires(property = "deckhand.scheduler.enabled", notEquals = "false")
public class SchedulerMetrics implements MeterBinder {

    public static final String OVERDUE = "deckhand.scheduler.overdue.seconds";
    public static final String TRIGGERS = "deckhand.scheduler.triggers";
    private static final long MAX_AGE_MS = 5000;

    // Lazily: the registry is built early (data source binders) and the clock needs the data source.
    private final BeanProvider<TownClock> clock;
    private volatile long readAt;
    private volatile double overdue = Double.NaN;
    private volatile double triggers = Double.NaN;

    public SchedulerMetrics(BeanProvider<TownClock> clock) {
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (registry.find(OVERDUE).meter() != null) {
            return; // bound to the composite and to its child: register once
        }
        Gauge.builder(OVERDUE, this, m -> m.read()[0])
                .description("How long the most overdue schedule trigger has waited past its fire time").register(registry);
        Gauge.builder(TRIGGERS, this, m -> m.read()[1])
                .description("Schedule triggers in the Quartz store").register(registry);
    }

    private synchronized double[] read() {
        long now = System.currentTimeMillis();
        if (now - readAt > MAX_AGE_MS) {
            readAt = now;
            try {
                Scheduler quartz = clock.get().scheduler().quartz();
                long worst = 0;
                int n = 0;
                for (TriggerKey key : quartz.getTriggerKeys(GroupMatcher.anyTriggerGroup())) {
                    Trigger t = quartz.getTrigger(key);
                    if (t == null) {
                        continue;
                    }
                    n++;
                    Date next = t.getNextFireTime();
                    if (next != null && quartz.getTriggerState(key) == Trigger.TriggerState.NORMAL) {
                        worst = Math.max(worst, now - next.getTime());
                    }
                }
                overdue = worst / 1000.0;
                triggers = n;
            } catch (SchedulerException | RuntimeException e) {
                overdue = Double.NaN;
                triggers = Double.NaN;
            }
        }
        return new double[] {overdue, triggers};
    }
}
