package dev.deckhand.jobqueue.micronaut;

import dev.deckhand.config.QueueSettings;
import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.jobqueue.JobEnqueuer;
import dev.deckhand.jobqueue.JobHandler;
import dev.deckhand.jobqueue.JobQueueAdmin;
import dev.deckhand.jobqueue.Queues;
import dev.deckhand.jobqueue.redis.QueueOptions;
import dev.deckhand.jobqueue.redis.RedisJobEnqueuer;
import dev.deckhand.jobqueue.redis.RedisQueueAdmin;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import redis.clients.jedis.RedisClient;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Queue beans for every proctype that has the Redis client: web and scheduler inject
 * {@link JobEnqueuer} and {@link JobQueueAdmin}; workers also get {@link WorkerRuntime}.
 */
@Factory
@Requires(beans = RedisClient.class)
public class JobQueueFactory {

    /** The typed queue settings, bound once from the process's settings (tests register their own). */
    @Singleton
    @Requires(beans = ResolvedSettings.class)
    QueueSettings queueSettings(ResolvedSettings settings) {
        return QueueSettings.from(settings);
    }

    @Singleton
    QueueOptions queueOptions(QueueSettings settings) {
        return QueueOptions.defaults().withVisibility(settings.visibilityTimeout());
    }

    /**
     * Requests without a queue go to their handler's queue when this process has the handler bean,
     * else {@code default}. Handlers are looked up lazily: a handler may itself inject the enqueuer.
     */
    @Singleton
    JobEnqueuer jobEnqueuer(RedisClient redis, QueueOptions options, BeanContext beans) {
        Map<String, String> queues = new ConcurrentHashMap<>();
        return new RedisJobEnqueuer(redis, options, type -> queues.computeIfAbsent(type, t ->
                beans.getBeansOfType(JobHandler.class).stream().filter(h -> h.name().equals(t))
                        .map(JobHandler::queue).findFirst().orElse(Queues.DEFAULT)));
    }

    @Singleton
    JobQueueAdmin jobQueueAdmin(RedisClient redis, QueueOptions options) {
        return new RedisQueueAdmin(redis, options);
    }
}
