-- A payment names the payee's record as it stands: a record merged into another since the
-- decision keeps its own status, so a merged-away record could pass the "dead or detained"
-- guard while the person it became is dead. The payment must name the surviving record
-- (Payments::BuildList follows merged_into), and this guard refuses any write that does not.
CREATE FUNCTION recovery_payments_payee_merged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.payee_person_id <> '' AND
     COALESCE((SELECT merged_into FROM persons WHERE id = NEW.payee_person_id), '') <> '' THEN
    RAISE EXCEPTION 'recovery_payments: the payee''s record was merged into another'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER recovery_payments_payee_merged BEFORE INSERT ON recovery_payments
FOR EACH ROW EXECUTE FUNCTION recovery_payments_payee_merged();

-- The guard of migration 0017 again, its last message as it was meant ("valued_was" had slipped
-- into it); nothing else changes.
CREATE OR REPLACE FUNCTION recovery_payments_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  p recovery_programmes%ROWTYPE;
  used BIGINT;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM recovery_agenda a WHERE a.session_id = NEW.session_id AND
                 a.claim_id = NEW.claim_id AND a.decision = 'approved' AND
                 a.amount = NEW.amount)
     OR NOT EXISTS (SELECT 1 FROM recovery_acts t WHERE t.session_id = NEW.session_id AND
                    t.final_at IS NOT NULL AND
                    NOT EXISTS (SELECT 1 FROM recovery_acts u WHERE u.supersedes = t.id)) THEN
    RAISE EXCEPTION 'recovery_payments: no final approved decision of this amount'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  SELECT * INTO p FROM recovery_programmes WHERE id = NEW.programme_id;
  IF NEW.object_id <> '' AND p.cap_per_object > 0 AND
     (SELECT COALESCE(SUM(amount), 0) FROM recovery_payments WHERE
      programme_id = NEW.programme_id AND object_id = NEW.object_id AND state <> 'returned') +
     NEW.amount > p.cap_per_object THEN
    RAISE EXCEPTION 'recovery_payments: more than the cap per object would be paid'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  -- The payment's share added now, the row locked until this transaction ends (a second writer
  -- waits, then sees it); a refusal below undoes it with the statement.
  UPDATE recovery_programme_totals
  SET live = live + CASE WHEN NEW.state <> 'returned' THEN NEW.amount ELSE 0 END
  WHERE programme_id = NEW.programme_id
  RETURNING live - CASE WHEN NEW.state <> 'returned' THEN NEW.amount ELSE 0 END INTO used;
  IF p.budget > 0 AND COALESCE(used, 0) + NEW.amount > p.budget THEN
    RAISE EXCEPTION 'recovery_payments: more than the programme''s budget would be paid'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF NEW.payee_person_id <> '' AND
     (SELECT status FROM persons WHERE id = NEW.payee_person_id) IN ('deceased', 'detained') THEN
    RAISE EXCEPTION 'recovery_payments: the payee is recorded dead or detained'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF (SELECT exported_at FROM recovery_payment_lists WHERE id = NEW.list_id) IS NOT NULL THEN
    RAISE EXCEPTION 'recovery_payments: the payment list was exported already'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$;
