package dev.deckhand.jobqueue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One live worker process as it last reported itself (it re-registers every few seconds; a process
 * that stops heartbeating disappears once its entry expires, about the visibility timeout, at most
 * 60 s). Read with {@link JobQueueAdmin#processes()}.
 *
 * @param id            process id ({@code host:pid:random}); pass it to {@link JobQueueAdmin#quiet(String)}
 * @param host          host (pod) name
 * @param pid           OS process id
 * @param proctype      worker, worker-short, devworker, ...
 * @param queues        queue -> concurrency (its WORKER_QUEUES)
 * @param version       release it runs
 * @param startedAt     when it started consuming
 * @param lastHeartbeat its last registration (Redis clock)
 * @param busy          attempts running now (busy slots)
 * @param runningJobIds ids of the jobs it is running
 * @param state         as the process last reported it: running, quiet (stopped fetching after an operator's
 *                      {@link JobQueueAdmin#quiet}; finishing what it runs) or stopping (draining for exit)
 */
public record WorkerProcess(String id, String host, long pid, String proctype, Map<String, Integer> queues,
                            String version, Instant startedAt, Instant lastHeartbeat, int busy,
                            List<String> runningJobIds, State state) {

    public enum State {
        RUNNING, QUIET, STOPPING
    }

    public WorkerProcess {
        queues = Map.copyOf(queues);
        runningJobIds = List.copyOf(runningJobIds);
    }

    /** Total slots over all its queues. */
    public int concurrency() {
        return queues.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Quiet or stopping, with jobs still running. */
    public boolean draining() {
        return state != State.RUNNING && busy > 0;
    }
}
