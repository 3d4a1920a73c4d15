package dev.deckhand.jobqueue;

/**
 * The Redis key layout of the job queue, declared once. Every Java class that names a queue key
 * asks this class (the Lua scripts build the same names in {@code lua/common.lua}: {@code qkey},
 * {@code jkey}, {@code pkey}; {@code QueueKeysTest} checks the two agree against a real Redis, and
 * that the Helm chart's KEDA trigger reads {@link #ready(String)}). Code outside {@code jobqueue}
 * must not build keys at all: it calls {@link JobQueueAdmin} (a test scans the other modules).
 *
 * <pre>
 *   {p}job:{id}              hash   type, queue, a:{arg}, attempt, enq, started, state, fence, wid, cancel, err, stack
 *   {p}q:{q}:ready           list   ids ready to run (LPUSH new, RPOP oldest, RPUSH = front of the line)
 *   {p}q:{q}:scheduled       zset   ids by run-at ms (delayed jobs, retries in backoff)
 *   {p}q:{q}:inflight        zset   ids by lease deadline ms
 *   {p}q:{q}:finished        zset   succeeded/cancelled ids by finish ms: their hashes are kept for the finished
 *                                   TTL (no per-job EXPIRE), then deleted with their entry by a sweep (any ack,
 *                                   cancel or reap of the queue, at most 200 per call)
 *   {p}q:{q}:notify          list   wake-up tokens for idle consumers (BLPOP, at most 64)
 *   {p}q:{q}:stat:{counter}  string succeeded, cancelled, retries, dead, redelivered, rejected
 *   {p}q:{q}:hist:{minute}   hash   per-minute history (epoch minute): ok, cancelled, retried, dead,
 *                                   wait (sum ms enqueue to start), run (sum ms start to ack); expires after 25 h
 *   {p}queues                set    queue names ever used
 *   {p}paused                set    paused queues (workers do not fetch them; no expiry)
 *   {p}dead                  zset   dead job ids by death time (bounded)
 *   {p}fence                 string fencing-token counter
 *   {p}unique:{key}          string unique key -> job id while that job is pending or running
 *   {p}processes             zset   worker process ids by last heartbeat ms
 *   {p}process:{id}          hash   one worker process (host, pid, proctype, queues, version, started,
 *                                   beat, busy, jobs, state, quiet); expires when it stops heartbeating
 *   {p}events:{id}           pub/sub progress a handler publishes ({@link JobContext#publishProgress})
 * </pre>
 *
 * @param prefix every key starts with it ({@value #DEFAULT_PREFIX} in every proctype)
 */
public record QueueKeys(String prefix) {

    public static final String DEFAULT_PREFIX = "dh:";
    public static final QueueKeys DEFAULT = new QueueKeys(DEFAULT_PREFIX);

    /** History is kept this many minutes (the per-minute hashes expire an hour later). */
    public static final int HISTORY_MINUTES = 24 * 60;

    public String job(String id) {
        return prefix + "job:" + id;
    }

    /** SCAN pattern matching every job hash. */
    public String jobPattern() {
        return prefix + "job:*";
    }

    /** The job id of a key matched by {@link #jobPattern()}. */
    public String jobId(String jobKey) {
        return jobKey.substring(prefix.length() + "job:".length());
    }

    public String queue(String queue, String part) {
        return prefix + "q:" + queue + ":" + part;
    }

    public String ready(String queue) {
        return queue(queue, "ready");
    }

    public String scheduled(String queue) {
        return queue(queue, "scheduled");
    }

    public String inFlight(String queue) {
        return queue(queue, "inflight");
    }

    public String finished(String queue) {
        return queue(queue, "finished");
    }

    public String notify(String queue) {
        return queue(queue, "notify");
    }

    public String stat(String queue, String counter) {
        return queue(queue, "stat:" + counter);
    }

    public String history(String queue, long epochMinute) {
        return queue(queue, "hist:" + epochMinute);
    }

    public String queues() {
        return prefix + "queues";
    }

    public String paused() {
        return prefix + "paused";
    }

    public String dead() {
        return prefix + "dead";
    }

    public String fence() {
        return prefix + "fence";
    }

    public String unique(String key) {
        return prefix + "unique:" + key;
    }

    public String processes() {
        return prefix + "processes";
    }

    public String process(String id) {
        return prefix + "process:" + id;
    }

    public String jobEvents(String id) {
        return prefix + "events:" + id;
    }
}
