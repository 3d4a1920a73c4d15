package dev.deckhand.runs;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.AutoPopulated;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.sql.ColumnTransformer;

import java.time.Instant;
import java.util.UUID;

/**
 * A run of a plan's selected steps (selectedSteps: JSON array of step ids, in plan order). Its log
 * is not a column of this row: see {@link RunLogs} (append-only lines).
 */
@MappedEntity("jobs")
public record Job(@Id @AutoPopulated @Nullable UUID id, UUID planId, UUID userId, @Nullable UUID accountId,
                  @Nullable UUID preflightId, String status,
                  @ColumnTransformer(write = "?::jsonb") String selectedSteps,
                  @ColumnTransformer(write = "?::jsonb") String results, boolean cancelRequested,
                  @Nullable String error, Instant createdAt, @Nullable Instant finishedAt) {
}
