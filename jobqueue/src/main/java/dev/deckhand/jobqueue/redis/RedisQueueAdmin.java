package dev.deckhand.jobqueue.redis;

import dev.deckhand.jobqueue.DeadJob;
import dev.deckhand.jobqueue.JobQueueAdmin;
import dev.deckhand.jobqueue.QueueStats;
import redis.clients.jedis.UnifiedJedis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** {@link JobQueueAdmin} on the Redis queue; retry/discard/cancel are single Lua scripts. */
public final class RedisQueueAdmin implements JobQueueAdmin {

    private static final LuaScript ADMIN = LuaScript.load("admin");
    private static final LuaScript STATS = LuaScript.load("stats");

    private final UnifiedJedis redis;
    private final QueueOptions options;

    public RedisQueueAdmin(UnifiedJedis redis, QueueOptions options) {
        this.redis = redis;
        this.options = options;
    }

    @Override
    public Set<String> queues() {
        return new TreeSet<>(RedisCalls.call("queues", () -> redis.smembers(options.prefix() + "queues")));
    }

    @Override
    public QueueStats stats(String queue) {
        List<?> r = (List<?>) RedisCalls.call("stats", () -> STATS.run(redis, List.of(options.prefix(), queue)));
        long[] v = r.stream().mapToLong(o -> ((Number) o).longValue()).toArray();
        return new QueueStats(queue, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
    }

    @Override
    public List<DeadJob> listDead(int offset, int limit) {
        List<String> ids = RedisCalls.call("list dead", () ->
                redis.zrevrange(options.prefix() + "dead", offset, offset + limit - 1L));
        List<DeadJob> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            Map<String, String> h = RedisCalls.call("read job", () -> redis.hgetAll(options.prefix() + "job:" + id));
            if (h.isEmpty()) {
                continue;
            }
            Map<String, String> args = new HashMap<>();
            h.forEach((k, v) -> {
                if (k.startsWith("a:")) {
                    args.put(k.substring(2), v);
                }
            });
            out.add(new DeadJob(id, h.get("type"), h.get("queue"), Map.copyOf(args),
                    Integer.parseInt(h.getOrDefault("attempt", "0")), h.getOrDefault("err", ""),
                    h.getOrDefault("stack", ""), Instant.ofEpochMilli(Long.parseLong(h.getOrDefault("died", "0")))));
        }
        return out;
    }

    @Override
    public long deadCount() {
        return RedisCalls.call("dead count", () -> redis.zcard(options.prefix() + "dead"));
    }

    @Override
    public boolean retryDead(String jobId) {
        return admin("retry", jobId) != null;
    }

    @Override
    public boolean discardDead(String jobId) {
        return admin("discard", jobId) != null;
    }

    @Override
    public Optional<String> cancel(String jobId) {
        return Optional.ofNullable(admin("cancel", jobId));
    }

    @Override
    public Optional<String> state(String jobId) {
        return Optional.ofNullable(RedisCalls.call("state", () -> redis.hget(options.prefix() + "job:" + jobId, "state")));
    }

    private String admin(String op, String jobId) {
        List<String> args = List.of(options.prefix(), op, jobId, Long.toString(options.finishedTtl().toSeconds()));
        Object r = RedisCalls.call(op, () -> ADMIN.run(redis, args));
        return r instanceof String s ? s : null;
    }
}
