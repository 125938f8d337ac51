-- Applications made online on the public page (issue #18): the phone a one-time code was sent
-- to, the code as a salted keyed hash (never the code), the tries left, the hash of the token a
-- confirmed code buys, the files uploaded under it, and the claim it became (channel 'online').
CREATE TABLE recovery_applications (
  id TEXT PRIMARY KEY,
  version BIGINT NOT NULL,
  state TEXT NOT NULL,
  phone TEXT NOT NULL,
  language TEXT NOT NULL,
  code_salt TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  code_expires_at TEXT NOT NULL,
  tries INTEGER NOT NULL DEFAULT 0,
  message_id TEXT NOT NULL DEFAULT '',
  token_hash TEXT NOT NULL DEFAULT '',
  token_expires_at TEXT,
  documents TEXT NOT NULL DEFAULT '',  -- one a line: sha256 media_type size kind
  claim_id TEXT REFERENCES recovery_claims(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- The per-phone limit counts a phone's recent applications.
CREATE INDEX recovery_applications_phone ON recovery_applications(phone, created_at);
CREATE INDEX recovery_applications_claim ON recovery_applications(claim_id);
