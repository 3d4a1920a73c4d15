package dev.deckhand.jobqueue.worker;

import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.jobqueue.JobHandler;
import dev.deckhand.jobqueue.QueueUnavailableException;
import dev.deckhand.jobqueue.redis.FetchedJob;
import dev.deckhand.jobqueue.redis.QueueStore;

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
    volatile Thread thread;
    /** When this attempt started on this worker ({@link System#nanoTime()} scale), for its duration. */
    final long startedNanos = System.nanoTime();
    /** When this attempt times out ({@link System#nanoTime()} scale). */
    final long deadlineNanos;
    /** Set when a user asked to cancel (seen by heartbeat or poll). */
    volatile boolean cancelledByUser;
    /** Set when this worker is shutting down: the job should stop and will be handed back. */
    volatile boolean shuttingDown;
    /** Set when the lease was lost (fencing): nothing this attempt reports will be recorded. */
    volatile boolean leaseLost;
    volatile boolean timedOut;
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
        store.publish(job.id(), Json.write(msg));
    }
}
