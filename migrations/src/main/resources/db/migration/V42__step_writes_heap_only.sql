-- A step's writes (its start and its result, and the heartbeat while it runs) change only
-- heartbeat_at, step_runner, step_deadline and results of a started run. heartbeat_at was the key
-- of the *_started_silence indexes, so every one of those UPDATEs inserted a new entry into each
-- index of the table (about 100 index entries per 10-step plan) instead of being a heap-only (HOT)
-- update. Started runs are few (those running now), so the silence scans of the reaper and the
-- dispatcher (RunTable.SILENT_SQL, ENQUEUED_SILENT_SQL: ORDER BY created_at) read them through a
-- partial index on created_at and test the heartbeat in the row. Each page keeps 10% free so the
-- new version of a row fits beside the old one (a HOT update needs room on the same page).
-- StepWritesTest.aStepsWritesAreHeapOnlyUpdates holds it; docs/BENCHMARKS.md (issue 17) has the
-- measured effect.
DROP INDEX IF EXISTS jobs_started_silence;
DROP INDEX IF EXISTS preflights_started_silence;
CREATE INDEX jobs_started ON jobs (created_at) WHERE status = 'started';
CREATE INDEX preflights_started ON preflights (created_at) WHERE status = 'started';
ALTER TABLE jobs SET (fillfactor = 90);
ALTER TABLE preflights SET (fillfactor = 90);
