package dev.deckhand.jobqueue.worker;

import dev.deckhand.jobqueue.QueueUnavailableException;
import dev.deckhand.jobqueue.redis.ProcessFields;
import dev.deckhand.jobqueue.redis.QueueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * This worker process's entry in the live registry ({@code JobQueueAdmin.processes()}): it
 * re-registers every {@code QueueOptions.processHeartbeat()} with its queues, busy slots and
 * running job ids, and the entry expires after {@code processTtl()} without a heartbeat (kill -9,
 * SIGSTOP, partition). The heartbeat's answer carries an operator's "quiet" request, which the
 * worker acts on (stop fetching, finish what runs). A clean exit unregisters at once.
 */
final class ProcessHeartbeat {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessHeartbeat.class);

    private final QueueStore store;
    private final String id;
    private final String host;
    private final long pid;
    private final WorkerIdentity identity;
    private final Map<String, Integer> queues;
    private final long startedMs = System.currentTimeMillis();
    private final Supplier<List<String>> runningJobIds;
    private final Supplier<String> state;
    private final Runnable onQuiet;
    private volatile boolean quietSeen;

    ProcessHeartbeat(QueueStore store, WorkerIdentity identity, Map<String, Integer> queues,
                     Supplier<List<String>> runningJobIds, Supplier<String> state, Runnable onQuiet) {
        this.store = store;
        this.identity = identity;
        this.queues = queues;
        this.runningJobIds = runningJobIds;
        this.state = state;
        this.onQuiet = onQuiet;
        this.host = hostName();
        this.pid = ProcessHandle.current().pid();
        this.id = host + ":" + pid + ":" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 24, 36);
    }

    String id() {
        return id;
    }

    /** One heartbeat; never throws (a missed beat only brings expiry closer). */
    void beat() {
        try {
            boolean quiet = store.register(id, ProcessFields.of(host, pid, identity.proctype(), queues,
                    identity.version(), startedMs, runningJobIds.get(), state.get()));
            if (quiet && !quietSeen) {
                quietSeen = true;
                LOG.info("worker process {} asked to stop fetching (quiet): finishing running jobs", id);
                onQuiet.run();
                beat(); // report the new state now, not one interval later
            }
        } catch (QueueUnavailableException e) {
            LOG.warn("registry heartbeat failed: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("registry heartbeat failed", e);
        }
    }

    void unregister() {
        try {
            store.unregister(id);
        } catch (QueueUnavailableException e) {
            LOG.warn("could not unregister {}; the entry expires on its own: {}", id, e.getMessage());
        }
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
