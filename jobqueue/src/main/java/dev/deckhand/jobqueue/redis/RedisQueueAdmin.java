package dev.deckhand.jobqueue.redis;

import dev.deckhand.jobqueue.DeadJob;
import dev.deckhand.jobqueue.JobDetail;
import dev.deckhand.jobqueue.JobFilter;
import dev.deckhand.jobqueue.JobList;
import dev.deckhand.jobqueue.JobQueueAdmin;
import dev.deckhand.jobqueue.JobSummary;
import dev.deckhand.jobqueue.Page;
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
    private final JobLists lists;

    public RedisQueueAdmin(UnifiedJedis redis, QueueOptions options) {
        this.redis = redis;
        this.options = options;
        this.lists = new JobLists(redis, options);
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
            toDead(id).ifPresent(out::add);
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

    private Optional<DeadJob> toDead(String id) {
        Map<String, String> h = RedisCalls.call("read job", () -> redis.hgetAll(options.prefix() + "job:" + id));
        if (h.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DeadJob(id, h.get("type"), h.get("queue"), args(h),
                Integer.parseInt(h.getOrDefault("attempt", "0")), h.getOrDefault("err", ""),
                h.getOrDefault("stack", ""), Instant.ofEpochMilli(Long.parseLong(h.getOrDefault("died", "0")))));
    }

    private static Map<String, String> args(Map<String, String> h) {
        Map<String, String> args = new HashMap<>();
        h.forEach((k, v) -> {
            if (k.startsWith("a:")) {
                args.put(k.substring(2), v);
            }
        });
        return Map.copyOf(args);
    }

    @Override
    public Page<DeadJob> dead(JobFilter filter, String cursor, int limit) {
        Page<JobSummary> page = lists.page(JobList.DEAD, filter, cursor, limit, Set.of());
        List<DeadJob> out = new ArrayList<>();
        for (JobSummary s : page.items()) {
            toDead(s.id()).ifPresent(out::add);
        }
        return new Page<>(out, page.nextCursor());
    }

    @Override
    public Page<JobSummary> jobs(JobList list, JobFilter filter, String cursor, int limit) {
        return lists.page(list, filter, cursor, limit, list == JobList.DEAD ? Set.of() : queues());
    }

    @Override
    public Optional<JobDetail> job(String jobId) {
        String jk = options.prefix() + "job:" + jobId;
        Map<String, String> h = RedisCalls.call("read job", () -> redis.hgetAll(jk));
        if (h.isEmpty()) {
            return Optional.empty();
        }
        String state = h.getOrDefault("state", "");
        String queue = h.getOrDefault("queue", "");
        Instant runAt = null;
        if (state.equals("scheduled") || state.equals("retrying")) {
            Double score = RedisCalls.call("read job", () -> redis.zscore(options.prefix() + "q:" + queue + ":scheduled", jobId));
            runAt = score == null ? null : Instant.ofEpochMilli(score.longValue());
        }
        List<JobDetail.FailedAttempt> failures = new ArrayList<>();
        for (long n = 1; n <= num(h.get("nfail")); n++) {
            String x = "x:" + n + ":";
            failures.add(new JobDetail.FailedAttempt((int) num(h.get(x + "attempt")), millis(h.get(x + "started")),
                    millis(h.get(x + "at")), h.getOrDefault(x + "err", ""), h.getOrDefault(x + "stack", "")));
        }
        return Optional.of(new JobDetail(jobId, h.getOrDefault("type", ""), queue, state, args(h),
                (int) num(h.get("attempt")), millis(h.get("created")), millis(h.get("enq")), millis(h.get("started")),
                millis(h.get("finished")), millis(h.get("died")), runAt, h.getOrDefault("err", ""),
                h.getOrDefault("stack", ""), failures, h.containsKey("cancel")));
    }

    @Override
    public long retryAll(JobList list, JobFilter filter) {
        return lists.bulk(list, "retry", filter, list == JobList.DEAD ? Set.of() : queues());
    }

    @Override
    public long discardAll(JobList list, JobFilter filter) {
        return lists.bulk(list, "discard", filter, list == JobList.DEAD ? Set.of() : queues());
    }

    private static long num(String s) {
        try {
            return s == null || s.isEmpty() ? 0 : (long) Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Instant millis(String s) {
        long ms = num(s);
        return ms <= 0 ? null : Instant.ofEpochMilli(ms);
    }
}
