-- The registry's first schema, PostgreSQL's twin of migrations/sqlite/0001_init.sql: the same
-- tables, columns and constraints, so the portable SQL in sql/sql_store.cc runs on both.
-- Times are RFC 3339 UTC text ("2026-01-06T10:00:00.000Z"), which sorts in time order; ids are
-- random public ids (common/ids.h).
CREATE TABLE sources (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  trust INTEGER NOT NULL,
  region TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);

CREATE TABLE persons (
  id TEXT PRIMARY KEY,
  version BIGINT NOT NULL,
  sex TEXT NOT NULL,
  birth_date TEXT NOT NULL DEFAULT '',
  approx_age INTEGER,
  home_locality TEXT NOT NULL DEFAULT '',
  features TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  status_source_id TEXT REFERENCES sources(id),
  facility TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX persons_by_created ON persons(created_at, id);
CREATE INDEX persons_by_status ON persons(status, created_at, id);

-- Every spelling of a person's name, as each source wrote it; ordinal 0 is the display name.
CREATE TABLE person_names (
  person_id TEXT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  full_name TEXT NOT NULL,
  surname TEXT NOT NULL DEFAULT '',
  given_names TEXT NOT NULL DEFAULT '',
  patronymic TEXT NOT NULL DEFAULT '',
  source_id TEXT REFERENCES sources(id),
  PRIMARY KEY (person_id, ordinal)
);

CREATE TABLE reports (
  id TEXT PRIMARY KEY,
  version BIGINT NOT NULL,
  source_id TEXT NOT NULL REFERENCES sources(id),
  external_id TEXT,  -- NULL when the source has no record id of its own
  person_id TEXT REFERENCES persons(id),
  full_name TEXT NOT NULL DEFAULT '',
  surname TEXT NOT NULL DEFAULT '',
  given_names TEXT NOT NULL DEFAULT '',
  patronymic TEXT NOT NULL DEFAULT '',
  sex TEXT NOT NULL,
  birth_date TEXT NOT NULL DEFAULT '',
  approx_age INTEGER,
  features TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  facility TEXT NOT NULL DEFAULT '',
  location TEXT NOT NULL DEFAULT '',
  observed_at TEXT NOT NULL,
  received_at TEXT NOT NULL,
  notes TEXT NOT NULL DEFAULT '',
  raw TEXT NOT NULL DEFAULT '',
  UNIQUE (source_id, external_id)
);
CREATE INDEX reports_by_person ON reports(person_id, received_at);
CREATE INDEX reports_by_received ON reports(received_at, id);

CREATE TABLE status_events (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES persons(id),
  report_id TEXT NOT NULL REFERENCES reports(id),
  source_id TEXT NOT NULL REFERENCES sources(id),
  status TEXT NOT NULL,
  facility TEXT NOT NULL DEFAULT '',
  observed_at TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX status_events_by_person ON status_events(person_id, recorded_at);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL,
  source_id TEXT REFERENCES sources(id),
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

CREATE TABLE inquiries (
  id TEXT PRIMARY KEY,
  version BIGINT NOT NULL,
  sought_name TEXT NOT NULL,
  sought_sex TEXT NOT NULL,
  sought_birth_date TEXT NOT NULL DEFAULT '',
  sought_approx_age INTEGER,
  sought_home_locality TEXT NOT NULL DEFAULT '',
  last_seen_place TEXT NOT NULL DEFAULT '',
  last_seen_at TEXT,
  sought_features TEXT NOT NULL DEFAULT '',
  inquirer_name TEXT NOT NULL,
  inquirer_relation TEXT NOT NULL DEFAULT '',
  callback_phone TEXT NOT NULL,
  channel TEXT NOT NULL,
  state TEXT NOT NULL,
  person_id TEXT REFERENCES persons(id),
  taken_by TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX inquiries_by_created ON inquiries(created_at, id);
CREATE INDEX inquiries_by_state ON inquiries(state, created_at, id);

CREATE TABLE matches (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES persons(id),
  report_id TEXT REFERENCES reports(id),
  inquiry_id TEXT REFERENCES inquiries(id),
  score DOUBLE PRECISION NOT NULL,
  explanation TEXT NOT NULL DEFAULT '',
  decision TEXT NOT NULL,
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at TEXT,
  created_at TEXT NOT NULL
);

-- Append-only: each row carries the SHA-256 of its content and the previous row's hash.
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity_type TEXT NOT NULL DEFAULT '',
  entity_id TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '',
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
-- Refused as a constraint violation (SQLSTATE 23000), as SQLite's RAISE(ABORT) is.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- The chain head: one row whose update serialises appenders.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
