-- The register's figures (issue #17): an object's district (adm2) as the inspector or the form
-- names it ('' when not given), counted by the figures and the public HXL aggregates; and the
-- payments of a claim found by claim in any state (the figures' days to payment and amounts
-- paid read them per claim; the partial unique index covers live payments only).
ALTER TABLE recovery_objects ADD COLUMN district TEXT NOT NULL DEFAULT '';
CREATE INDEX recovery_objects_district ON recovery_objects(district);
CREATE INDEX recovery_payments_claim ON recovery_payments(claim_id, state);
-- What a programme has valued (SumValued: every decision checks the budget with it) read from
-- the index alone, not from every claim's row: 200,000 claims made a decision take ~100 ms.
CREATE INDEX recovery_claims_programme_valued
  ON recovery_claims(programme_id, state, amount_valued, id);
-- The caps' sums of one applicant's or one object's claims in a programme, by both keys: with
-- the index above SQLite's planner would otherwise walk every claim of the programme for them.
CREATE INDEX recovery_claims_applicant_programme ON recovery_claims(applicant_id, programme_id);
CREATE INDEX recovery_claims_object_programme ON recovery_claims(object_id, programme_id);
