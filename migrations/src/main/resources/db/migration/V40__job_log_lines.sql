-- Issue 14 item 6. A job's log is stored append-only, one row per line: the run loop INSERTs a
-- line (fenced by the attempt's runner token) instead of rewriting jobs.log, a text column that
-- grew with every line (each append copied the whole log into a new row version). seq is the
-- paging cursor of GET /api/jobs/{id}/log?after=<seq> and orders the lines.
CREATE TABLE job_log_lines (
    seq     bigserial PRIMARY KEY,
    job_id  uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    line    text NOT NULL,
    at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX job_log_lines_job ON job_log_lines (job_id, seq);

-- Logs written before this release become one chunk each. jobs.log is no longer written or read
-- (expand/contract: a worker of the previous release may still append to it during a rolling
-- deploy); a later release drops it.
INSERT INTO job_log_lines (job_id, line, at)
SELECT id, log, COALESCE(finished_at, created_at) FROM jobs WHERE log <> '';

-- "My runs": a user's runs by status, newest first (cursor = created_at, id).
CREATE INDEX jobs_user_status ON jobs (user_id, status, created_at DESC, id DESC);
