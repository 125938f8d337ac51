-- A payment list of 10,000 and its bank's answer on PostgreSQL (issue #17).
--
-- 1. The payment guards once per statement. The guard of migrations 0012/0017/0022 ran per
-- inserted row, and added each payment's share to its programme's total row, so a list of
-- 10,000 updated that one row 10,000 times in its transaction, each update walking the row
-- versions the transaction had made before it (8.5-12 s for the list). Payments are now
-- inserted up to 256 a statement (SqlTransaction::InsertPayments), and one statement-level
-- trigger checks the statement's rows together, after they are in, with the same checks, the
-- same messages and the same SQLSTATE (a refusal undoes the whole statement):
--   - each row's claim approved at the row's amount on its session's agenda, and that
--     session's act in force final;
--   - no object of a row above its programme's cap: the object's live payments, the
--     statement's included (with amounts above 0, the sum is over the cap exactly when some row
--     would have been refused by a per-row check, the rows before it counted);
--   - the budget: the statement's live payments added to each programme's total in one update
--     (the total row locked before the check, as before: a second writer waits for it, then sees
--     the first's payments), and the total not above the budget;
--   - no payee recorded dead or detained, no payee record merged into another (migration 0022's
--     trigger, folded in), no row on a list exported already.
-- A payment inserted as returned (the register never does) adds nothing to the cap's or the
-- budget's sums, so it is no longer held to them. The unique indexes (one live payment per
-- claim, and per payee in a programme) still refuse row by row, before this check.

DROP TRIGGER recovery_payments_guard ON recovery_payments;
DROP FUNCTION recovery_payments_guard();
DROP TRIGGER recovery_payments_payee_merged ON recovery_payments;
DROP FUNCTION recovery_payments_payee_merged();

-- Each lookup is a LATERAL subquery with LIMIT 1, so that it stays an index probe per row:
-- written as NOT EXISTS the planner hashed the whole agenda for every statement (~50 ms per
-- 256 rows at 50,000 agenda items, growing with the register).
CREATE FUNCTION recovery_payments_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  over INTEGER;
BEGIN
  IF EXISTS (SELECT 1 FROM inserted n
             LEFT JOIN LATERAL (SELECT 1 AS ok FROM recovery_agenda a
                                WHERE a.session_id = n.session_id AND a.claim_id = n.claim_id AND
                                      a.decision = 'approved' AND a.amount = n.amount
                                LIMIT 1) d ON true
             WHERE d.ok IS NULL)
     OR EXISTS (SELECT 1 FROM (SELECT DISTINCT session_id FROM inserted) n
                LEFT JOIN LATERAL (SELECT 1 AS ok FROM recovery_acts t
                                   WHERE t.session_id = n.session_id AND t.final_at IS NOT NULL AND
                                         NOT EXISTS (SELECT 1 FROM recovery_acts u
                                                     WHERE u.supersedes = t.id)
                                   LIMIT 1) f ON true
                WHERE f.ok IS NULL) THEN
    RAISE EXCEPTION 'recovery_payments: no final approved decision of this amount'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM (SELECT DISTINCT programme_id, object_id FROM inserted
                            WHERE object_id <> '' AND state <> 'returned') o
             JOIN recovery_programmes p ON p.id = o.programme_id
             CROSS JOIN LATERAL (SELECT COALESCE(SUM(x.amount), 0) AS paid FROM recovery_payments x
                                 WHERE x.programme_id = o.programme_id AND
                                       x.object_id = o.object_id AND x.state <> 'returned') s
             WHERE p.cap_per_object > 0 AND s.paid > p.cap_per_object) THEN
    RAISE EXCEPTION 'recovery_payments: more than the cap per object would be paid'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  WITH added AS (
    SELECT programme_id, SUM(amount) AS amount FROM inserted
    WHERE state <> 'returned' GROUP BY programme_id
  ), totals AS (
    UPDATE recovery_programme_totals t SET live = t.live + added.amount
    FROM added WHERE t.programme_id = added.programme_id
    RETURNING t.programme_id, t.live
  )
  SELECT COUNT(*) INTO over FROM totals JOIN recovery_programmes p ON p.id = totals.programme_id
  WHERE p.budget > 0 AND totals.live > p.budget;
  IF over > 0 THEN
    RAISE EXCEPTION 'recovery_payments: more than the programme''s budget would be paid'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM inserted n
             CROSS JOIN LATERAL (SELECT status FROM persons s WHERE s.id = n.payee_person_id
                                 LIMIT 1) s
             WHERE n.payee_person_id <> '' AND s.status IN ('deceased', 'detained')) THEN
    RAISE EXCEPTION 'recovery_payments: the payee is recorded dead or detained'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM (SELECT DISTINCT list_id FROM inserted) n
             JOIN recovery_payment_lists l ON l.id = n.list_id
             WHERE l.exported_at IS NOT NULL) THEN
    RAISE EXCEPTION 'recovery_payments: the payment list was exported already'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM inserted n
             CROSS JOIN LATERAL (SELECT merged_into FROM persons s WHERE s.id = n.payee_person_id
                                 LIMIT 1) s
             WHERE n.payee_person_id <> '' AND COALESCE(s.merged_into, '') <> '') THEN
    RAISE EXCEPTION 'recovery_payments: the payee''s record was merged into another'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER recovery_payments_guard AFTER INSERT ON recovery_payments
REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT
EXECUTE FUNCTION recovery_payments_guard();

-- 2. Fewer indexes on recovery_claims. A bank's answer changes each paid claim's state, and
-- state is indexed, so every such update writes a new entry into every index of the table (15
-- of them: ~0.9 s of reading back 10,000). Three are the leading column of a wider one and go:
-- (programme_id) of (programme_id, state, amount_valued, id), (object_id) of (object_id,
-- programme_id), (applicant_id) of (applicant_id, programme_id); a lookup by the one column
-- reads the wider index's prefix. The unique keys on external_id and (person_id, programme_id,
-- kind) become partial unique indexes over the rows that have them (NULLs never collide, so
-- they refuse the same rows, under the same names; `= ?` on the column implies IS NOT NULL, so
-- lookups still use them): a claim without an external id or a person (a shop, a house) adds
-- no entry to them. SQLite keeps its indexes (its read-back is under 1 s, and its planner,
-- without statistics, picked wrong indexes before migration 0016).

DROP INDEX recovery_claims_programme;
DROP INDEX recovery_claims_object;
DROP INDEX recovery_claims_applicant;
ALTER TABLE recovery_claims DROP CONSTRAINT recovery_claims_external_id_key;
CREATE UNIQUE INDEX recovery_claims_external_id_key ON recovery_claims(external_id)
  WHERE external_id IS NOT NULL;
ALTER TABLE recovery_claims DROP CONSTRAINT recovery_claims_person_id_programme_id_kind_key;
CREATE UNIQUE INDEX recovery_claims_person_id_programme_id_kind_key
  ON recovery_claims(person_id, programme_id, kind) WHERE person_id IS NOT NULL;
