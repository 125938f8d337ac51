-- What an outbox message carries (issue #18): 'one_time_code' for the apply-online page's SMS,
-- whose body no signed-in reader is shown and which is blanked once sent.
ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'message';
