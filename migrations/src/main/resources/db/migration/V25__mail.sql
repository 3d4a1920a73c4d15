-- Outgoing e-mail (dev.deckhand.mail).
-- email_on_run_end: the user's opt-in to "e-mail me when a run finishes or fails" (off by default;
-- "your account must be reconnected" mails need no opt-in).
ALTER TABLE users ADD COLUMN email_on_run_end boolean NOT NULL DEFAULT false;

-- What an operator was last alerted about, per alert: for 'dead-set', the dead-set size at the last
-- alert (or the lower size seen since, after jobs were retried or discarded). Only the alert
-- check writes it; the size itself is read through the job queue's admin API.
CREATE TABLE operator_alerts (
    name        text PRIMARY KEY,
    last_value  bigint NOT NULL,
    alerted_at  timestamptz
);
