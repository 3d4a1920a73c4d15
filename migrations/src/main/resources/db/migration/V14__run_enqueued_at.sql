-- A run's row is committed before its queue job is enqueued (Redis is not part of the
-- transaction), so a web process killed between the two leaves a started run nobody will work.
-- enqueued_at records that the enqueue succeeded; UnqueuedRunDispatcher enqueues rows left
-- without it. Existing rows were enqueued when they were created.
ALTER TABLE jobs ADD COLUMN enqueued_at timestamptz;
ALTER TABLE preflights ADD COLUMN enqueued_at timestamptz;
UPDATE jobs SET enqueued_at = created_at;
UPDATE preflights SET enqueued_at = created_at;
CREATE INDEX jobs_unqueued ON jobs (created_at) WHERE enqueued_at IS NULL AND status = 'started';
CREATE INDEX preflights_unqueued ON preflights (created_at) WHERE enqueued_at IS NULL AND status = 'started';
