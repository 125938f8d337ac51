-- The code an operator reads to the family on the callback, with which the family may look up
-- the status and facility of their person (graded disclosure: "family").
ALTER TABLE callbacks ADD COLUMN family_code TEXT NOT NULL DEFAULT '';
