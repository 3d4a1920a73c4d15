package dev.deckhand.web.ui.admin;

import dev.deckhand.jobqueue.JobQueueAdmin;
import dev.deckhand.jobqueue.QueueStats;
import dev.deckhand.jobqueue.redis.QueueOptions;
import jakarta.inject.Singleton;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.resps.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Read-only views of the queue for the dashboard. Gauges and the dead set come from
 * {@link JobQueueAdmin}; the per-job lists (in flight, scheduled, retrying) are not in that API
 * yet, so they are read here from the queue's documented Redis layout
 * ({@code <prefix>q:<queue>:inflight|scheduled} sorted sets scored by lease deadline / run-at,
 * and the {@code <prefix>job:<id>} hashes). Nothing here writes. Blocking: call off the event loop.
 */
@Singleton
public class QueueInspector {

    /** A job leased by a worker. */
    public record InFlightJob(String id, String queue, String type, int attempt, Instant started, Instant leaseUntil) {
    }

    /** A job waiting for its run-at time: delayed ({@code scheduled}) or in backoff ({@code retrying}). */
    public record WaitingJob(String id, String queue, String type, String state, int attempt, Instant runAt,
                             String lastError) {
    }

    private final JobQueueAdmin admin;
    private final RedisClient redis;
    private final QueueOptions options;

    public QueueInspector(JobQueueAdmin admin, RedisClient redis, QueueOptions options) {
        this.admin = admin;
        this.redis = redis;
        this.options = options;
    }

    public List<QueueStats> stats() {
        List<QueueStats> out = new ArrayList<>();
        for (String q : admin.queues()) {
            out.add(admin.stats(q));
        }
        return out;
    }

    public List<InFlightJob> inFlight(int limitPerQueue) {
        List<InFlightJob> out = new ArrayList<>();
        for (String q : admin.queues()) {
            for (Tuple t : redis.zrangeWithScores(key(q, "inflight"), 0, limitPerQueue - 1L)) {
                Map<String, String> h = redis.hgetAll(options.prefix() + "job:" + t.getElement());
                out.add(new InFlightJob(t.getElement(), q, h.getOrDefault("type", "?"), intOf(h.get("attempt")),
                        instantOf(h.get("started")), Instant.ofEpochMilli((long) t.getScore())));
            }
        }
        return out;
    }

    public List<WaitingJob> waiting(int limitPerQueue) {
        List<WaitingJob> out = new ArrayList<>();
        for (String q : admin.queues()) {
            for (Tuple t : redis.zrangeWithScores(key(q, "scheduled"), 0, limitPerQueue - 1L)) {
                Map<String, String> h = redis.hgetAll(options.prefix() + "job:" + t.getElement());
                if (h.isEmpty()) {
                    continue;
                }
                out.add(new WaitingJob(t.getElement(), q, h.getOrDefault("type", "?"), h.getOrDefault("state", "scheduled"),
                        intOf(h.get("attempt")), Instant.ofEpochMilli((long) t.getScore()), h.getOrDefault("err", "")));
            }
        }
        return out;
    }

    private String key(String queue, String part) {
        return options.prefix() + "q:" + queue + ":" + part;
    }

    private static int intOf(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Instant instantOf(String epochMs) {
        try {
            return epochMs == null ? null : Instant.ofEpochMilli(Long.parseLong(epochMs));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
