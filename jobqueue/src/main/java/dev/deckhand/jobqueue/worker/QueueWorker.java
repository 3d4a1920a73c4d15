package dev.deckhand.jobqueue.worker;

import dev.deckhand.jobqueue.JobCancelledException;
import dev.deckhand.jobqueue.JobHandler;
import dev.deckhand.jobqueue.QueueUnavailableException;
import dev.deckhand.jobqueue.RetryPolicy;
import dev.deckhand.jobqueue.redis.FetchedJob;
import dev.deckhand.jobqueue.redis.QueueStore;
import dev.deckhand.jobqueue.redis.QueueStore.Settlement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A worker process's consumption of its queues: a {@link QueueConsumer} per queue, one heartbeat
 * task extending all held leases in one Lua call, a reaper recovering expired leases (any worker
 * may reap any lease of its queues) and deleting finished jobs past their TTL, per-attempt timeouts (a 100 ms sweep), batched acks, and graceful shutdown:
 * {@link #close()} stops fetching at once, lets running attempts finish within the drain timeout,
 * then hands the rest back to the front of their queues (not failed).
 */
public final class QueueWorker implements AutoCloseable, QueueConsumer.Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(QueueWorker.class);
    private static final long TIMEOUT_SWEEP_MS = 100;
    private static final int REAP_BATCH = 100;

    private final WorkerConfig config;
    private final QueueStore store;
    private final Map<String, JobHandler> handlers;
    private final List<QueueConsumer> consumers = new ArrayList<>();
    private final Set<JobExecution> running = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor timers;
    private final Acker acker;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile AttemptListener attempts = AttemptListener.NONE;
    private final ProcessHeartbeat registry;
    private volatile boolean quiet;

    public QueueWorker(UnifiedJedis redis, WorkerConfig config, Collection<? extends JobHandler> handlers) {
        this(redis, config, handlers, WorkerIdentity.UNNAMED);
    }

    public QueueWorker(UnifiedJedis redis, WorkerConfig config, Collection<? extends JobHandler> handlers,
                       WorkerIdentity identity) {
        this.config = config;
        this.store = new QueueStore(redis, config.options());
        this.handlers = handlers.stream().collect(Collectors.toMap(JobHandler::name, Function.identity()));
        this.timers = new ScheduledThreadPoolExecutor(1, JobThreads.daemonFactory("dh-worker-timer-"));
        this.timers.setRemoveOnCancelPolicy(true);
        this.acker = new Acker(store, config.options().visibility());
        this.registry = new ProcessHeartbeat(store, identity, config.queues(), this::runningJobIds,
                () -> closing.get() ? "stopping" : quiet ? "quiet" : "running", this::quiet);
        config.queues().forEach((q, n) -> consumers.add(new QueueConsumer(q, n, config.fetchBatch(), store, this,
                registry.id())));
    }

    /** This process's id in the live registry ({@code JobQueueAdmin.processes()}). */
    public String processId() {
        return registry.id();
    }

    /**
     * Stops fetching for good (an operator's "quiet", seen on the registry heartbeat): running
     * attempts finish and are acked as usual; the process stays up until it is stopped.
     */
    public void quiet() {
        if (quiet) {
            return;
        }
        quiet = true;
        consumers.forEach(QueueConsumer::stopFetching);
        LOG.info("worker quiet: fetching stopped, {} jobs still running", running.size());
    }

    /** True once {@link #quiet()} ran. */
    public boolean isQuiet() {
        return quiet;
    }

    private List<String> runningJobIds() {
        return running.stream().filter(e -> !e.isSettled()).map(e -> e.job.id()).sorted().toList();
    }

    /** Who hears how each attempt ended (job metrics); set before {@link #start()}. */
    public QueueWorker onAttempt(AttemptListener listener) {
        this.attempts = listener;
        return this;
    }

    public QueueWorker start() {
        if (!started.compareAndSet(false, true)) {
            return this;
        }
        long vis = config.options().visibility().toMillis();
        long beat = Math.max(100, vis / 3);
        long reap = Math.max(100, Math.min(1000, vis / 4));
        acker.start();
        registry.beat();
        long registryBeat = config.options().processHeartbeat().toMillis();
        timers.scheduleWithFixedDelay(registry::beat, registryBeat, registryBeat, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::reap, 0, reap, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::expireTimedOut, TIMEOUT_SWEEP_MS, TIMEOUT_SWEEP_MS, TimeUnit.MILLISECONDS);
        consumers.forEach(QueueConsumer::start);
        LOG.info("worker {} consuming {} (visibility {} ms, drain {} s)", registry.id(), config.queues(), vis,
                config.drainTimeout().toSeconds());
        return this;
    }

    @Override
    public void start(QueueConsumer consumer, FetchedJob job) {
        JobHandler handler = handlers.get(job.type());
        if (handler == null) {
            consumer.attemptFinished();
            failQuietly(job, -1, "unknown job type '" + job.type() + "': no handler on this worker", "");
            return;
        }
        JobExecution ex = new JobExecution(job, handler, store);
        if (closing.get()) {
            ex.shutDown();
        }
        running.add(ex);
        try {
            consumer.execute(() -> runAttempt(consumer, ex));
        } catch (RejectedExecutionException shuttingDown) {
            running.remove(ex);
            consumer.attemptFinished();
            if (ex.claimSettlement()) {
                handBack(List.of(job));
            }
        }
    }

    private void runAttempt(QueueConsumer consumer, JobExecution ex) {
        ex.enter();
        MDC.put("job_id", ex.job.id());
        MDC.put("queue", ex.job.queue());
        Throwable failure = null;
        JobSpan span = JobSpan.start(ex.job); // no-op unless tracing is on
        try {
            if (!ex.isSettled()) {
                ex.handler.perform(ex);
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            span.end(failure);
            ex.exit();
        }
        try {
            settle(ex, failure);
        } finally {
            MDC.remove("job_id");
            MDC.remove("queue");
            running.remove(ex);
            consumer.attemptFinished();
        }
    }

    private void settle(JobExecution ex, Throwable failure) {
        if (!ex.claimSettlement()) {
            return;
        }
        if (failure == null) {
            acker.submit(new Settlement(ex.job, "succeeded"));
            report(ex, AttemptListener.Outcome.SUCCESS);
        } else if (ex.isShuttingDown() && stoppedByInterruption(failure)) {
            handBack(List.of(ex.job));
            report(ex, AttemptListener.Outcome.HANDED_BACK);
        } else if (ex.isLeaseLost() && stoppedByInterruption(failure)) {
            // Not a failure: the job is already back in its queue (or with the worker that took it over).
            LOG.info("job {} ({}) stopped after losing its lease; the queue re-delivers it", ex.job.id(), ex.job.type());
            report(ex, AttemptListener.Outcome.LEASE_LOST);
        } else if (ex.isCancelledByUser() && stoppedByInterruption(failure)) {
            // However the handler stopped (JobCancelledException, wrapped or an interrupt): cancelled.
            acker.submit(new Settlement(ex.job, "cancelled"));
            report(ex, AttemptListener.Outcome.CANCELLED);
        } else {
            failAttempt(ex, failure);
        }
    }

    private static boolean stoppedByInterruption(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof JobCancelledException || c instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Times out attempts past their handler's timeout. A periodic sweep rather than a timer per
     * attempt: no lock shared by every dispatch of every queue (a flood on one queue would make
     * the others queue up on it).
     */
    private void expireTimedOut() {
        long now = System.nanoTime();
        for (JobExecution ex : running) {
            if (now - ex.deadlineNanos > 0 && !ex.isSettled()) {
                timeout(ex);
            }
        }
    }

    private void timeout(JobExecution ex) {
        if (!ex.claimSettlement()) {
            return;
        }
        ex.timeOut();
        running.remove(ex);
        // On the timer thread: the job's log context, so its lines carry job_id like the job's own.
        MDC.put("job_id", ex.job.id());
        MDC.put("queue", ex.job.queue());
        try {
            failAttempt(ex, new TimeoutException("job timed out after " + ex.handler.timeout()));
        } finally {
            MDC.remove("job_id");
            MDC.remove("queue");
        }
    }

    private void failAttempt(JobExecution ex, Throwable t) {
        RetryPolicy policy = ex.handler.retryPolicy();
        int attempt = ex.job.attempt();
        long delay = attempt < policy.maxAttempts() ? policy.backoff(attempt).toMillis() : -1;
        String reason = FailureText.reason(t);
        if (delay >= 0) {
            LOG.warn("job {} ({}) attempt {} failed, retrying in {} ms: {}", ex.job.id(), ex.job.type(), attempt, delay, reason);
        } else {
            LOG.error("job {} ({}) failed after {} attempts, moving to dead set: {}", ex.job.id(), ex.job.type(), attempt, reason);
        }
        failQuietly(ex.job, delay, reason, FailureText.stackTrace(t));
        report(ex, delay >= 0 ? AttemptListener.Outcome.RETRY : AttemptListener.Outcome.DEAD);
    }

    private void report(JobExecution ex, AttemptListener.Outcome outcome) {
        try {
            attempts.finished(ex.job.queue(), ex.job.type(), outcome, System.nanoTime() - ex.startedNanos);
        } catch (RuntimeException e) {
            LOG.warn("attempt listener failed: {}", e.toString());
        }
    }

    private void failQuietly(FetchedJob job, long delay, String reason, String stack) {
        try {
            if (!store.fail(job, delay, reason, stack)) {
                LOG.warn("failure of job {} not recorded: lease lost (re-delivered to another worker)", job.id());
            }
        } catch (QueueUnavailableException e) {
            LOG.error("failure of job {} not recorded, it will be re-delivered: {}", job.id(), e.getMessage());
        }
    }

    @Override
    public void handBack(List<FetchedJob> jobs) {
        try {
            store.release(jobs);
        } catch (QueueUnavailableException e) {
            LOG.error("could not hand back {} jobs; they will be re-delivered after the visibility timeout: {}",
                    jobs.size(), e.getMessage());
        }
    }

    private void heartbeat() {
        List<JobExecution> held = running.stream().filter(e -> !e.isSettled()).toList();
        if (held.isEmpty()) {
            return;
        }
        try {
            QueueStore.HeartbeatResult r = store.heartbeat(held.stream().map(e -> e.job).toList());
            Map<String, JobExecution> byId = held.stream().collect(Collectors.toMap(e -> e.job.id(), e -> e, (a, b) -> a));
            r.lost().forEach(id -> {
                JobExecution ex = byId.get(id);
                // A job settled (and acked) while this heartbeat was in flight is not lost.
                if (ex != null && ex.loseLease()) {
                    LOG.warn("job {} lost its lease (fencing token superseded); its result will be discarded", id);
                }
            });
            r.cancelRequested().forEach(id -> {
                JobExecution ex = byId.get(id);
                if (ex != null) {
                    ex.cancelByUser();
                }
            });
        } catch (QueueUnavailableException e) {
            LOG.warn("heartbeat failed: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("heartbeat failed", e);
        }
    }

    private void reap() {
        for (QueueConsumer c : consumers) {
            try {
                QueueStore.Reaped r;
                do {
                    r = store.reap(c.queue, REAP_BATCH);
                    if (r.total() > 0) {
                        LOG.warn("queue {}: recovered {} jobs from lost workers ({} to the dead set)", c.queue, r.total(), r.dead());
                    }
                } while ((r.total() == REAP_BATCH || r.moreToSweep()) && !closing.get());
            } catch (QueueUnavailableException e) {
                LOG.debug("reaper: {}", e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("reaper failed", e);
            }
        }
    }

    /** Attempts currently running on this worker (for health and tests). */
    public int runningCount() {
        return running.size();
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true) || !started.get()) {
            return;
        }
        long deadline = System.nanoTime() + config.drainTimeout().toNanos();
        consumers.forEach(QueueConsumer::stopFetching);
        running.forEach(JobExecution::shutDown);
        registry.beat(); // listed as stopping while it drains
        LOG.info("worker stopping: fetching stopped, draining {} running jobs for up to {} s", running.size(),
                config.drainTimeout().toSeconds());
        consumers.forEach(QueueConsumer::stopAcceptingAttempts);
        for (QueueConsumer c : consumers) {
            try {
                c.awaitAttempts(deadline - System.nanoTime());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<FetchedJob> unfinished = new ArrayList<>();
        for (JobExecution ex : running) {
            if (ex.claimSettlement()) {
                unfinished.add(ex.job);
                ex.interrupt();
                report(ex, AttemptListener.Outcome.HANDED_BACK);
            }
        }
        if (!unfinished.isEmpty()) {
            LOG.warn("drain timeout: handing {} unfinished jobs back to their queues", unfinished.size());
            handBack(unfinished);
        }
        consumers.forEach(QueueConsumer::interruptAttempts);
        acker.close(Duration.ofSeconds(5));
        timers.shutdownNow();
        try {
            timers.awaitTermination(2, TimeUnit.SECONDS); // a beat in flight must not re-register after this
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        registry.unregister();
        LOG.info("worker stopped");
    }
}
