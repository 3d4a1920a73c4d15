package dev.deckhand.scheduler;

import dev.deckhand.runtime.jdbc.PoolDataSource;
import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.JobEnqueuer;
import dev.deckhand.jobqueue.QueueUnavailableException;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Value;
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

    private final long holdMillis;

    /**
     * @param holdMillis after recording, keep the firing "in progress" this long (system property
     *                   {@code deckhand.test.enqueue-hold-ms}): lets a test kill a replica between
     *                   the queue write and Quartz completing the firing
     */
    public RecordingJobEnqueuer(DataSource dataSource, @Nullable DataSourceResolver resolver,
                                @Value("${deckhand.test.enqueue-hold-ms:0}") long holdMillis) {
        this.dataSource = PoolDataSource.of(dataSource, resolver);
        this.holdMillis = holdMillis;
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
            String id;
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = "job-" + rs.getLong(1);
            }
            if (holdMillis > 0) {
                Thread.sleep(holdMillis);
            }
            return id;
        } catch (SQLException e) {
            throw new QueueUnavailableException("recording failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueUnavailableException("interrupted", e);
        }
    }

    @Override
    public long depth(String queue) {
        return 0;
    }
}
