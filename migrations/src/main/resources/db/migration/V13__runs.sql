-- Preflights and jobs. Status: started -> complete | failed | canceled. A running row (started)
-- keeps its connected account from being swept. results: {"<step id>": {"status": ..., "message": ...}}.
CREATE TABLE preflights (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    plan_id      uuid NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    account_id   uuid REFERENCES connected_accounts (id) ON DELETE SET NULL,
    status       text NOT NULL CHECK (status IN ('started', 'complete', 'failed', 'canceled')),
    results      jsonb NOT NULL DEFAULT '{}',
    error        text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    expires_at   timestamptz
);
CREATE INDEX preflights_user_plan ON preflights (user_id, plan_id, created_at DESC);
CREATE INDEX preflights_running_account ON preflights (account_id) WHERE status = 'started';

CREATE TABLE jobs (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    plan_id           uuid NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    user_id           uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    account_id        uuid REFERENCES connected_accounts (id) ON DELETE SET NULL,
    preflight_id      uuid REFERENCES preflights (id) ON DELETE SET NULL,
    status            text NOT NULL CHECK (status IN ('started', 'complete', 'failed', 'canceled')),
    selected_steps    jsonb NOT NULL DEFAULT '[]',
    results           jsonb NOT NULL DEFAULT '{}',
    log               text NOT NULL DEFAULT '',
    cancel_requested  boolean NOT NULL DEFAULT false,
    error             text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    finished_at       timestamptz
);
CREATE INDEX jobs_user ON jobs (user_id, created_at DESC);
CREATE INDEX jobs_running_account ON jobs (account_id) WHERE status = 'started';

-- Who did what: admin catalogue changes, connections, sweeps. No secrets in details.
CREATE TABLE audit (
    id             bigserial PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT now(),
    actor_user_id  uuid,
    action         text NOT NULL,
    subject_type   text NOT NULL,
    subject_id     text,
    details        jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_at ON audit (at);
