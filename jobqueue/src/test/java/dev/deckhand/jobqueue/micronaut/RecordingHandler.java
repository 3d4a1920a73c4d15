package dev.deckhand.jobqueue.micronaut;

import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.jobqueue.JobHandler;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A handler bean discovered by {@link WorkerRuntime}; only in {@link WorkerRuntimeTest}'s contexts. */
@Singleton
@Requires(property = "jobqueue.test.recording-handler", value = "true")
public class RecordingHandler implements JobHandler {

    final Set<String> done = ConcurrentHashMap.newKeySet();

    @Override
    public String name() {
        return "test.record";
    }

    @Override
    public String queue() {
        return "short";
    }

    @Override
    public void perform(JobContext context) {
        done.add(context.args().get("n"));
    }
}
