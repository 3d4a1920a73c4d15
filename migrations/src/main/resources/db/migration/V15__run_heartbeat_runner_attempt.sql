-- Runs survive deploys, crashes and Redis loss (PostgreSQL is the source of truth for runs).
-- heartbeat_at: a run's last sign of life (enqueue, claim by an attempt, each step, every few
--   seconds during a step); the reaper and the dispatcher measure silence from it, not created_at.
-- runner: the token of the attempt that owns a started row; an older attempt's writes are fenced
--   by it (a re-delivered job never lets two attempts record results).
-- queue_job_id: the queue job last enqueued for the row; its state in Redis tells whether the
--   run is waiting, running, lost (enqueue again) or given up.
-- attempt (jobs): 1, plus one per retry from the failed step.
ALTER TABLE jobs ADD COLUMN heartbeat_at timestamptz;
ALTER TABLE jobs ADD COLUMN runner text;
ALTER TABLE jobs ADD COLUMN queue_job_id text;
ALTER TABLE jobs ADD COLUMN attempt integer NOT NULL DEFAULT 1;
ALTER TABLE preflights ADD COLUMN heartbeat_at timestamptz;
ALTER TABLE preflights ADD COLUMN runner text;
ALTER TABLE preflights ADD COLUMN queue_job_id text;
UPDATE jobs SET heartbeat_at = COALESCE(enqueued_at, created_at) WHERE status = 'started';
UPDATE preflights SET heartbeat_at = COALESCE(enqueued_at, created_at) WHERE status = 'started';
CREATE INDEX jobs_started_silence ON jobs (COALESCE(heartbeat_at, enqueued_at, created_at)) WHERE status = 'started';
CREATE INDEX preflights_started_silence ON preflights (COALESCE(heartbeat_at, enqueued_at, created_at))
    WHERE status = 'started';
