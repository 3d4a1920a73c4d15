package dev.deckhand.scheduler.schedule;

/**
 * One named cron schedule: when {@code cron} fires, a job of {@code type} is enqueued on
 * {@code queue} (the work itself runs on a worker). Cron expressions use the Quartz syntax with
 * a seconds field ({@code "0 * * * * ?"} = every minute), evaluated in UTC.
 */
public record Schedule(String name, String cron, String type, String queue, boolean enabled, MisfirePolicy misfire) {
}
