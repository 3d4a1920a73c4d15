package dev.deckhand.jobqueue.worker;

import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.jobqueue.JobHandler;
import dev.deckhand.jobqueue.QueueUnavailableException;
import dev.deckhand.jobqueue.redis.FetchedJob;
import dev.deckhand.jobqueue.redis.QueueStore;
import io.micronaut.serde.ObjectMapper;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One attempt of one job on this worker, and the {@link JobContext} its handler sees. Exactly one
 * party settles it (the attempt itself, the timeout sweep or the shutdown hand-back): the first
 * to win {@link #claimSettlement()}.
 */
final class JobExecution implements JobContext {

    private static final long CANCEL_POLL_MS = 250;

    final FetchedJob job;
    final JobHandler handler;
    private final QueueStore store;
    private final AtomicBoolean settled = new AtomicBoolean();
    /** The thread running the handler, while it runs (guarded by this). */
    private Thread thread;
    /** When this attempt started on this worker ({@link System#nanoTime()} scale), for its duration. */
    final long startedNanos = System.nanoTime();
    /** When this attempt times out ({@link System#nanoTime()} scale). */
    final long deadlineNanos;
    /** Set when a user asked to cancel (seen by heartbeat or poll). */
    private volatile boolean cancelledByUser;
    /** Set when this worker is shutting down: the job should stop and will be handed back. */
    private volatile boolean shuttingDown;
    /** Set when the lease was lost (fencing): nothing this attempt reports will be recorded. */
    private volatile boolean leaseLost;
    private volatile boolean timedOut;
    private volatile long lastCancelPoll;

    JobExecution(FetchedJob job, JobHandler handler, QueueStore store) {
        this.job = job;
        this.handler = handler;
        this.store = store;
        long timeout = handler.timeout().toNanos();
        this.deadlineNanos = System.nanoTime() + Math.min(timeout, Long.MAX_VALUE / 4);
    }

    boolean claimSettlement() {
        return settled.compareAndSet(false, true);
    }

    boolean isSettled() {
        return settled.get();
    }

    /** The worker is draining: the handler should stop, and an interrupted attempt is handed back. */
    void shutDown() {
        shuttingDown = true;
    }

    boolean isShuttingDown() {
        return shuttingDown;
    }

    /**
     * A heartbeat found the lease superseded (fencing). @return true the first time, for an
     * unsettled attempt (the one worth a warning)
     */
    boolean loseLease() {
        if (leaseLost || isSettled()) {
            return false;
        }
        leaseLost = true;
        return true;
    }

    boolean isLeaseLost() {
        return leaseLost;
    }

    /** A heartbeat saw a user's cancel request. */
    void cancelByUser() {
        cancelledByUser = true;
    }

    boolean isCancelledByUser() {
        return cancelledByUser;
    }

    /** The timeout sweep settled this attempt: the handler is interrupted. */
    void timeOut() {
        timedOut = true;
        interrupt();
    }

    /** Binds the handler's thread for {@link #interrupt()}; call on that thread before the handler runs. */
    synchronized void enter() {
        thread = Thread.currentThread();
    }

    /** Unbinds the handler's thread and clears an interrupt aimed at this attempt. */
    synchronized void exit() {
        thread = null;
        Thread.interrupted();
    }

    /** Interrupts the handler if it is running. */
    synchronized void interrupt() {
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public String jobId() {
        return job.id();
    }

    @Override
    public String type() {
        return job.type();
    }

    @Override
    public String queue() {
        return job.queue();
    }

    @Override
    public Map<String, String> args() {
        return job.args();
    }

    @Override
    public int attempt() {
        return job.attempt();
    }

    @Override
    public boolean cancelRequested() {
        return handBackRequested() || cancelledByUser();
    }

    @Override
    public boolean handBackRequested() {
        return shuttingDown || leaseLost || timedOut;
    }

    @Override
    public boolean cancelledByUser() {
        if (cancelledByUser) {
            return true;
        }
        long now = System.currentTimeMillis();
        if (now - lastCancelPoll >= CANCEL_POLL_MS) {
            lastCancelPoll = now;
            try {
                cancelledByUser = store.cancelRequested(job.id());
            } catch (QueueUnavailableException e) {
                return false; // keep working; the lease decides if the work still counts
            }
        }
        return cancelledByUser;
    }

    @Override
    public void publishProgress(Map<String, Object> event) {
        Map<String, Object> msg = new java.util.LinkedHashMap<>(event);
        msg.put("jobId", job.id());
        msg.put("queue", job.queue());
        msg.put("type", job.type());
        msg.putIfAbsent("event", "progress");
        try {
            store.publish(job.id(), ProgressJson.MAPPER.writeValueAsString(msg));
        } catch (IOException e) {
            throw new IllegalArgumentException("progress event of job " + job.id() + " is not serialisable: " + e.getMessage(), e);
        }
    }

    /** Micronaut Serialization's default mapper (Jackson underneath), made on the first progress event. */
    private static final class ProgressJson {
        static final ObjectMapper MAPPER = ObjectMapper.getDefault();
    }
}
