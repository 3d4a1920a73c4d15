package dev.deckhand.jobqueue.micronaut;

import dev.deckhand.config.BuildInfo;
import dev.deckhand.config.ProcessIdentity;
import dev.deckhand.config.QueueSettings;
import dev.deckhand.jobqueue.JobHandler;
import dev.deckhand.jobqueue.redis.QueueOptions;
import dev.deckhand.jobqueue.worker.AttemptListener;
import dev.deckhand.jobqueue.worker.QueueWorker;
import dev.deckhand.jobqueue.worker.WorkerConfig;
import dev.deckhand.jobqueue.worker.WorkerIdentity;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Starts consuming at boot in worker proctypes ({@code deckhand.proctype} worker, worker-short or
 * devworker) when WORKER_QUEUES names at least one queue. Job types are the {@link JobHandler}
 * beans of the process. Closing the application context (SIGTERM) drains: see
 * {@link QueueWorker#close()}. The drain runs on the {@link ShutdownEvent}, which the context
 * publishes before it destroys any bean: the handlers still have their data source, repositories
 * and Redis for the whole drain window (a {@code @PreDestroy} alone could run after them, since
 * handlers are looked up, not injected). {@code @PreDestroy} stays as a no-op safety net.
 */
@Context
@Requires(property = "deckhand.proctype", pattern = "worker|worker-short|devworker")
@Requires(beans = RedisClient.class)
public class WorkerRuntime implements ApplicationEventListener<ShutdownEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerRuntime.class);

    private final RedisClient redis;
    private final BeanContext beans;
    private final QueueOptions options;
    private final Map<String, Integer> queues;
    private final Duration drain;
    private final String proctype;
    private QueueWorker worker;

    public WorkerRuntime(RedisClient redis, BeanContext beans, QueueOptions options,
                         QueueSettings settings, ProcessIdentity identity) {
        this.redis = redis;
        this.proctype = identity.proctype();
        this.beans = beans;
        this.options = options;
        this.queues = settings.workerQueues();
        this.drain = settings.drainTimeout();
    }

    @PostConstruct
    void start() {
        if (queues.isEmpty()) {
            LOG.info("WORKER_QUEUES is empty: this process consumes no queue");
            return;
        }
        Collection<JobHandler> handlers = beans.getBeansOfType(JobHandler.class);
        LOG.info("job handlers: {}", handlers.stream().map(JobHandler::name).sorted().toList());
        worker = new QueueWorker(redis, new WorkerConfig(queues, drain, 100, options), handlers,
                new WorkerIdentity(proctype, BuildInfo.current().version()))
                .onAttempt(attemptListener()).start();
    }

    // Job metrics when the process has Micrometer (JobMetrics is absent otherwise).
    private AttemptListener attemptListener() {
        return beans.findBean(AttemptListener.class).orElse(AttemptListener.NONE);
    }

    /** The running worker, if this process consumes queues. */
    public Optional<QueueWorker> worker() {
        return Optional.ofNullable(worker);
    }

    public Map<String, Integer> queues() {
        return queues;
    }

    @Override
    public void onApplicationEvent(ShutdownEvent event) {
        stop();
    }

    @PreDestroy
    void stop() {
        if (worker != null) {
            worker.close();
        }
    }
}
