package dev.deckhand.catalogue;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.AutoPopulated;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.sql.ColumnTransformer;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/** One step of a plan: a kind (a StepKind bean name) and its config, a JSON object (jsonb). */
@Serdeable
@MappedEntity("steps")
public record Step(@Id @AutoPopulated @Nullable UUID id, UUID planId, int stepOrder, String name, String kind,
                   @ColumnTransformer(write = "?::jsonb") String config, boolean isRequired, Instant createdAt) {
}
