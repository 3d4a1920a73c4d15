package dev.deckhand.jobqueue.micronaut;

import dev.deckhand.config.QueueSettings;
import dev.deckhand.jobqueue.JobQueueAdmin;
import dev.deckhand.jobqueue.QueueStats;
import dev.deckhand.jobqueue.QueueUnavailableException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import redis.clients.jedis.RedisClient;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Prometheus metrics of the queues a worker consumes: depth, latency (oldest ready job's age),
 * in-flight, and counters (succeeded, retries, dead, redelivered, rejected acks). One Redis read
 * per queue per scrape at most every {@value #MAX_AGE_MS} ms; NaN while Redis is unreachable.
 */
@Singleton
@Requires(classes = MeterRegistry.class)
@Requires(property = "deckhand.proctype", pattern = "worker|worker-short|devworker")
@Requires(beans = RedisClient.class)
public class QueueMetrics implements MeterBinder {

    private static final long MAX_AGE_MS = 2000;

    // Resolved lazily and not via WorkerRuntime: the meter registry is built early (data source
    // binders), and handler beans reached through WorkerRuntime may need the data source: a cycle.
    private final BeanProvider<JobQueueAdmin> admin;
    private final Set<String> queues;
    private final Map<String, Snapshot> cache = new ConcurrentHashMap<>();

    private record Snapshot(long at, QueueStats stats) {
    }

    public QueueMetrics(BeanProvider<JobQueueAdmin> admin,
                        QueueSettings settings) {
        this.admin = admin;
        this.queues = settings.workerQueues().keySet();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String q : queues) {
            gauge(registry, q, "deckhand.queue.ready", "Jobs ready to run", QueueStats::ready);
            gauge(registry, q, "deckhand.queue.scheduled", "Jobs waiting for their run-at time or retry backoff",
                    QueueStats::scheduled);
            gauge(registry, q, "deckhand.queue.inflight", "Jobs leased by workers", QueueStats::inFlight);
            gauge(registry, q, "deckhand.queue.latency.seconds", "Age of the oldest ready job",
                    s -> s.oldestReadyAgeMs() / 1000.0);
            counter(registry, q, "deckhand.jobs.succeeded", "Jobs finished successfully", QueueStats::succeeded);
            counter(registry, q, "deckhand.jobs.retried", "Failed attempts scheduled for retry", QueueStats::retries);
            counter(registry, q, "deckhand.jobs.dead", "Jobs moved to the dead set", QueueStats::dead);
            counter(registry, q, "deckhand.jobs.redelivered", "Expired leases re-delivered", QueueStats::redelivered);
            counter(registry, q, "deckhand.jobs.acks.rejected", "Late acks refused by fencing", QueueStats::rejectedAcks);
        }
    }

    // Micronaut may bind the same binder to a composite registry and to its child: register once.
    private void gauge(MeterRegistry r, String queue, String name, String help, ToDoubleFunction<QueueStats> f) {
        if (r.find(name).tag("queue", queue).meter() != null) {
            return;
        }
        Gauge.builder(name, this, m -> m.read(queue, f)).description(help).tag("queue", queue).register(r);
    }

    private void counter(MeterRegistry r, String queue, String name, String help, ToDoubleFunction<QueueStats> f) {
        if (r.find(name).tag("queue", queue).meter() != null) {
            return;
        }
        FunctionCounter.builder(name, this, m -> m.read(queue, f)).description(help).tag("queue", queue).register(r);
    }

    private double read(String queue, ToDoubleFunction<QueueStats> f) {
        long now = System.currentTimeMillis();
        Snapshot s = cache.get(queue);
        if (s == null || now - s.at() > MAX_AGE_MS) {
            try {
                s = new Snapshot(now, admin.get().stats(queue));
                cache.put(queue, s);
            } catch (QueueUnavailableException e) {
                return Double.NaN;
            }
        }
        return f.applyAsDouble(s.stats());
    }
}
