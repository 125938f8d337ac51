-- PFIF records kept as PFIF copies them (issue #20): a report that came as a PFIF person or
-- note record says which (pfif_kind 'person' or 'note'; '' for any other report), keeps the
-- record's entry_date (entered_at) and expiry_date (expires_at), and, in extension, the
-- record's fields no other column holds (a JSON object keyed by PFIF field name, written back
-- by the export). extension is personal data (purged with the rest: store/personal_data.h);
-- the kind and the two dates are not, so an expired record leaves a placeholder.
ALTER TABLE reports ADD COLUMN pfif_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN entered_at TEXT;
ALTER TABLE reports ADD COLUMN expires_at TEXT;
ALTER TABLE reports ADD COLUMN extension TEXT NOT NULL DEFAULT '';
-- The records whose expiry_date is set, for the sweep that removes them when it passes.
CREATE INDEX reports_by_expiry ON reports(expires_at) WHERE expires_at IS NOT NULL;
