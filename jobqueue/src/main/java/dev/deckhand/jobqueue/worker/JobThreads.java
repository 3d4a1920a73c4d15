package dev.deckhand.jobqueue.worker;

import dev.deckhand.config.JvmTuning;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for job attempts: a virtual thread per attempt on JDK 21+ (found by reflection, since we
 * compile for 17), else a fixed platform pool sized to the queue's concurrency. Concurrency is
 * bounded by the consumer's permits either way. {@link JvmTuning#JOBQUEUE_VIRTUAL_THREADS} false
 * forces the platform pool.
 */
final class JobThreads {

    private JobThreads() {
    }

    static ExecutorService forQueue(String queue, int concurrency) {
        if (!JvmTuning.JOBQUEUE_VIRTUAL_THREADS.value()) {
            return Executors.newFixedThreadPool(concurrency, daemonFactory("dh-job-" + queue + "-"));
        }
        try {
            Object ex = Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
                    .invoke(null, virtualFactory("dh-job-" + queue + "-"));
            return (ExecutorService) ex;
        } catch (ReflectiveOperationException | RuntimeException notOnThisJdk) {
            return Executors.newFixedThreadPool(concurrency, daemonFactory("dh-job-" + queue + "-"));
        }
    }

    private static ThreadFactory virtualFactory(String prefix) throws ReflectiveOperationException {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
        builder = ofVirtual.getMethod("name", String.class, long.class).invoke(builder, prefix, 0L);
        return (ThreadFactory) ofVirtual.getMethod("factory").invoke(builder);
    }

    static ThreadFactory daemonFactory(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
