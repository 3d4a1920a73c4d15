-- A run's step in flight: which attempt sent it (step_runner) and until when it can at most be
-- running (step_deadline, from its kind's longest duration). Set by a fenced write just before a
-- step's request goes out, cleared with the step's result or when the attempt lets go of it.
-- An attempt that takes over the run (a re-delivery after a lost lease, a frozen Redis, a killed
-- worker) waits until the earlier attempt's step has ended or its deadline has passed before it
-- sends any step, so the account API never sees one run's steps from two workers at once.
ALTER TABLE jobs ADD COLUMN step_runner text, ADD COLUMN step_deadline timestamptz;
ALTER TABLE preflights ADD COLUMN step_runner text, ADD COLUMN step_deadline timestamptz;
