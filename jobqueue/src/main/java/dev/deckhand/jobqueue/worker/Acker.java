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
 * pays a fraction of a round trip per job. An ack not yet sent when the process dies only means
 * a re-delivery (at-least-once), never a loss. While Redis is down, a batch is retried until the
 * lease would have expired anyway (then the job is re-delivered and the ack is moot).
 */
final class Acker {

    private static final Logger LOG = LoggerFactory.getLogger(Acker.class);
    private static final int MAX_BATCH = 128;

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
                pending.drainTo(batch, MAX_BATCH - 1);
                send(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
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
