-- The change feed: which persons and inquiries each commit touched, in commit order (ids only).
-- Every server follows it to keep its in-memory indexes fresh with other processes' writes.
-- AUTOINCREMENT: a seq is never reused after old entries are pruned.
CREATE TABLE changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  origin TEXT NOT NULL,
  at TEXT NOT NULL
);
