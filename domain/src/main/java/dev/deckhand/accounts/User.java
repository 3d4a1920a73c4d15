package dev.deckhand.accounts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.AutoPopulated;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** Someone who signed in through the provider: identified by (issuer, subject). */
@MappedEntity("users")
public record User(@Id @AutoPopulated @Nullable UUID id, String issuer, String subject, @Nullable String email,
                   @Nullable String name, boolean isAdmin, Instant createdAt) {
}
