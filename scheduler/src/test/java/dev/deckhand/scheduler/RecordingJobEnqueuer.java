package dev.deckhand.scheduler;

import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.JobEnqueuer;
import dev.deckhand.jobqueue.QueueUnavailableException;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.jdbc.DataSourceResolver;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Test-only queue: records every enqueue in Postgres ({@code recorded_enqueues}, created by
 * {@link SchedulerDatabase}) with the unique-key semantics of the real queue (a duplicate key
 * returns the existing job) and counts attempts per key, so a test sees both what the queue
 * holds and how often each firing tried. Shared by every scheduler process of a test through the
 * database, like the real Redis queue.
 */
@Singleton
@Replaces(JobEnqueuer.class)
public class RecordingJobEnqueuer implements JobEnqueuer {

    private final DataSource dataSource;
    private final long pid = ProcessHandle.current().pid();

    public RecordingJobEnqueuer(DataSource dataSource, @Nullable DataSourceResolver resolver) {
        this.dataSource = resolver == null ? dataSource : resolver.resolve(dataSource);
    }

    @Override
    public String enqueue(EnqueueRequest request) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO recorded_enqueues (unique_key, type, queue, pid) VALUES (?, ?, ?, ?)
                     ON CONFLICT (unique_key) DO UPDATE SET attempts = recorded_enqueues.attempts + 1
                     RETURNING id""")) {
            ps.setString(1, request.uniqueKey());
            ps.setString(2, request.type());
            ps.setString(3, request.queue());
            ps.setLong(4, pid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return "job-" + rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new QueueUnavailableException("recording failed: " + e.getMessage(), e);
        }
    }

    @Override
    public long depth(String queue) {
        return 0;
    }
}
