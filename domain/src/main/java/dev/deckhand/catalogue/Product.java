package dev.deckhand.catalogue;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.AutoPopulated;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/** A product offered in the catalogue; imageKey is a public Storage key. */
@Serdeable
@MappedEntity("products")
public record Product(@Id @AutoPopulated @Nullable UUID id, String slug, String title, String description,
                      @Nullable String imageKey, Instant createdAt) {
}
