-- Idempotency-Key: what a create answered, so a client that lost the answer (a timeout, a
-- crash of either side) can send the same request again and get the same answer instead of a
-- second record. Kept for a day. status 0: the request is being handled (or was interrupted).
-- response holds the answer's JSON, which may hold personal data: it is purged with the rest
-- (store/personal_data) and pruned after a day.
CREATE TABLE idempotency_keys (
  actor TEXT NOT NULL,
  idem_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL DEFAULT 0,
  response TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  PRIMARY KEY (actor, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
