package dev.deckhand.jobqueue.micronaut;

import dev.deckhand.jobqueue.worker.AttemptListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Per-job-type metrics of the attempts this worker process ran, tagged {@code queue}, {@code type}
 * and {@code outcome} ({@link AttemptListener.Outcome#tag()}: success, retry, dead, cancelled,
 * handed_back, lease_lost):
 * {@value #DURATION} (Prometheus {@code deckhand_job_duration_seconds}, histogram buckets up to
 * an hour, for p50/p95/p99 per type) and {@value #ATTEMPTS} ({@code deckhand_job_attempts_total},
 * success/failure/retry rates). Unlike QueueMetrics' queue-wide counters read from Redis, these
 * count what this process did, so sum them over replicas.
 */
@Singleton
@Requires(classes = MeterRegistry.class)
@Requires(beans = MeterRegistry.class)
public class JobMetrics implements AttemptListener {

    public static final String DURATION = "deckhand.job.duration";
    public static final String ATTEMPTS = "deckhand.job.attempts";

    private final MeterRegistry registry;

    public JobMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void finished(String queue, String type, Outcome outcome, long nanos) {
        Timer.builder(DURATION).description("Duration of job attempts on this worker")
                .tag("queue", queue).tag("type", type).tag("outcome", outcome.tag())
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofHours(1))
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
        Counter.builder(ATTEMPTS).description("Job attempts finished on this worker, by outcome")
                .tag("queue", queue).tag("type", type).tag("outcome", outcome.tag())
                .register(registry).increment();
    }
}
