package dev.deckhand.jobqueue.worker;

import dev.deckhand.jobqueue.QueueUnavailableException;
import dev.deckhand.jobqueue.redis.FetchedJob;
import dev.deckhand.jobqueue.redis.QueueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The fetch loop of one queue: one thread that leases as many jobs as it has free permits (up to
 * the batch size) in one Lua call, hands them to the queue's own executor, and, when the queue is
 * empty, blocks on the queue's notify list (BLPOP) until an enqueue wakes it or the next scheduled
 * job is due. Idle consumers therefore cost one blocked connection, not a spin.
 */
final class QueueConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(QueueConsumer.class);
    /** Longest idle block; also bounds how stale a scheduled-job wait can get. */
    private static final long IDLE_WAIT_MS = 1000;

    interface Dispatcher {
        /** Starts an attempt; must eventually release one permit of the consumer. */
        void start(QueueConsumer consumer, FetchedJob job);

        void handBack(List<FetchedJob> jobs);
    }

    final String queue;
    private final Semaphore permits;
    private final ExecutorService executor;
    private final int batch;
    private final QueueStore store;
    private final Dispatcher dispatcher;
    private final Thread fetcher;
    private final String workerId;
    private volatile boolean stopping;

    QueueConsumer(String queue, int concurrency, int batch, QueueStore store, Dispatcher dispatcher, String workerId) {
        this.queue = queue;
        this.workerId = workerId;
        this.permits = new Semaphore(concurrency);
        this.executor = JobThreads.forQueue(queue, concurrency);
        this.batch = batch;
        this.store = store;
        this.dispatcher = dispatcher;
        this.fetcher = JobThreads.daemonFactory("dh-fetch-" + queue + "-").newThread(this::loop);
    }

    void start() {
        fetcher.start();
    }

    /** Stops fetching at once (an in-progress fetch hands its jobs straight back). */
    void stopFetching() {
        stopping = true;
    }

    /** Runs an attempt on this queue's threads. @throws RejectedExecutionException once draining began */
    void execute(Runnable attempt) {
        executor.execute(attempt);
    }

    /** An attempt of this queue ended (or never started): its slot is free for the next fetch. */
    void attemptFinished() {
        permits.release();
    }

    /** Drain, step 1: no new attempts; running ones go on. */
    void stopAcceptingAttempts() {
        executor.shutdown();
    }

    /** Drain, step 2: waits up to {@code nanos} for running attempts to end. */
    void awaitAttempts(long nanos) throws InterruptedException {
        executor.awaitTermination(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    /** Drain, last step: interrupts whatever still runs. */
    void interruptAttempts() {
        executor.shutdownNow();
    }

    private void loop() {
        long backoffMs = 100;
        while (!stopping) {
            int n = 0;
            try {
                permits.acquire();
                n = 1 + permits.drainPermits();
                if (n > batch) {
                    permits.release(n - batch);
                    n = batch;
                }
                if (stopping) {
                    break;
                }
                QueueStore.FetchResult r = store.fetch(queue, n, workerId);
                int got = r.jobs().size();
                permits.release(n - got);
                n = 0;
                if (stopping) {
                    dispatcher.handBack(r.jobs());
                    permits.release(got);
                    break;
                }
                r.jobs().forEach(job -> dispatcher.start(this, job));
                backoffMs = 100;
                if (got == 0) {
                    long wait = r.msUntilNextScheduled() < 0 ? IDLE_WAIT_MS : Math.min(IDLE_WAIT_MS, r.msUntilNextScheduled());
                    if (wait > 0) {
                        store.awaitWork(queue, wait);
                    }
                }
            } catch (QueueUnavailableException e) {
                permits.release(n);
                if (stopping) {
                    return;
                }
                LOG.warn("queue {}: Redis unavailable, retrying in {} ms: {}", queue, backoffMs, e.getMessage());
                if (!sleep(backoffMs)) {
                    return;
                }
                backoffMs = Math.min(2000, backoffMs * 2);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                permits.release(n);
                LOG.error("queue {}: unexpected fetch failure", queue, e);
                if (!sleep(backoffMs)) {
                    return;
                }
            }
        }
    }

    private static boolean sleep(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
