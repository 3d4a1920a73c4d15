package dev.deckhand.catalogue;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.AutoPopulated;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

@Serdeable
@MappedEntity("versions")
public record ProductVersion(@Id @AutoPopulated @Nullable UUID id, UUID productId, String label, boolean isListed,
                             Instant createdAt) {
}
