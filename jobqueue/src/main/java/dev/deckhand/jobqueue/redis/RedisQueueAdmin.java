package dev.deckhand.jobqueue.redis;

import dev.deckhand.jobqueue.DeadJob;
import dev.deckhand.jobqueue.JobDetail;
import dev.deckhand.jobqueue.JobFilter;
import dev.deckhand.jobqueue.JobList;
import dev.deckhand.jobqueue.JobQueueAdmin;
import dev.deckhand.jobqueue.JobSummary;
import dev.deckhand.jobqueue.Page;
import dev.deckhand.jobqueue.QueueKeys;
import dev.deckhand.jobqueue.QueueMinute;
import dev.deckhand.jobqueue.QueueStats;
import dev.deckhand.jobqueue.WorkerProcess;
import redis.clients.jedis.UnifiedJedis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link JobQueueAdmin} on the Redis queue. Changes (retry, discard, cancel, pause, resume, quiet)
 * are single Lua scripts; multi-key reads (stats, job pages, history, processes) are one script
 * each, so every answer is one consistent snapshot and one round trip.
 */
public final class RedisQueueAdmin implements JobQueueAdmin {

    private static final LuaScript ADMIN = LuaScript.load("admin");
    private static final LuaScript STATS = LuaScript.load("stats");
    private static final LuaScript HISTORY = LuaScript.load("history");
    private static final LuaScript PROCESSES = LuaScript.load("processes");

    private final UnifiedJedis redis;
    private final QueueOptions options;
    private final JobLists lists;
    private final QueueKeys keys;

    public RedisQueueAdmin(UnifiedJedis redis, QueueOptions options) {
        this.redis = redis;
        this.options = options;
        this.lists = new JobLists(redis, options);
        this.keys = options.keys();
    }

    @Override
    public Set<String> queues() {
        return new TreeSet<>(RedisCalls.call("queues", () -> redis.smembers(keys.queues())));
    }

    @Override
    public QueueStats stats(String queue) {
        List<?> r = (List<?>) RedisCalls.call("stats", () -> STATS.run(redis, List.of(options.prefix(), queue)));
        long[] v = r.stream().mapToLong(o -> ((Number) o).longValue()).toArray();
        return new QueueStats(queue, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
    }

    @Override
    public List<DeadJob> listDead(int offset, int limit) {
        List<String> ids = RedisCalls.call("list dead", () -> redis.zrevrange(keys.dead(), offset, offset + limit - 1L));
        List<DeadJob> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            toDead(id).ifPresent(out::add);
        }
        return out;
    }

    @Override
    public long deadCount() {
        return RedisCalls.call("dead count", () -> redis.zcard(keys.dead()));
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
        return Optional.ofNullable(RedisCalls.call("state", () -> redis.hget(keys.job(jobId), "state")));
    }

    @Override
    public boolean pause(String queue) {
        return admin("pause", requireQueueName(queue)) != null;
    }

    @Override
    public boolean resume(String queue) {
        return admin("resume", requireQueueName(queue)) != null;
    }

    @Override
    public Set<String> pausedQueues() {
        return new TreeSet<>(RedisCalls.call("paused", () -> redis.smembers(keys.paused())));
    }

    @Override
    public List<QueueMinute> history(String queue, int minutes) {
        int n = Math.max(1, Math.min(QueueKeys.HISTORY_MINUTES, minutes));
        List<?> r = (List<?>) RedisCalls.call("history", () ->
                HISTORY.run(redis, List.of(options.prefix(), queue, Integer.toString(n))));
        List<QueueMinute> out = new ArrayList<>(n);
        for (int i = 0; i + 6 < r.size(); i += 7) {
            long minute = ((Number) r.get(i)).longValue();
            out.add(new QueueMinute(Instant.ofEpochSecond(minute * 60), longOf(r.get(i + 1)), longOf(r.get(i + 2)),
                    longOf(r.get(i + 3)), longOf(r.get(i + 4)), longOf(r.get(i + 5)), longOf(r.get(i + 6))));
        }
        return out;
    }

    @Override
    public List<WorkerProcess> processes() {
        List<?> r = (List<?>) RedisCalls.call("processes", () -> PROCESSES.run(redis, List.of(options.prefix())));
        List<WorkerProcess> out = new ArrayList<>(r.size());
        for (Object o : r) {
            List<?> flat = (List<?>) o;
            Map<String, String> h = new HashMap<>();
            for (int i = 1; i + 1 < flat.size(); i += 2) {
                h.put((String) flat.get(i), String.valueOf(flat.get(i + 1)));
            }
            out.add(ProcessFields.toProcess((String) flat.get(0), h));
        }
        return out;
    }

    @Override
    public boolean quiet(String processId) {
        return admin("quiet", processId) != null;
    }

    private String admin(String op, String id) {
        List<String> args = List.of(options.prefix(), op, id, Long.toString(options.finishedTtl().toMillis()));
        Object r = RedisCalls.call(op, () -> ADMIN.run(redis, args));
        return r instanceof String s ? s : null;
    }

    private Optional<DeadJob> toDead(String id) {
        Map<String, String> h = RedisCalls.call("read job", () -> redis.hgetAll(keys.job(id)));
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
        String jk = keys.job(jobId);
        Map<String, String> h = RedisCalls.call("read job", () -> redis.hgetAll(jk));
        if (h.isEmpty()) {
            return Optional.empty();
        }
        String state = h.getOrDefault("state", "");
        String queue = h.getOrDefault("queue", "");
        Instant runAt = null;
        if (state.equals("scheduled") || state.equals("retrying")) {
            Double score = RedisCalls.call("read job", () -> redis.zscore(keys.scheduled(queue), jobId));
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
                h.getOrDefault("stack", ""), failures, h.containsKey("cancel"),
                h.getOrDefault("wid", "").isEmpty() ? null : h.get("wid")));
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

    private static String requireQueueName(String queue) {
        if (queue == null || queue.isBlank() || queue.contains(":")) {
            throw new IllegalArgumentException("queue name must be non-blank without ':' but was " + queue);
        }
        return queue;
    }

    private static long longOf(Object o) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        try {
            return o == null ? 0 : Long.parseLong(o.toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Instant millis(String s) {
        long ms = num(s);
        return ms <= 0 ? null : Instant.ofEpochMilli(ms);
    }
}
