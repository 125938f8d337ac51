-- A callback is claimed by the operator who opens it, so two operators do not call one family;
-- the claim lapses at claimed_until. message_id names the SMS the confirmation queued, so that
-- undoing the confirmation can withdraw it while it is unsent.
ALTER TABLE callbacks ADD COLUMN message_id TEXT NOT NULL DEFAULT '';
ALTER TABLE callbacks ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE callbacks ADD COLUMN claimed_until TEXT;
