-- A user's connection to the provider's API. Access and refresh tokens are AES-256-GCM blobs
-- (dev.deckhand.credentials.CredentialVault, associated data = this row's id): they exist only
-- here, never in Redis, logs, job payloads or files.
--
-- state: active   usable by preflights and jobs;
--        revoking swept (unused for TOKEN_LIFETIME_MINUTES): access token already erased, the
--                 refresh token is kept only until the provider confirms revocation (retried
--                 with backoff at next_revoke_at), then the row is deleted.
CREATE TABLE connected_accounts (
    id               uuid PRIMARY KEY,
    user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    issuer           text NOT NULL,
    subject          text NOT NULL,
    username         text,
    scopes           text,
    access_token     bytea,
    refresh_token    bytea,
    expires_at       timestamptz,
    state            text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'revoking')),
    created_at       timestamptz NOT NULL DEFAULT now(),
    last_used_at     timestamptz NOT NULL DEFAULT now(),
    revoke_attempts  integer NOT NULL DEFAULT 0,
    next_revoke_at   timestamptz
);
CREATE INDEX connected_accounts_user ON connected_accounts (user_id);
CREATE INDEX connected_accounts_sweep ON connected_accounts (state, last_used_at);
