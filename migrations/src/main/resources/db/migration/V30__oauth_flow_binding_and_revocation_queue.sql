-- Issue #13. An OAuth flow is bound to the browser or API client that began it: binding_hash is
-- the SHA-256 of the random value of its __Host-oauth_flow cookie, checked at the callback before
-- the flow is used. nonce_hash is the SHA-256 of the OIDC nonce sent in the authorization request,
-- checked against the ID token. Flows in flight during the upgrade (10-minute lifetime, no binding)
-- are dropped: their users simply start again.
DELETE FROM oauth_flows;
ALTER TABLE oauth_flows ADD COLUMN binding_hash bytea NOT NULL;
ALTER TABLE oauth_flows ADD COLUMN nonce_hash bytea;

-- Refresh tokens the system stopped holding (replaced by a reconnect, rotated by a refresh, or
-- obtained by a flow that failed after the code exchange) and that the provider has not yet
-- confirmed revoked. refresh_token is a CredentialVault blob (associated data = this row's id).
-- The credential sweep revokes due rows (RFC 7009) and deletes them; failures back off
-- (next_attempt_at) and are given up after a bounded number of attempts, audited.
CREATE TABLE refresh_token_revocations (
    id               uuid PRIMARY KEY,
    refresh_token    bytea NOT NULL,
    reason           text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refresh_token_revocations_due ON refresh_token_revocations (next_attempt_at);
