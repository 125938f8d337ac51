-- A keyed MAC of each audit row's hash (HMAC-SHA256, hex) with a key kept outside the database,
-- so that rewriting the chain takes the key as well as write access. Rows written before a key
-- was configured keep '' (see docs/operations.md, "Audit log integrity").
ALTER TABLE audit_log ADD COLUMN mac TEXT NOT NULL DEFAULT '';
