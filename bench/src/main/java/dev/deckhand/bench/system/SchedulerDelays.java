package dev.deckhand.bench.system;

import dev.deckhand.jobqueue.QueueKeys;

import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads what the scheduler replicas enqueued on a queue nobody consumes and prints, for one
 * schedule, the delay from each firing's scheduled time ({@code a:scheduled_at}, set by the
 * scheduler) to the job landing in Redis ({@code enq}, Redis server time taken inside the enqueue
 * script): count, p50/p90/p99/max, plus duplicates and missed seconds between the first and last
 * firing (a check that exactly one replica enqueued each second). Optional FROM_MS and TO_MS
 * (epoch ms) keep only firings scheduled in [FROM_MS, TO_MS).
 *
 * <p>Usage: {@code java -cp deckhand-bench.jar dev.deckhand.bench.system.SchedulerDelays REDIS_URL QUEUE SCHEDULE [FROM_MS TO_MS]}
 */
public final class SchedulerDelays {

    private SchedulerDelays() {
    }

    public static void main(String[] args) {
        URI url = URI.create(args[0]);
        String queue = args[1];
        String schedule = args[2];
        long from = args.length > 3 ? Long.parseLong(args[3]) : Long.MIN_VALUE;
        long to = args.length > 4 ? Long.parseLong(args[4]) : Long.MAX_VALUE;
        QueueKeys keys = QueueKeys.DEFAULT;
        TreeMap<Long, Integer> perFireTime = new TreeMap<>();
        List<Long> delays = new ArrayList<>();
        try (RedisClient redis = RedisClient.builder().hostAndPort(url.getHost(), url.getPort()).build()) {
            for (String id : redis.lrange(keys.ready(queue), 0, -1)) {
                Map<String, String> job = redis.hgetAll(keys.job(id));
                if (!schedule.equals(job.get("a:schedule")) || job.get("enq") == null) {
                    continue;
                }
                long scheduled = Instant.parse(job.get("a:scheduled_at")).toEpochMilli();
                if (scheduled < from || scheduled >= to) {
                    continue;
                }
                delays.add(Long.parseLong(job.get("enq")) - scheduled);
                perFireTime.merge(scheduled, 1, Integer::sum);
            }
        }
        if (delays.isEmpty()) {
            System.out.println("no firings of " + schedule + " on queue " + queue);
            System.exit(1);
        }
        delays.sort(null);
        long duplicates = perFireTime.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
        long span = (perFireTime.lastKey() - perFireTime.firstKey()) / 1000 + 1;
        long missed = span - perFireTime.size();
        System.out.printf("firings=%d seconds_covered=%d duplicates=%d missed=%d delay_ms p50=%d p90=%d p99=%d max=%d min=%d%n",
                delays.size(), span, duplicates, missed, pct(delays, 50), pct(delays, 90), pct(delays, 99),
                delays.get(delays.size() - 1), delays.get(0));
    }

    /** Nearest-rank percentile of a sorted list. */
    static long pct(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
