-- The change feed: which persons and inquiries each commit touched, in commit order (ids only).
-- Every server follows it to keep its in-memory indexes fresh with other servers' writes.
CREATE TABLE changes (
  seq BIGSERIAL PRIMARY KEY,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  origin TEXT NOT NULL,
  at TEXT NOT NULL
);

-- A wake-up for followers, sent when the inserting transaction commits (one per transaction:
-- PostgreSQL folds identical notifications). Followers also poll, so a missed one only delays.
CREATE FUNCTION changes_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('aftermath_changes', '');
  RETURN NULL;
END;
$$;
CREATE TRIGGER changes_notify AFTER INSERT ON changes
FOR EACH STATEMENT EXECUTE FUNCTION changes_notify();
