package dev.deckhand.bench;

import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.Queues;
import dev.deckhand.jobqueue.QueueKeys;
import dev.deckhand.jobqueue.redis.QueueOptions;
import dev.deckhand.jobqueue.redis.RedisJobEnqueuer;
import redis.clients.jedis.RedisClient;
import redis.embedded.RedisServer;

import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

/**
 * Job queue benchmark; prints figures. Starts an embedded Redis 7 unless {@code --redis-url} is
 * given (the database is FLUSHED). Options: --jobs 50000 --concurrency 50 --processes 1,2,4
 * --rate 1000 --seconds 10 --only all|enqueue|throughput|latency|side (side: the Deckhand half of
 * bench/bullmq-side-by-side.sh).
 */
public final class QueueBench {

    private static final String Q = "bench";

    private final String url;
    private final RedisClient redis;
    private final RedisJobEnqueuer enqueuer;
    private final int jobs;
    private final int concurrency;

    private QueueBench(String url, int jobs, int concurrency) {
        this.url = url;
        this.redis = BenchRedis.client(url, 16);
        this.enqueuer = new RedisJobEnqueuer(redis, QueueOptions.defaults(), t -> Queues.DEFAULT);
        this.jobs = jobs;
        this.concurrency = concurrency;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        int jobs = Integer.parseInt(o.getOrDefault("jobs", "50000"));
        int concurrency = Integer.parseInt(o.getOrDefault("concurrency", "50"));
        int[] processes = Arrays.stream(o.getOrDefault("processes", "1,2,4").split(",")).mapToInt(Integer::parseInt).toArray();
        int rate = Integer.parseInt(o.getOrDefault("rate", "1000"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "10"));
        RedisServer server = null;
        String url = o.get("redis-url");
        if (url == null) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            server = RedisServer.builder().port(port).bind("127.0.0.1").setting("save \"\"").setting("appendonly no").build();
            server.start();
            url = "redis://127.0.0.1:" + port;
        }
        try {
            QueueBench b = new QueueBench(url, jobs, concurrency);
            String only = o.getOrDefault("only", "all");
            b.header();
            if (only.equals("all") || only.equals("enqueue")) {
                b.enqueueOnly();
            }
            if (only.equals("all") || only.equals("throughput")) {
                for (int p : processes) {
                    b.throughput(p);
                }
            }
            if (only.equals("side")) {
                b.sideBySide(rate, seconds);
            }
            if (only.equals("all") || only.equals("latency")) {
                b.latency(rate, seconds, false, false);
                b.latency(rate, seconds, true, false);
                b.latency(rate, seconds, true, true);
            }
        } finally {
            if (server != null) {
                server.stop();
            }
        }
        System.exit(0);
    }

    private void header() {
        String info = redis.info("server");
        String version = info.lines().filter(l -> l.startsWith("redis_version:")).findFirst().orElse("?");
        System.out.printf("# queue bench: %d cores, JVM %s, %s, jobs=%d, concurrency=%d per worker process%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), version, jobs, concurrency);
    }

    private void enqueueOnly() {
        redis.flushDB();
        Map<String, Long> before = BenchRedis.commandStats(redis);
        long t0 = System.nanoTime();
        enqueuer.enqueueAll(noops(jobs, Q));
        double secs = (System.nanoTime() - t0) / 1e9;
        Map<String, Long> d = BenchRedis.delta(before, BenchRedis.commandStats(redis));
        System.out.printf("enqueue bulk (enqueueAll, 200/call): %,d jobs in %.2f s = %,.0f jobs/s; %.3f round trips/job, %.1f Redis commands/job%n",
                jobs, secs, jobs / secs, (d.getOrDefault("evalsha", 0L) + d.getOrDefault("eval", 0L)) / (double) jobs,
                total(d) / (double) jobs);
        redis.flushDB();
        int n = 5000;
        t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            enqueuer.enqueue(EnqueueRequest.of("noop", Map.of("i", Integer.toString(i))).onQueue(Q));
        }
        secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("enqueue single (one call per job, 1 thread): %,.0f jobs/s, mean %.0f us/enqueue%n", n / secs, secs * 1e6 / n);
        redis.flushDB();
    }

    private void throughput(int processes) throws Exception {
        int warm = 20_000;
        // 1) Processing rate from a preloaded backlog (warm + 2 x jobs): the clock runs over `jobs` acks
        //    counted from the first reading after `warm` acks, so JVM start and JIT warm-up are
        //    excluded and no producer competes for the 2 cores.
        redis.flushDB();
        enqueuer.enqueueAll(noops(warm + 2 * jobs, Q));
        Backlog b = processBacklog(processes, warm);
        System.out.printf("processed from backlog, %d worker process(es): %,d no-op jobs in %.2f s = %,.0f jobs/s; "
                        + "%.3f round trips/job (fetch+ack), %.1f Redis commands/job incl. inside Lua%n",
                processes, jobs, b.secs(), jobs / b.secs(), roundTrips(b.commands()) / (double) jobs,
                total(b.commands()) / (double) jobs);
        // 2) End to end: warmed-up workers while the producer enqueues the jobs in bulk at the same time.
        redis.flushDB();
        try (WorkerFleet fleet = new WorkerFleet(processes, url, Q + "=" + concurrency)) {
            enqueuer.enqueueAll(noops(warm, Q));
            awaitSucceeded(warm);
            Map<String, Long> before = BenchRedis.commandStats(redis);
            long t0 = System.nanoTime();
            enqueuer.enqueueAll(noops(jobs, Q));
            double enqSecs = (System.nanoTime() - t0) / 1e9;
            awaitSucceeded(warm + jobs);
            double secs = (System.nanoTime() - t0) / 1e9;
            Map<String, Long> d = BenchRedis.delta(before, BenchRedis.commandStats(redis));
            System.out.printf("enqueue+process concurrently, %d worker process(es): %,d no-op jobs in %.2f s = %,.0f jobs/s "
                            + "(enqueued at %,.0f jobs/s meanwhile); %.3f round trips/job (enqueue+fetch+ack+wake-ups), "
                            + "%.1f Redis commands/job incl. inside Lua%n",
                    processes, jobs, secs, jobs / secs, jobs / enqSecs, roundTrips(d) / (double) jobs, total(d) / (double) jobs);
            System.out.println("  commands: " + d);
        }
    }

    /** One backlog measurement: seconds for {@code jobs} acks, and the Redis commands they took. */
    private record Backlog(double secs, Map<String, Long> commands) {
    }

    /** Starts the workers on an already queued backlog of warm + 2 x jobs; the clock runs over `jobs` acks after `warm`. */
    private Backlog processBacklog(int processes, int warm) throws Exception {
        try (WorkerFleet fleet = new WorkerFleet(processes, url, Q + "=" + concurrency)) {
            awaitSucceeded(warm);
            Map<String, Long> before = BenchRedis.commandStats(redis);
            long t0 = System.nanoTime();
            long c0 = succeeded(Q);
            if (c0 + jobs > warm + 2L * jobs) {
                throw new IllegalStateException("backlog too small: " + c0 + " already processed at the start");
            }
            awaitSucceeded(c0 + jobs);
            double secs = (System.nanoTime() - t0) / 1e9;
            return new Backlog(secs, BenchRedis.delta(before, BenchRedis.commandStats(redis)));
        }
    }

    /**
     * The Deckhand half of bench/bullmq-side-by-side.sh, measured exactly like bench/bullmq/bench.mjs:
     * a backlog of warm + 2 x jobs no-op jobs processed by ONE worker process (queue {@code bench},
     * the given concurrency), and enqueue-to-start latency paced at {@code rate} on that same single
     * queue after a warm-up. Prints two {@code SIDE system=deckhand ...} lines.
     */
    private void sideBySide(int rate, int seconds) throws Exception {
        int warm = 20_000;
        int total = warm + 2 * jobs;
        redis.flushDB();
        Map<String, Long> s0 = BenchRedis.commandStats(redis);
        long t0 = System.nanoTime();
        enqueuer.enqueueAll(noops(total, Q));
        double enqSecs = (System.nanoTime() - t0) / 1e9;
        double enqCmds = total(BenchRedis.delta(s0, BenchRedis.commandStats(redis))) / (double) total;
        Backlog b = processBacklog(1, warm);
        System.out.printf(java.util.Locale.ROOT, "SIDE system=deckhand phase=backlog jobs=%d secs=%.3f jobs_per_s=%.0f cmds_per_job=%.2f "
                        + "enqueue_jobs_per_s=%.0f enqueue_cmds_per_job=%.2f%n", jobs, b.secs(), jobs / b.secs(),
                total(b.commands()) / (double) jobs, total / enqSecs, enqCmds);
        System.out.println("SIDE-COMMANDS " + b.commands());
        redis.flushDB();
        try (WorkerFleet fleet = new WorkerFleet(1, url, Q + "=" + concurrency)) {
            enqueuer.enqueueAll(noops(warm, Q));
            awaitSucceeded(Q, warm);
            long[] lat = pacedLatency(Q, rate, seconds);
            System.out.printf(java.util.Locale.ROOT, "SIDE system=deckhand phase=latency rate=%d n=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f%n",
                    rate, lat.length, pct(lat, 50), pct(lat, 90), pct(lat, 99), lat[lat.length - 1] / 1000.0);
        }
    }

    /** Enqueues `lat` jobs one at a time on {@code queue}, paced; returns the sorted enqueue-to-start latencies (µs). */
    private long[] pacedLatency(String queue, int rate, int seconds) {
        redis.del("bench:lat");
        int n = rate * seconds;
        long interval = 1_000_000_000L / rate;
        long next = System.nanoTime();
        for (int i = 0; i < n; i++) {
            next += interval;
            long wait;
            while ((wait = next - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            long t = BenchWorkerMain.micros(Instant.now());
            enqueuer.enqueue(EnqueueRequest.of("lat", Map.of("t", Long.toString(t))).onQueue(queue));
        }
        while (redis.llen("bench:lat") < n) {
            LockSupport.parkNanos(10_000_000);
        }
        return redis.lrange("bench:lat", 0, -1).stream().mapToLong(Long::parseLong).sorted().toArray();
    }

    /** Client round trips: scripts and blocking waits (the bench's own polling GET/INFO excluded). */
    private static long roundTrips(Map<String, Long> d) {
        return d.getOrDefault("evalsha", 0L) + d.getOrDefault("eval", 0L) + d.getOrDefault("blpop", 0L);
    }

    /**
     * @param separate run the flood in its own worker process (the production topology: `worker`
     *                 consumes default, `worker-short` consumes short); else one process consumes both
     *                 (the `devworker` topology)
     */
    private void latency(int rate, int seconds, boolean flood, boolean separate) throws Exception {
        redis.flushDB();
        // The flood is pre-loaded before the worker starts, so no generator competes for CPU with
        // the probe; it must outlast the measurement (checked: backlog left at the end).
        int floodJobs = flood ? Math.max(600_000, rate * seconds * 60) : 0;
        if (flood) {
            enqueuer.enqueueAll(noops(floodJobs, Queues.DEFAULT));
        }
        String shortQueue = Queues.SHORT + "=10";
        String floodQueue = Queues.DEFAULT + "=" + concurrency;
        try (WorkerFleet fleet = new WorkerFleet(1, url, separate ? shortQueue : floodQueue + "," + shortQueue);
             WorkerFleet floodFleet = separate ? new WorkerFleet(1, url, floodQueue) : null) {
            enqueuer.enqueueAll(noops(20_000, Queues.SHORT));
            awaitSucceeded(Queues.SHORT, 20_000);
            double[] ping = pingRoundTrips(5000);
            long floodBefore = succeeded(Queues.DEFAULT);
            StallProbe probe = StallProbe.start();
            long[] lat = pacedLatency(Queues.SHORT, rate, seconds);
            double[] stalls = probe.stop();
            long floodRun = succeeded(Queues.DEFAULT) - floodBefore;
            long backlog = enqueuer.depth(Queues.DEFAULT);
            System.out.printf("latency enqueue->start, paced %,d jobs/s for %d s on 'short'%s: p50 %.2f ms, p90 %.2f ms, "
                            + "p99 %.2f ms, max %.2f ms (n=%,d); Redis PING round trip just before: p50 %.2f ms, p99 %.2f ms; "
                            + "host stalls seen by a 1 ms sleeper in the producer during the window: p99 %.2f ms, max %.2f ms%n",
                    rate, seconds, flood ? String.format(" WITH a flood on 'default' %s (%,d flood jobs ran during the "
                            + "window, %,d still queued at the end)", separate ? "in another worker process"
                            : "in the same worker process", floodRun, backlog) : "",
                    pct(lat, 50), pct(lat, 90), pct(lat, 99), lat[lat.length - 1] / 1000.0, lat.length, ping[0], ping[1],
                    stalls[0], stalls[1]);
        }
    }

    /** p50/p99 in ms of back-to-back PINGs: the noise floor of this machine right now. */
    private double[] pingRoundTrips(int n) {
        long[] rtt = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            redis.ping();
            rtt[i] = (System.nanoTime() - t0) / 1000;
        }
        Arrays.sort(rtt);
        return new double[] {pct(rtt, 50), pct(rtt, 99)};
    }

    private long succeeded(String queue) {
        return Long.parseLong(orZero(redis.get(QueueKeys.DEFAULT.stat(queue, "succeeded"))));
    }

    private static String orZero(String s) {
        return s == null ? "0" : s;
    }

    private static double pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1000.0;
    }

    private void awaitSucceeded(long n) {
        awaitSucceeded(Q, n);
    }

    private void awaitSucceeded(String queue, long n) {
        String key = QueueKeys.DEFAULT.stat(queue, "succeeded");
        while (Long.parseLong(orZero(redis.get(key))) < n) {
            LockSupport.parkNanos(2_000_000);
        }
    }

    private static long total(Map<String, Long> d) {
        return d.entrySet().stream().filter(e -> !e.getKey().equals("get") && !e.getKey().equals("info"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static List<EnqueueRequest> noops(int n, String queue) {
        List<EnqueueRequest> out = new ArrayList<>(n);
        IntStream.range(0, n).forEach(i -> out.add(EnqueueRequest.of("noop", Map.of()).onQueue(queue)));
        return out;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return o;
    }
}
