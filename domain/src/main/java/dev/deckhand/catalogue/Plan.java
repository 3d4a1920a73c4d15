package dev.deckhand.catalogue;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.AutoPopulated;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/** What a user runs: an ordered list of steps; preflightRequired makes a fresh clean preflight a precondition. */
@Serdeable
@MappedEntity("plans")
public record Plan(@Id @AutoPopulated @Nullable UUID id, UUID versionId, String slug, String title,
                   boolean preflightRequired, Instant createdAt) {
}
