-- Running totals per programme (issue #17): what a programme has valued, approved and put on
-- its payment lists, kept by triggers in the writing transaction and read in O(1). With
-- 200,000 claims a decision summed every claim's valued amount for the budget (~150 ms) and each
-- payment's guard summed every live payment of the programme (a list of 10,000: quadratic).
--   valued:   SUM(amount_valued) of the programme's claims not withdrawn (SumValued's total)
--   approved: SUM(amount) of approved agenda items of the programme's claims (every approval)
--   live:     SUM(amount) of the programme's payments queued, sent or paid (the budget used)
-- A payment sent or paid stays live, so exporting a list and reading the bank's answer (10,000
-- payments a list) write no totals; only a return does.
-- Each change updates the programme's row, so it holds that row's lock until it commits: two
-- writers (even without the writers' lock) take turns on a programme's totals, and the payment
-- guard adds to the row before it checks the budget.
CREATE TABLE recovery_programme_totals (
  programme_id TEXT PRIMARY KEY,
  valued BIGINT NOT NULL DEFAULT 0,
  approved BIGINT NOT NULL DEFAULT 0,
  live BIGINT NOT NULL DEFAULT 0
);

INSERT INTO recovery_programme_totals (programme_id, valued, approved, live)
SELECT p.id,
       (SELECT COALESCE(SUM(c.amount_valued), 0) FROM recovery_claims c
        WHERE c.programme_id = p.id AND c.amount_valued IS NOT NULL AND c.state <> 'withdrawn'),
       (SELECT COALESCE(SUM(a.amount), 0) FROM recovery_agenda a
        JOIN recovery_claims c ON c.id = a.claim_id
        WHERE c.programme_id = p.id AND a.decision = 'approved'),
       (SELECT COALESCE(SUM(x.amount), 0) FROM recovery_payments x
        WHERE x.programme_id = p.id AND x.state <> 'returned')
FROM recovery_programmes p;

CREATE FUNCTION recovery_programme_totals_open() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO recovery_programme_totals (programme_id) VALUES (NEW.id);
  ELSE
    DELETE FROM recovery_programme_totals WHERE programme_id = OLD.id;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER recovery_programme_totals_open AFTER INSERT OR DELETE ON recovery_programmes
FOR EACH ROW EXECUTE FUNCTION recovery_programme_totals_open();

-- Claims: valued (and approved, when a claim moves to another programme).
CREATE FUNCTION recovery_claims_totals() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  valued_was BIGINT := 0;
  valued_now BIGINT := 0;
  moved BIGINT;
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.amount_valued IS NOT NULL AND OLD.state <> 'withdrawn' THEN
    valued_was := OLD.amount_valued;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.amount_valued IS NOT NULL AND NEW.state <> 'withdrawn' THEN
    valued_now := NEW.amount_valued;
  END IF;
  -- One update of the row when the programme stays (each update is a new row version).
  IF TG_OP = 'UPDATE' AND NEW.programme_id IS NOT DISTINCT FROM OLD.programme_id THEN
    IF valued_now <> valued_was THEN
      UPDATE recovery_programme_totals SET valued = valued + valued_now - valued_was
      WHERE programme_id = NEW.programme_id;
    END IF;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN  -- a claim moved to another programme takes its approvals along
    SELECT COALESCE(SUM(amount), 0) INTO moved FROM recovery_agenda
    WHERE claim_id = NEW.id AND decision = 'approved';
    IF moved <> 0 THEN
      UPDATE recovery_programme_totals SET approved = approved - moved
      WHERE programme_id = OLD.programme_id;
      UPDATE recovery_programme_totals SET approved = approved + moved
      WHERE programme_id = NEW.programme_id;
    END IF;
  END IF;
  IF valued_was <> 0 THEN
    UPDATE recovery_programme_totals SET valued = valued - valued_was
    WHERE programme_id = OLD.programme_id;
  END IF;
  IF valued_now <> 0 THEN
    UPDATE recovery_programme_totals SET valued = valued + valued_now
    WHERE programme_id = NEW.programme_id;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER recovery_claims_totals_insert AFTER INSERT ON recovery_claims
FOR EACH ROW WHEN (NEW.amount_valued IS NOT NULL AND NEW.state <> 'withdrawn')
EXECUTE FUNCTION recovery_claims_totals();
CREATE TRIGGER recovery_claims_totals_update
AFTER UPDATE OF programme_id, state, amount_valued ON recovery_claims
FOR EACH ROW WHEN (NEW.programme_id IS DISTINCT FROM OLD.programme_id OR
                   NEW.amount_valued IS DISTINCT FROM OLD.amount_valued OR
                   (NEW.state = 'withdrawn') <> (OLD.state = 'withdrawn'))
EXECUTE FUNCTION recovery_claims_totals();
CREATE TRIGGER recovery_claims_totals_delete AFTER DELETE ON recovery_claims
FOR EACH ROW WHEN (OLD.amount_valued IS NOT NULL AND OLD.state <> 'withdrawn')
EXECUTE FUNCTION recovery_claims_totals();

-- Agenda items: approved (the claim's programme).
CREATE FUNCTION recovery_agenda_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.decision = 'approved' THEN
    UPDATE recovery_programme_totals SET approved = approved - OLD.amount
    WHERE programme_id = (SELECT programme_id FROM recovery_claims WHERE id = OLD.claim_id);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.decision = 'approved' THEN
    UPDATE recovery_programme_totals SET approved = approved + NEW.amount
    WHERE programme_id = (SELECT programme_id FROM recovery_claims WHERE id = NEW.claim_id);
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER recovery_agenda_totals_insert AFTER INSERT ON recovery_agenda
FOR EACH ROW WHEN (NEW.decision = 'approved') EXECUTE FUNCTION recovery_agenda_totals();
CREATE TRIGGER recovery_agenda_totals_update
AFTER UPDATE OF claim_id, decision, amount ON recovery_agenda
FOR EACH ROW WHEN (NEW.claim_id IS DISTINCT FROM OLD.claim_id OR
                   NEW.decision IS DISTINCT FROM OLD.decision OR
                   NEW.amount IS DISTINCT FROM OLD.amount)
EXECUTE FUNCTION recovery_agenda_totals();
CREATE TRIGGER recovery_agenda_totals_delete AFTER DELETE ON recovery_agenda
FOR EACH ROW WHEN (OLD.decision = 'approved') EXECUTE FUNCTION recovery_agenda_totals();

-- Payments: live (payments are never deleted: migration 0012). An insert's share is added by
-- the guard below, which reads the total anyway (one update of the row instead of a read and an
-- update: each version of the row one transaction writes is walked by its next read); this
-- trigger follows the updates: a return, or a changed amount or programme.
CREATE FUNCTION recovery_payments_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state <> 'returned' THEN
    UPDATE recovery_programme_totals SET live = live - OLD.amount
    WHERE programme_id = OLD.programme_id;
  END IF;
  IF NEW.state <> 'returned' THEN
    UPDATE recovery_programme_totals SET live = live + NEW.amount
    WHERE programme_id = NEW.programme_id;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER recovery_payments_totals_update
AFTER UPDATE OF programme_id, state, amount ON recovery_payments
FOR EACH ROW WHEN (NEW.programme_id IS DISTINCT FROM OLD.programme_id OR
                   NEW.amount IS DISTINCT FROM OLD.amount OR
                   (NEW.state = 'returned') <> (OLD.state = 'returned'))
EXECUTE FUNCTION recovery_payments_totals();

-- The payment guard of migration 0012, its budget read from the running total instead of a sum
-- of every live payment of the programme; the other checks as they were.
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
    RAISE EXCEPTION 'recovery_payments: the payment list valued_was exported already'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$;
