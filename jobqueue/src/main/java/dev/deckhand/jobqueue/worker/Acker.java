package dev.deckhand.jobqueue.worker;

import dev.deckhand.jobqueue.QueueUnavailableException;
import dev.deckhand.jobqueue.redis.QueueStore;
import dev.deckhand.jobqueue.redis.QueueStore.Settlement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Batches acks: finished attempts are queued here and acked many per Lua call, so a busy worker
 * pays a fraction of a round trip per job. After taking the first settlement it lingers up to
 * {@link #LINGER} for more (until {@value #LINGER_TARGET} are gathered), so a call carries a batch
 * rather than whatever finished during the previous round trip: each call costs about ten Redis
 * commands whatever its size (docs/BENCHMARKS.md, issue 17). Only an idle acker is woken by a
 * submission; while it lingers it sleeps in {@link #LINGER_SLICE} slices and is not woken per job
 * (a wake-up per job was most of a no-op job's worker CPU: thread switches). Nobody waits on an ack
 * (the job's slot is freed before it), so the linger delays only the state the admin sees, by at
 * most {@link #LINGER}; once closing, nothing lingers. An ack not yet sent when the process dies
 * only means a re-delivery (at-least-once), never a loss. While Redis is down, a batch is retried
 * until the lease would have expired anyway (then the job is re-delivered and the ack is moot).
 */
final class Acker {

    private static final Logger LOG = LoggerFactory.getLogger(Acker.class);
    private static final int MAX_BATCH = 128;
    /** Longest the first settlement of a batch waits for company. */
    private static final Duration LINGER = Duration.ofMillis(2);
    /** How often a lingering acker looks whether its batch is full. */
    private static final Duration LINGER_SLICE = Duration.ofNanos(500_000);
    /** A batch this large is sent without lingering further. */
    private static final int LINGER_TARGET = 64;
    /** Longest idle sleep between checks of {@link #closed}. */
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final QueueStore store;
    private final Duration giveUpAfter;
    private final ConcurrentLinkedQueue<Settlement> pending = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    /** True while the acker sleeps with nothing to send: the next submission wakes it. */
    private volatile boolean idle;
    private volatile boolean closed;

    Acker(QueueStore store, Duration giveUpAfter) {
        this.store = store;
        this.giveUpAfter = giveUpAfter;
        this.thread = JobThreads.daemonFactory("dh-acker-").newThread(this::loop);
    }

    void start() {
        thread.start();
    }

    void submit(Settlement s) {
        pending.add(s);
        if (idle) {
            LockSupport.unpark(thread);
        }
    }

    private void loop() {
        List<Settlement> batch = new ArrayList<>(MAX_BATCH);
        while (!closed || !pending.isEmpty()) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            Settlement first = pending.poll();
            if (first == null) {
                idle = true;
                if (pending.isEmpty() && !closed) { // re-checked after publishing idle: no lost wake-up
                    LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                }
                idle = false;
                continue;
            }
            batch.add(first);
            gather(batch);
            try {
                send(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            batch.clear();
        }
    }

    /** Adds what is queued to the batch, lingering for more up to {@link #LINGER} unless closing. */
    private void gather(List<Settlement> batch) {
        long until = System.nanoTime() + LINGER.toNanos();
        drainInto(batch);
        long left;
        while (batch.size() < LINGER_TARGET && !closed && (left = until - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, Math.min(left, LINGER_SLICE.toNanos()));
            drainInto(batch);
        }
    }

    private void drainInto(List<Settlement> batch) {
        Settlement s;
        while (batch.size() < MAX_BATCH && (s = pending.poll()) != null) {
            batch.add(s);
        }
    }

    private void send(List<Settlement> batch) throws InterruptedException {
        long deadline = System.nanoTime() + giveUpAfter.toNanos();
        long backoffMs = 50;
        while (true) {
            try {
                List<String> rejected = store.ack(batch);
                for (String id : rejected) {
                    LOG.warn("ack rejected for job {}: lease lost (re-delivered to another worker)", id);
                }
                return;
            } catch (QueueUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    LOG.error("giving up on {} acks; the jobs will be re-delivered: {}", batch.size(), e.getMessage());
                    return;
                }
                LOG.warn("ack failed, retrying: {}", e.getMessage());
                Thread.sleep(backoffMs);
                backoffMs = Math.min(1000, backoffMs * 2);
            }
        }
    }

    /** Sends everything queued, then stops. */
    void close(Duration wait) {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
