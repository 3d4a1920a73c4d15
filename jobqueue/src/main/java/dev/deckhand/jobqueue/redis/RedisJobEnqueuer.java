package dev.deckhand.jobqueue.redis;

import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.JobEnqueuer;
import dev.deckhand.jobqueue.QueueKeys;
import redis.clients.jedis.UnifiedJedis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Enqueues with one Lua call per batch (up to {@value #BATCH} jobs): the job hash, its place in the
 * ready list or scheduled zset, the unique-key claim and the consumer wake-up happen atomically.
 * The job hash gets a {@code traceparent} field (not an argument) when tracing is on and a span is
 * current. A normal return means Redis accepted the write; any failure throws
 * {@link dev.deckhand.jobqueue.QueueUnavailableException}.
 */
public final class RedisJobEnqueuer implements JobEnqueuer {

    static final int BATCH = 200;
    private static final LuaScript ENQUEUE = LuaScript.load("enqueue");

    private final UnifiedJedis redis;
    private final QueueOptions options;
    private final Function<String, String> queueForType;

    /** @param queueForType the handler's queue for a job type, used when a request names no queue */
    public RedisJobEnqueuer(UnifiedJedis redis, QueueOptions options, Function<String, String> queueForType) {
        this.redis = redis;
        this.options = options;
        this.queueForType = queueForType;
    }

    @Override
    public String enqueue(EnqueueRequest request) {
        return enqueueAll(List.of(request)).get(0);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> enqueueAll(List<EnqueueRequest> requests) {
        List<String> ids = new ArrayList<>(requests.size());
        for (int from = 0; from < requests.size(); from += BATCH) {
            List<EnqueueRequest> chunk = requests.subList(from, Math.min(requests.size(), from + BATCH));
            List<String> args = new ArrayList<>(2 + chunk.size() * 11);
            // Tracing on and a span current (e.g. the web request's): the job carries it as its parent.
            String traceparent = dev.deckhand.tracing.Tracing.currentTraceparent();
            args.add(options.prefix());
            args.add(Integer.toString(chunk.size()));
            for (EnqueueRequest r : chunk) {
                String queue = r.queue() != null ? r.queue() : queueForType.apply(r.type());
                args.add(JobIds.next());
                args.add(requireName("queue", queue));
                args.add(r.type());
                args.add(r.runAt() == null ? "0" : Long.toString(r.runAt().toEpochMilli()));
                args.add(r.uniqueKey() == null ? "" : r.uniqueKey());
                args.add(traceparent == null ? "" : traceparent);
                args.add(Integer.toString(r.args().size()));
                for (Map.Entry<String, String> a : r.args().entrySet()) {
                    args.add(a.getKey());
                    args.add(a.getValue());
                }
            }
            ids.addAll((List<String>) RedisCalls.call("enqueue", () -> ENQUEUE.run(redis, args)));
        }
        return ids;
    }

    @Override
    public long depth(String queue) {
        QueueKeys keys = options.keys();
        return RedisCalls.call("depth", () -> redis.llen(keys.ready(queue)) + redis.zcard(keys.scheduled(queue)));
    }

    private static String requireName(String what, String value) {
        if (value == null || value.isBlank() || value.contains(":")) {
            throw new IllegalArgumentException(what + " name must be non-blank without ':' but was " + value);
        }
        return value;
    }
}
