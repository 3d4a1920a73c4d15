package dev.deckhand.worker;

import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.jobqueue.JobHandler;
import jakarta.inject.Singleton;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A test-only job type, discovered as a bean by the worker proctype. */
@Singleton
public class PingJobHandler implements JobHandler {

    final Set<String> seen = ConcurrentHashMap.newKeySet();

    @Override
    public String name() {
        return "test.ping";
    }

    @Override
    public void perform(JobContext context) {
        seen.add(context.args().get("n"));
    }
}
