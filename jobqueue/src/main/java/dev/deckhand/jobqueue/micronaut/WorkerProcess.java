package dev.deckhand.jobqueue.micronaut;

import dev.deckhand.jobqueue.worker.SigtermExit;
import io.micronaut.context.ApplicationContext;

/** Entry-point helper for worker proctypes: SIGTERM drains (closing the context) and exits 0. */
public final class WorkerProcess {

    private WorkerProcess() {
    }

    public static void exitCleanlyOnSigterm(ApplicationContext context) {
        if (context != null) {
            SigtermExit.install(() -> {
                if (context.isRunning()) {
                    context.close();
                }
            });
        }
    }
}
