package dev.deckhand.jobqueue.redis;

import dev.deckhand.jobqueue.QueueKeys;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.KeyValue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The worker side of the Redis queue: every multi-key state change is one Lua script, so a crash
 * between two commands can never leave a job half-moved. Key layout: {@link QueueKeys}.
 * All methods throw {@link dev.deckhand.jobqueue.QueueUnavailableException} when Redis fails.
 */
public final class QueueStore {

    private static final LuaScript FETCH = LuaScript.load("fetch");
    private static final LuaScript ACK = LuaScript.load("ack");
    private static final LuaScript FAIL = LuaScript.load("fail");
    private static final LuaScript HEARTBEAT = LuaScript.load("heartbeat");
    private static final LuaScript REAP = LuaScript.load("reap");
    private static final LuaScript RELEASE = LuaScript.load("release");
    private static final LuaScript REGISTER = LuaScript.load("register");

    private final UnifiedJedis redis;
    private final QueueOptions options;
    private final QueueKeys keys;

    public QueueStore(UnifiedJedis redis, QueueOptions options) {
        this.redis = redis;
        this.options = options;
        this.keys = options.keys();
    }

    public QueueOptions options() {
        return options;
    }

    /**
     * Jobs fetched; when none, how long until the next scheduled job of the queue is due (-1: none
     * scheduled, or jobs were fetched).
     */
    public record FetchResult(List<FetchedJob> jobs, long msUntilNextScheduled) {
    }

    /** An ack: {@code state} is succeeded or cancelled. */
    public record Settlement(FetchedJob job, String state) {
    }

    /** Outcome of a heartbeat round: leases lost to fencing, and jobs whose cancellation was requested. */
    public record HeartbeatResult(List<String> lost, List<String> cancelRequested) {
    }

    public FetchResult fetch(String queue, int max) {
        return fetch(queue, max, "");
    }

    /**
     * Leases up to {@code max} ready jobs (none while the queue is paused), recording
     * {@code workerId} on each as the process running it.
     */
    public FetchResult fetch(String queue, int max, String workerId) {
        List<String> args = List.of(options.prefix(), queue, Integer.toString(max),
                Long.toString(options.visibility().toMillis()), workerId);
        List<?> reply = (List<?>) RedisCalls.call("fetch", () -> FETCH.run(redis, args));
        List<FetchedJob> jobs = new ArrayList<>(reply.size() - 1);
        for (int i = 1; i < reply.size(); i++) {
            jobs.add(toJob((List<?>) reply.get(i)));
        }
        return new FetchResult(jobs, ((Number) reply.get(0)).longValue());
    }

    /**
     * One job of a fetch reply: {id, fence, field, value, ...}. Read in one pass without an
     * intermediate map of the fields (the worker's largest allocation per job before).
     */
    private static FetchedJob toJob(List<?> flat) {
        String id = (String) flat.get(0);
        String fence = String.valueOf(flat.get(1));
        String queue = null;
        String type = null;
        String traceparent = null;
        int attempt = 1;
        long enq = 0;
        long started = 0;
        Map<String, String> args = null;
        for (int i = 2; i + 1 < flat.size(); i += 2) {
            String k = (String) flat.get(i);
            String v = String.valueOf(flat.get(i + 1));
            if (k.startsWith("a:")) {
                if (args == null) {
                    args = new HashMap<>();
                }
                args.put(k.substring(2), v);
                continue;
            }
            switch (k) {
                case "queue" -> queue = v;
                case "type" -> type = v;
                case "attempt" -> attempt = Integer.parseInt(v);
                case "enq" -> enq = Long.parseLong(v);
                case "started" -> started = Long.parseLong(v);
                case "traceparent" -> traceparent = v;
                default -> {
                    // state, fence, wid, created, ...: not part of a delivery
                }
            }
        }
        return new FetchedJob(id, fence, queue, type, args == null ? Map.of() : Collections.unmodifiableMap(args),
                attempt, enq, started, traceparent);
    }

    /**
     * Blocks up to {@code timeoutMs} for a wake-up token on the queue's notify list.
     *
     * @return true if woken by an enqueue (or requeue), false on timeout
     */
    public boolean awaitWork(String queue, long timeoutMs) {
        double seconds = Math.max(0.01, timeoutMs / 1000.0);
        KeyValue<String, String> kv = RedisCalls.call("wait", () ->
                redis.blpop(seconds, keys.notify(queue)));
        return kv != null;
    }

    /** Acks many jobs in one round trip. @return ids whose ack was rejected (lease lost) */
    @SuppressWarnings("unchecked")
    public List<String> ack(List<Settlement> settlements) {
        List<String> args = new ArrayList<>(2 + settlements.size() * 4);
        args.add(options.prefix());
        args.add(Long.toString(options.finishedTtl().toMillis()));
        for (Settlement s : settlements) {
            args.add(s.job().queue());
            args.add(s.job().id());
            args.add(s.job().fence());
            args.add(s.state());
        }
        return (List<String>) RedisCalls.call("ack", () -> ACK.run(redis, args));
    }

