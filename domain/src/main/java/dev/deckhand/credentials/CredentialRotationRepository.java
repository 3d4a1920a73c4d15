package dev.deckhand.credentials;

import dev.deckhand.accounts.ConnectedAccount;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.List;
import java.util.UUID;

/** The two statements key rotation needs on connected_accounts: walk the ids, replace the token blobs. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface CredentialRotationRepository extends GenericRepository<ConnectedAccount, UUID> {

    /** Keyset page of account ids (any state: a revoking row's refresh token must stay readable too). */
    @Query("SELECT id FROM connected_accounts WHERE id > :after ORDER BY id LIMIT :limit")
    List<UUID> idsAfter(UUID after, int limit);

    @Query("UPDATE connected_accounts SET access_token = :accessToken, refresh_token = :refreshToken WHERE id = :id")
    int replaceTokens(UUID id, @Nullable byte[] accessToken, @Nullable byte[] refreshToken);
}
