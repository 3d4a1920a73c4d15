package dev.deckhand.jobqueue.redis;

import dev.deckhand.jobqueue.JobFilter;
import dev.deckhand.jobqueue.JobList;
import dev.deckhand.jobqueue.JobSummary;
import dev.deckhand.jobqueue.Page;
import redis.clients.jedis.UnifiedJedis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Paging and searching the queue's job lists for the admin (script {@code list.lua}): which key
 * and order each {@link JobList} is, and walking queue after queue when no queue is given. A
 * request scans at most {@value #SCAN_BUDGET} entries, so a page of a sparse search may come back
 * short with a cursor to continue from.
 */
final class JobLists {

    static final int SCAN_BUDGET = 20_000;
    private static final LuaScript LIST = LuaScript.load("list");
    private static final LuaScript BULK = LuaScript.load("bulk");
    private static final int BULK_BATCH = 500;

    private final UnifiedJedis redis;
    private final QueueOptions options;

    JobLists(UnifiedJedis redis, QueueOptions options) {
        this.redis = redis;
        this.options = options;
    }

    Page<JobSummary> page(JobList list, JobFilter filter, String cursor, int limit, Set<String> allQueues) {
        int want = Math.max(1, Math.min(limit, 500));
        ListCursor at = ListCursor.decode(cursor);
        String query = filter.query() == null ? "" : filter.query();
        if (list == JobList.DEAD) {
            Chunk c = scan(options.keys().dead(), "zrev", at.score(), at.id(), want, query, "",
                    filter.queue() == null ? "" : filter.queue(), SCAN_BUDGET, false);
            return new Page<>(c.items, c.nextScore == null ? null : new ListCursor("", c.nextScore, c.nextId).encode());
        }
        List<String> queues = filter.queue() != null ? List.of(filter.queue()) : List.copyOf(allQueues);
        int from = at.queue().isEmpty() ? 0 : Math.max(0, queues.indexOf(at.queue()));
        List<JobSummary> items = new ArrayList<>();
        int budget = SCAN_BUDGET;
        String score = at.queue().isEmpty() ? "" : at.score();
        String id = at.queue().isEmpty() ? "" : at.id();
        for (int i = from; i < queues.size(); i++) {
            String q = queues.get(i);
            Chunk c = scan(key(list, q), list == JobList.READY ? "list" : "zasc", score, id, want - items.size(), query,
                    state(list), "", budget, list == JobList.READY);
            items.addAll(c.items);
            budget -= c.scanned;
            if (c.nextScore != null) {
                return new Page<>(items, new ListCursor(q, c.nextScore, c.nextId).encode());
            }
            score = "";
            id = "";
            if (items.size() >= want || budget <= 0) {
                return new Page<>(items, i + 1 < queues.size() ? new ListCursor(queues.get(i + 1), "", "").encode() : null);
            }
        }
        return new Page<>(items, null);
    }

    /** Applies retry or discard to every matching job, in batches (one script call each). */
    long bulk(JobList list, String action, JobFilter filter, Set<String> allQueues) {
        if (list != JobList.DEAD && list != JobList.RETRYING) {
            throw new IllegalArgumentException("bulk " + action + " applies to the dead set and retries, not " + list);
        }
        List<String> queues = list == JobList.DEAD ? List.of(filter.queue() == null ? "" : filter.queue())
                : filter.queue() != null ? List.of(filter.queue()) : List.copyOf(allQueues);
        long total = 0;
        for (String q : queues) {
            long n;
            do {
                List<String> args = List.of(options.prefix(), list == JobList.DEAD ? "dead" : "retrying", action, q,
                        filter.query() == null ? "" : filter.query(), Integer.toString(BULK_BATCH));
                n = ((Number) RedisCalls.call("bulk " + action, () -> BULK.run(redis, args))).longValue();
                total += n;
            } while (n == BULK_BATCH);
        }
        return total;
    }

    private String key(JobList list, String queue) {
        return switch (list) {
            case READY -> options.keys().ready(queue);
            case SCHEDULED, RETRYING -> options.keys().scheduled(queue);
            case IN_FLIGHT -> options.keys().inFlight(queue);
            case DEAD -> throw new IllegalArgumentException("the dead set is not per queue");
        };
    }

    private static String state(JobList list) {
        return switch (list) {
            case SCHEDULED -> "scheduled";
            case RETRYING -> "retrying";
            default -> "";
        };
    }

    private record Chunk(List<JobSummary> items, String nextScore, String nextId, int scanned) {
    }

    private Chunk scan(String key, String mode, String score, String id, int limit, String query, String state,
                       String queue, int budget, boolean positional) {
        List<String> args = List.of(options.prefix(), key, mode, score, id, Integer.toString(limit), query, state, queue,
                Integer.toString(Math.max(1, budget)));
        List<?> r = (List<?>) RedisCalls.call("list jobs", () -> LIST.run(redis, args));
        List<JobSummary> items = new ArrayList<>();
        for (int i = 2; i + 7 < r.size(); i += 8) {
            String s = str(r.get(i + 1));
            String enq = str(r.get(i + 7));
            Instant at = positional ? millis(enq) : millis(s);
            items.add(new JobSummary(str(r.get(i)), str(r.get(i + 2)), str(r.get(i + 3)), str(r.get(i + 4)),
                    (int) parse(str(r.get(i + 5))), at, str(r.get(i + 6))));
        }
        String next = str(r.get(0));
        // scanned is not reported by the script; a full page or an end is what matters for the budget
        return new Chunk(items, next.isEmpty() ? null : next, str(r.get(1)), items.size());
    }

    private static String str(Object o) {
        return o == null ? "" : o instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : o.toString();
    }

    private static long parse(String s) {
        try {
            return s.isEmpty() ? 0 : (long) Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Instant millis(String s) {
        long ms = parse(s);
        return ms <= 0 ? null : Instant.ofEpochMilli(ms);
    }
}
