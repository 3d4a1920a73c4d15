package dev.deckhand.jobqueue.worker;

import dev.deckhand.jobqueue.QueueUnavailableException;
import dev.deckhand.jobqueue.redis.QueueStore;
import dev.deckhand.jobqueue.redis.QueueStore.Settlement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Batches acks: finished attempts are queued here and acked many per Lua call, so a busy worker
 * pays a fraction of a round trip per job. After taking the first settlement it lingers up to
 * {@link #LINGER} for more (until {@value #LINGER_TARGET} are gathered), so a call carries a batch
 * rather than whatever finished during the previous round trip: each call costs about ten Redis
 * commands whatever its size (docs/BENCHMARKS.md, issue 17). Nobody waits on an ack (the job's
 * slot is freed before it), so the linger delays only the state the admin sees, by at most
 * {@link #LINGER}; once closing, nothing lingers. An ack not yet sent when the process dies only
 * means a re-delivery (at-least-once), never a loss. While Redis is down, a batch is retried until
 * the lease would have expired anyway (then the job is re-delivered and the ack is moot).
 */
final class Acker {

    private static final Logger LOG = LoggerFactory.getLogger(Acker.class);
    private static final int MAX_BATCH = 128;
    /** Longest the first settlement of a batch waits for company. */
    private static final Duration LINGER = Duration.ofMillis(2);
    /** A batch this large is sent without lingering further. */
    private static final int LINGER_TARGET = 64;

    private final QueueStore store;
    private final Duration giveUpAfter;
    private final LinkedBlockingQueue<Settlement> pending = new LinkedBlockingQueue<>();
    private final Thread thread;
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
    }

    private void loop() {
        List<Settlement> batch = new ArrayList<>(MAX_BATCH);
        while (!closed || !pending.isEmpty()) {
            try {
                Settlement first = pending.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                gather(batch);
                send(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Adds what is queued to the batch, lingering for more up to {@link #LINGER} unless closing. */
    private void gather(List<Settlement> batch) throws InterruptedException {
        long until = System.nanoTime() + LINGER.toNanos();
        pending.drainTo(batch, MAX_BATCH - batch.size());
        while (batch.size() < LINGER_TARGET && !closed) {
            long left = until - System.nanoTime();
            Settlement next = left > 0 ? pending.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            batch.add(next);
            pending.drainTo(batch, MAX_BATCH - batch.size());
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
        try {
            thread.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
