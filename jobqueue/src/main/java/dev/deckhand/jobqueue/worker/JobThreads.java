package dev.deckhand.jobqueue.worker;

import dev.deckhand.config.JvmTuning;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for job attempts: a virtual thread per attempt on JDK 21+ (found by reflection, since we
 * compile for 17), else a pool of platform threads sized to the queue's concurrency. Concurrency is
 * bounded by the consumer's permits either way. {@link JvmTuning#JOBQUEUE_VIRTUAL_THREADS} false
 * forces the platform pool.
 *
 * <p>The platform pool is a FIFO {@link ForkJoinPool}, not a fixed {@code ThreadPoolExecutor}: a
 * fetched batch of N jobs handed to a fixed pool wakes N parked threads (one futex wake and two
 * context switches per job, most of a short job's worker CPU), whereas a fork-join pool wakes one
 * and each woken thread wakes the next only while work is left, so an awake thread runs the next
 * short job itself. Measured with no-op jobs at steady state (docs/BENCHMARKS.md, issue 17): 65%
 * fewer context switches and 27% less worker CPU per job at the same throughput.
 */
final class JobThreads {

    private JobThreads() {
    }

    static ExecutorService forQueue(String queue, int concurrency) {
        if (!JvmTuning.JOBQUEUE_VIRTUAL_THREADS.value()) {
            return platformPool(queue, concurrency);
        }
        try {
            Object ex = Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
                    .invoke(null, virtualFactory("dh-job-" + queue + "-"));
            return (ExecutorService) ex;
        } catch (ReflectiveOperationException | RuntimeException notOnThisJdk) {
            return platformPool(queue, concurrency);
        }
    }

    /** Up to {@code concurrency} daemon threads named {@code dh-job-<queue>-<n>}, FIFO (asyncMode). */
    static ExecutorService platformPool(String queue, int concurrency) {
        AtomicInteger n = new AtomicInteger();
        return new ForkJoinPool(concurrency, pool -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            t.setName("dh-job-" + queue + "-" + n.incrementAndGet());
            return t;
        }, null, true);
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
