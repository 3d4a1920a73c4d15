package dev.deckhand.runs;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.AutoPopulated;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.sql.ColumnTransformer;

import java.time.Instant;
import java.util.UUID;

/** A preflight check of a plan for one user's account; results: {"<step id>": {"status", "message"}}. */
@MappedEntity("preflights")
public record Preflight(@Id @AutoPopulated @Nullable UUID id, UUID planId, UUID userId, @Nullable UUID accountId,
                        String status, @ColumnTransformer(write = "?::jsonb") String results, @Nullable String error,
                        Instant createdAt, @Nullable Instant finishedAt, @Nullable Instant expiresAt) {
}
