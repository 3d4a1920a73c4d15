package dev.deckhand.jobqueue.redis;

import dev.deckhand.config.QueueSettings;
import dev.deckhand.jobqueue.WorkerProcess;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The fields of a worker process's registry hash ({@code dh:process:{id}}), written by the worker's
 * heartbeat and read by {@link RedisQueueAdmin#processes()}: one place for both directions.
 * {@code beat} is set by the script (Redis clock), {@code quiet} by an operator.
 */
public final class ProcessFields {

    private ProcessFields() {
    }

    /** The hash fields for one heartbeat; {@code state} is running, quiet or stopping. */
    public static Map<String, String> of(String host, long pid, String proctype, Map<String, Integer> queues,
                                         String version, long startedMs, List<String> runningJobIds, String state) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("host", host);
        f.put("pid", Long.toString(pid));
        f.put("proctype", proctype);
        f.put("queues", queues.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(",")));
        f.put("version", version);
        f.put("started", Long.toString(startedMs));
        f.put("busy", Integer.toString(runningJobIds.size()));
        f.put("jobs", String.join(",", runningJobIds));
        f.put("state", state);
        return f;
    }

    static WorkerProcess toProcess(String id, Map<String, String> h) {
        // What the process itself reported: a quiet request shows once the worker has acted on it.
        WorkerProcess.State state = switch (h.getOrDefault("state", "running")) {
            case "stopping" -> WorkerProcess.State.STOPPING;
            case "quiet" -> WorkerProcess.State.QUIET;
            default -> WorkerProcess.State.RUNNING;
        };
        String jobs = h.getOrDefault("jobs", "");
        Map<String, Integer> queues;
        try {
            queues = QueueSettings.parseQueues(h.getOrDefault("queues", ""));
        } catch (IllegalArgumentException e) {
            queues = Map.of();
        }
        return new WorkerProcess(id, h.getOrDefault("host", "?"), num(h.get("pid")), h.getOrDefault("proctype", "?"),
                queues, h.getOrDefault("version", "unknown"), Instant.ofEpochMilli(num(h.get("started"))),
                Instant.ofEpochMilli(num(h.get("beat"))), (int) num(h.get("busy")),
                jobs.isEmpty() ? List.of() : Arrays.asList(jobs.split(",")), state);
    }

    private static long num(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
