-- Sign-in, source tokens, retention.
ALTER TABLE users ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sessions_by_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  source_id TEXT NOT NULL REFERENCES sources(id),
  name TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

-- Retention: when an inquiry was closed, and when personal data was purged (a tombstone stays).
ALTER TABLE inquiries ADD COLUMN closed_at TEXT;
ALTER TABLE inquiries ADD COLUMN purged_at TEXT;
ALTER TABLE persons ADD COLUMN purged_at TEXT;
CREATE INDEX inquiries_by_closed ON inquiries(closed_at);

CREATE INDEX audit_by_entity ON audit_log(entity_id, seq);
CREATE INDEX audit_by_actor ON audit_log(actor, seq);
