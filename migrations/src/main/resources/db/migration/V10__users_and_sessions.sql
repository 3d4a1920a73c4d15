-- People who signed in through the OAuth/OIDC provider, and their sessions/API tokens.
-- Tokens are stored only as SHA-256 hashes: a database dump does not let anyone sign in.
CREATE TABLE users (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    issuer      text NOT NULL,
    subject     text NOT NULL,
    email       text,
    name        text,
    is_admin    boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (issuer, subject)
);

CREATE TABLE api_tokens (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   bytea NOT NULL UNIQUE,
    kind         text NOT NULL CHECK (kind IN ('session', 'api')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    last_used_at timestamptz
);
CREATE INDEX api_tokens_expires_at ON api_tokens (expires_at);

-- An authorization-code flow in progress: state (hashed) and the PKCE verifier (encrypted with
-- DB_ENCRYPTION_KEY, associated data = flow id). Rows are single-use and short-lived.
CREATE TABLE oauth_flows (
    id             uuid PRIMARY KEY,
    state_hash     bytea NOT NULL UNIQUE,
    code_verifier  bytea NOT NULL,
    purpose        text NOT NULL CHECK (purpose IN ('signin', 'connect')),
    user_id        uuid REFERENCES users (id) ON DELETE CASCADE,
    redirect_uri   text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL
);
