package dev.deckhand.web.ui.admin;

import dev.deckhand.jobqueue.JobQueueAdmin;
import dev.deckhand.jobqueue.QueueStats;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * Queue gauges for the dashboard, every queue at once, through {@link JobQueueAdmin} only (the
 * Redis key layout belongs to jobqueue). Blocking: call off the event loop.
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
}
