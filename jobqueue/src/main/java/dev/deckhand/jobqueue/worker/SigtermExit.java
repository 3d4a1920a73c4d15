package dev.deckhand.jobqueue.worker;

import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes SIGTERM a clean exit: run the given graceful shutdown (stop fetching, drain, hand back),
 * then exit with status 0. The JVM's default SIGTERM handling exits with 143 after the shutdown
 * hooks, which orchestrators report as a failure; a drained worker has not failed.
 */
public final class SigtermExit {

    private SigtermExit() {
    }

    public static void install(Runnable gracefulShutdown) {
        AtomicBoolean once = new AtomicBoolean();
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), sig -> {
                // A repeated SIGTERM must not exit while the first one is still draining.
                if (!once.compareAndSet(false, true)) {
                    LoggerFactory.getLogger(SigtermExit.class).info("SIGTERM again: still draining");
                    return;
                }
                int status = 0;
                try {
                    gracefulShutdown.run();
                } catch (RuntimeException e) {
                    LoggerFactory.getLogger(SigtermExit.class).error("graceful shutdown failed", e);
                    status = 1;
                }
                System.exit(status);
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LoggerFactory.getLogger(SigtermExit.class).warn("cannot handle SIGTERM here; default exit status applies", e);
        }
    }
}
