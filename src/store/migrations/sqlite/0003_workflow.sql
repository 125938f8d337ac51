-- The direct line's workflow: matching state, review decisions, callbacks, merges, outbox.
ALTER TABLE reports ADD COLUMN matched_at TEXT;
ALTER TABLE inquiries ADD COLUMN matched_at TEXT;
ALTER TABLE persons ADD COLUMN merged_into TEXT;
CREATE INDEX reports_unmatched ON reports(matched_at, received_at);
CREATE INDEX inquiries_unmatched ON inquiries(matched_at, created_at);

ALTER TABLE matches ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE INDEX matches_by_decision ON matches(decision, score);
CREATE INDEX matches_by_inquiry ON matches(inquiry_id);
CREATE INDEX matches_by_person ON matches(person_id);
CREATE INDEX matches_by_report ON matches(report_id);

-- A call to make: the inquirer of a confirmed match is told what the registry knows.
CREATE TABLE callbacks (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  inquiry_id TEXT NOT NULL REFERENCES inquiries(id),
  person_id TEXT NOT NULL REFERENCES persons(id),
  match_id TEXT NOT NULL REFERENCES matches(id),
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  due_at TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX callbacks_by_state ON callbacks(state, due_at);

-- Two person records found to be one: enough to undo the merge exactly.
CREATE TABLE merges (
  id TEXT PRIMARY KEY,
  survivor_id TEXT NOT NULL REFERENCES persons(id),
  absorbed_id TEXT NOT NULL REFERENCES persons(id),
  snapshot TEXT NOT NULL,       -- both persons before, and the ids of the records moved
  survivor_version INTEGER NOT NULL,  -- the survivor's version right after the merge
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  undone_at TEXT
);

-- Messages for an SMS or e-mail gateway to send (the transactional outbox): written in the
-- same transaction as the change that causes them; aftermath itself makes no network calls.
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  channel TEXT NOT NULL,
  recipient TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  sent_at TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_pending ON outbox(sent_at, created_at);
