package dev.deckhand.web.ui.admin;

import dev.deckhand.jobqueue.InFlightJob;
import dev.deckhand.jobqueue.JobQueueAdmin;
import dev.deckhand.jobqueue.QueueStats;
import dev.deckhand.jobqueue.WaitingJob;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * Read-only views over all queues for the dashboard, all through {@link JobQueueAdmin}: web never
 * reads queue keys itself (the layout is private to jobqueue). Blocking: call off the event loop.
 */
@Singleton
public class QueueInspector {

    private final JobQueueAdmin admin;

    public QueueInspector(JobQueueAdmin admin) {
        this.admin = admin;
    }

    public List<QueueStats> stats() {
        List<QueueStats> out = new ArrayList<>();
        for (String q : admin.queues()) {
            out.add(admin.stats(q));
        }
        return out;
    }

    public List<InFlightJob> inFlight(int limitPerQueue) {
        List<InFlightJob> out = new ArrayList<>();
        for (String q : admin.queues()) {
            out.addAll(admin.inFlight(q, 0, limitPerQueue));
        }
        return out;
    }

    public List<WaitingJob> waiting(int limitPerQueue) {
        List<WaitingJob> out = new ArrayList<>();
        for (String q : admin.queues()) {
            out.addAll(admin.waiting(q, 0, limitPerQueue));
        }
        return out;
    }
}
