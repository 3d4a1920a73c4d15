package dev.deckhand.support;

import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.jobqueue.JobType;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** A JobContext for calling a handler's perform() directly. */
public final class TestJobContext implements JobContext {

    private final String type;
    private final String queue;
    private final Map<String, String> args;
    public final AtomicBoolean cancel = new AtomicBoolean();
    public final List<Map<String, Object>> progress = new CopyOnWriteArrayList<>();

    /** A context for one job of {@code type}, on its queue, without arguments. */
    public TestJobContext(JobType type) {
        this(type, Map.of());
    }

    public TestJobContext(JobType type, Map<String, String> args) {
        this(type.name(), type.queue(), args);
    }

    public TestJobContext(String type, String queue, Map<String, String> args) {
        this.type = type;
        this.queue = queue;
        this.args = Map.copyOf(args);
    }

    @Override
    public String jobId() {
        return "test-" + UUID.randomUUID();
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public String queue() {
        return queue;
    }

    @Override
    public Map<String, String> args() {
        return args;
    }

    @Override
    public int attempt() {
        return 1;
    }

    @Override
    public boolean cancelRequested() {
        return cancel.get();
    }

    @Override
    public void publishProgress(Map<String, Object> event) {
        progress.add(event);
    }
}
