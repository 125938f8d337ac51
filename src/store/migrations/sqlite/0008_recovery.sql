-- The damage & support register (src/recovery): support programmes, affected objects and their
-- owners, damage assessments with their photos, restoration works, claims with their documents,
-- next of kin proposed from the direct line's inquiries, and the duplicate check's conflicts.
-- Amounts are whole tenge. Photos and documents are files outside the database, named by their
-- SHA-256. Empty references are NULL (foreign keys); other empty text is ''.

CREATE TABLE recovery_programmes (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  claim_kinds TEXT NOT NULL,   -- comma separated wire names
  object_kinds TEXT NOT NULL,  -- comma separated; '' for any
  amount_rule TEXT NOT NULL,
  fixed_amount INTEGER NOT NULL DEFAULT 0,
  amount_light INTEGER NOT NULL DEFAULT 0,
  amount_moderate INTEGER NOT NULL DEFAULT 0,
  amount_severe INTEGER NOT NULL DEFAULT 0,
  cap_per_object INTEGER NOT NULL DEFAULT 0,
  cap_per_person INTEGER NOT NULL DEFAULT 0,
  budget INTEGER NOT NULL DEFAULT 0,
  valuer_threshold INTEGER NOT NULL DEFAULT 0,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  opens_from_direct_line INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE recovery_objects (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  locality_key TEXT NOT NULL DEFAULT '',
  address_key TEXT NOT NULL DEFAULT '',
  building_key TEXT NOT NULL DEFAULT '',
  cadastral TEXT NOT NULL DEFAULT '',
  vin TEXT NOT NULL DEFAULT '',
  plate TEXT NOT NULL DEFAULT '',
  bin TEXT NOT NULL DEFAULT '',
  premises TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX recovery_objects_cadastral ON recovery_objects(cadastral);
CREATE INDEX recovery_objects_vin ON recovery_objects(vin);
CREATE INDEX recovery_objects_plate ON recovery_objects(plate);
CREATE INDEX recovery_objects_bin ON recovery_objects(bin);
CREATE INDEX recovery_objects_address ON recovery_objects(address_key);
CREATE INDEX recovery_objects_building ON recovery_objects(building_key);
CREATE INDEX recovery_objects_created ON recovery_objects(created_at, id);

CREATE TABLE recovery_object_owners (
  object_id TEXT NOT NULL REFERENCES recovery_objects(id),
  ordinal INTEGER NOT NULL,
  name TEXT NOT NULL,
  id_number TEXT NOT NULL DEFAULT '',
  share_bp INTEGER NOT NULL,  -- basis points of the whole object (10000)
  PRIMARY KEY (object_id, ordinal)
);

CREATE TABLE recovery_claims (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  kind TEXT NOT NULL,
  state TEXT NOT NULL,
  channel TEXT NOT NULL,
  programme_id TEXT NOT NULL REFERENCES recovery_programmes(id),
  object_id TEXT REFERENCES recovery_objects(id),
  person_id TEXT REFERENCES persons(id),
  external_id TEXT UNIQUE,
  applicant_name TEXT NOT NULL DEFAULT '',
  applicant_id TEXT NOT NULL DEFAULT '',
  applicant_phone TEXT NOT NULL DEFAULT '',
  applicant_address TEXT NOT NULL DEFAULT '',
  iban TEXT NOT NULL DEFAULT '',
  relation TEXT NOT NULL DEFAULT '',
  address_key TEXT NOT NULL DEFAULT '',
  building_key TEXT NOT NULL DEFAULT '',
  severity TEXT NOT NULL DEFAULT 'unknown',
  amount_claimed INTEGER NOT NULL DEFAULT 0,
  amount_valued INTEGER,
  valuation TEXT NOT NULL DEFAULT 'none',
  missing TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  duplicate_of TEXT REFERENCES recovery_claims(id),
  created_by TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  completed_at TEXT,
  due_at TEXT,
  ready_at TEXT,
  withdrawn_at TEXT,
  updated_at TEXT NOT NULL,
  -- One family's or injured person's case per person and programme.
  UNIQUE (person_id, programme_id, kind)
);
CREATE INDEX recovery_claims_submitted ON recovery_claims(submitted_at, id);
CREATE INDEX recovery_claims_state_due ON recovery_claims(state, due_at);
CREATE INDEX recovery_claims_programme ON recovery_claims(programme_id);
CREATE INDEX recovery_claims_object ON recovery_claims(object_id);
CREATE INDEX recovery_claims_applicant ON recovery_claims(applicant_id);
CREATE INDEX recovery_claims_iban ON recovery_claims(iban);
CREATE INDEX recovery_claims_phone ON recovery_claims(applicant_phone);
CREATE INDEX recovery_claims_address ON recovery_claims(address_key);
CREATE INDEX recovery_claims_building ON recovery_claims(building_key);

CREATE TABLE recovery_claim_documents (
  claim_id TEXT NOT NULL REFERENCES recovery_claims(id),
  ordinal INTEGER NOT NULL,
  kind TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  PRIMARY KEY (claim_id, ordinal)
);
CREATE INDEX recovery_claim_documents_sha256 ON recovery_claim_documents(sha256);

CREATE TABLE recovery_assessments (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  object_id TEXT NOT NULL REFERENCES recovery_objects(id),
  claim_id TEXT REFERENCES recovery_claims(id),
  inspector TEXT NOT NULL,
  grade TEXT NOT NULL,
  looted INTEGER NOT NULL DEFAULT 0,
  burned INTEGER NOT NULL DEFAULT 0,
  asset_damage INTEGER NOT NULL DEFAULT 0,
  lost_income INTEGER NOT NULL DEFAULT 0,
  notes TEXT NOT NULL DEFAULT '',
  inspected_at TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX recovery_assessments_object ON recovery_assessments(object_id, created_at);
CREATE INDEX recovery_assessments_claim ON recovery_assessments(claim_id);

CREATE TABLE recovery_assessment_photos (
  assessment_id TEXT NOT NULL REFERENCES recovery_assessments(id),
  ordinal INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  taken_at TEXT,
  latitude REAL,
  longitude REAL,
  PRIMARY KEY (assessment_id, ordinal)
);
CREATE INDEX recovery_assessment_photos_sha256 ON recovery_assessment_photos(sha256);

CREATE TABLE recovery_works (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  object_id TEXT NOT NULL REFERENCES recovery_objects(id),
  contractor TEXT NOT NULL,
  budget INTEGER NOT NULL DEFAULT 0,
  progress_pct INTEGER NOT NULL DEFAULT 0,
  started_at TEXT,
  completed_at TEXT,
  notes TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX recovery_works_object ON recovery_works(object_id, created_at);

CREATE TABLE recovery_kin (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  claim_id TEXT NOT NULL REFERENCES recovery_claims(id),
  inquiry_id TEXT REFERENCES inquiries(id),
  name TEXT NOT NULL DEFAULT '',
  relation TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL,
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (claim_id, inquiry_id)
);
CREATE INDEX recovery_kin_inquiry ON recovery_kin(inquiry_id);

CREATE TABLE recovery_conflicts (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  claim_id TEXT NOT NULL REFERENCES recovery_claims(id),
  other_claim_id TEXT NOT NULL REFERENCES recovery_claims(id),
  reason TEXT NOT NULL,
  reasons TEXT NOT NULL,
  score REAL NOT NULL,
  state TEXT NOT NULL,
  resolved_by TEXT NOT NULL DEFAULT '',
  resolved_at TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (claim_id, other_claim_id)
);
CREATE INDEX recovery_conflicts_state ON recovery_conflicts(state, created_at);
CREATE INDEX recovery_conflicts_other ON recovery_conflicts(other_claim_id);