    /**
     * Fails an attempt: retry after {@code retryDelayMs}, or dead when it is negative.
     *
     * @return false when the lease was already lost (the outcome is not recorded)
     */
    public boolean fail(FetchedJob job, long retryDelayMs, String reason, String stackTrace) {
        List<String> args = List.of(options.prefix(), Integer.toString(options.deadMax()),
                Long.toString(options.deadMaxAge().toMillis()), job.queue(), job.id(), job.fence(),
                Long.toString(retryDelayMs), reason, stackTrace, Long.toString(options.finishedTtl().toMillis()));
        return ((Number) RedisCalls.call("fail", () -> FAIL.run(redis, args))).longValue() == 1;
    }

    @SuppressWarnings("unchecked")
    public HeartbeatResult heartbeat(List<FetchedJob> running) {
        List<String> args = new ArrayList<>(2 + running.size() * 3);
        args.add(options.prefix());
        args.add(Long.toString(options.visibility().toMillis()));
        for (FetchedJob j : running) {
            args.add(j.queue());
            args.add(j.id());
            args.add(j.fence());
        }
        List<?> reply = (List<?>) RedisCalls.call("heartbeat", () -> HEARTBEAT.run(redis, args));
        return new HeartbeatResult((List<String>) reply.get(0), (List<String>) reply.get(1));
    }

    /**
     * What one reap call did: jobs handed back to their queue, jobs sent to the dead set, and
     * finished jobs deleted past their TTL ({@link QueueKeys#finished}); {@code moreToSweep} when
     * the sweep took a full batch, so more may be due now.
     */
    public record Reaped(long requeued, long dead, long swept, boolean moreToSweep) {
        public long total() {
            return requeued + dead;
        }
    }

    /** Recovers up to {@code batch} expired leases of a queue and sweeps its finished jobs past their TTL. */
    public Reaped reap(String queue, int batch) {
        List<String> args = List.of(options.prefix(), queue, Integer.toString(batch),
                Integer.toString(options.maxDeliveries()), Integer.toString(options.deadMax()),
                Long.toString(options.deadMaxAge().toMillis()), Long.toString(options.finishedTtl().toMillis()));
        List<?> reply = (List<?>) RedisCalls.call("reap", () -> REAP.run(redis, args));
        return new Reaped(num(reply.get(0)), num(reply.get(1)), num(reply.get(2)), num(reply.get(3)) == 1);
    }

    private static long num(Object o) {
        return ((Number) o).longValue();
    }

    /** Hands leased jobs back to the front of their queues without consuming an attempt. */
    public long release(List<FetchedJob> jobs) {
        if (jobs.isEmpty()) {
            return 0;
        }
        List<String> args = new ArrayList<>(1 + jobs.size() * 3);
        args.add(options.prefix());
        for (FetchedJob j : jobs) {
            args.add(j.queue());
            args.add(j.id());
            args.add(j.fence());
        }
        return ((Number) RedisCalls.call("release", () -> RELEASE.run(redis, args))).longValue();
    }

    public boolean cancelRequested(String jobId) {
        return RedisCalls.call("cancel check", () -> redis.hexists(keys.job(jobId), "cancel"));
    }

    /** Publishes a handler's progress event on the job's channel ({@link QueueKeys#jobEvents}). */
    public void publish(String jobId, String json) {
        RedisCalls.call("publish", () -> redis.publish(keys.jobEvents(jobId), json));
    }

    /**
     * A worker process's registry heartbeat (see {@link QueueKeys#process}): its fields, kept
     * for {@link QueueOptions#processTtl()}.
     *
     * @return true once an operator asked this process to stop fetching (quiet)
     */
    public boolean register(String processId, Map<String, String> fields) {
        List<String> args = new ArrayList<>(4 + fields.size() * 2);
        args.add(options.prefix());
        args.add(processId);
        args.add(Long.toString(options.processTtl().toMillis()));
        args.add(Long.toString(QueueOptions.MAX_PROCESS_TTL.toMillis()));
        fields.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return "1".equals(RedisCalls.call("register", () -> REGISTER.run(redis, args)));
    }

    /** Removes a worker process from the registry (a clean exit). */
    public void unregister(String processId) {
        List<String> args = List.of(options.prefix(), processId, Long.toString(options.processTtl().toMillis()),
                Long.toString(QueueOptions.MAX_PROCESS_TTL.toMillis()));
        RedisCalls.call("unregister", () -> REGISTER.run(redis, args));
    }
}
