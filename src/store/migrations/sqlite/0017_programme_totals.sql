-- Running totals per programme (issue #17): what a programme has valued, approved and put on
-- its payment lists, kept by triggers in the writing transaction and read in O(1). With
-- 200,000 claims a decision summed every claim's valued amount for the budget (~150 ms) and each
-- payment's guard summed every live payment of the programme (a list of 10,000: quadratic).
--   valued:   SUM(amount_valued) of the programme's claims not withdrawn (SumValued's total)
--   approved: SUM(amount) of approved agenda items of the programme's claims (every approval)
--   live:     SUM(amount) of the programme's payments queued, sent or paid (the budget used)
-- A payment sent or paid stays live, so exporting a list and reading the bank's answer (10,000
-- payments a list) write no totals; only a return does.
CREATE TABLE recovery_programme_totals (
  programme_id TEXT PRIMARY KEY,
  valued INTEGER NOT NULL DEFAULT 0,
  approved INTEGER NOT NULL DEFAULT 0,
  live INTEGER NOT NULL DEFAULT 0
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

CREATE TRIGGER recovery_programme_totals_open AFTER INSERT ON recovery_programmes
BEGIN INSERT INTO recovery_programme_totals (programme_id) VALUES (NEW.id); END;
CREATE TRIGGER recovery_programme_totals_close AFTER DELETE ON recovery_programmes
BEGIN DELETE FROM recovery_programme_totals WHERE programme_id = OLD.id; END;

-- Claims: valued (and approved, when a claim moves to another programme).
CREATE TRIGGER recovery_claims_totals_insert AFTER INSERT ON recovery_claims
WHEN NEW.amount_valued IS NOT NULL AND NEW.state <> 'withdrawn'
BEGIN
  UPDATE recovery_programme_totals SET valued = valued + NEW.amount_valued
  WHERE programme_id = NEW.programme_id;
END;
CREATE TRIGGER recovery_claims_totals_update
AFTER UPDATE OF programme_id, state, amount_valued ON recovery_claims
WHEN NEW.programme_id IS NOT OLD.programme_id OR NEW.amount_valued IS NOT OLD.amount_valued OR
     (NEW.state = 'withdrawn') <> (OLD.state = 'withdrawn')
BEGIN
  UPDATE recovery_programme_totals SET valued = valued - OLD.amount_valued
  WHERE programme_id = OLD.programme_id AND OLD.amount_valued IS NOT NULL AND
        OLD.state <> 'withdrawn';
  UPDATE recovery_programme_totals SET valued = valued + NEW.amount_valued
  WHERE programme_id = NEW.programme_id AND NEW.amount_valued IS NOT NULL AND
        NEW.state <> 'withdrawn';
  -- A claim moved to another programme takes its approvals along.
  UPDATE recovery_programme_totals SET approved = approved -
    (SELECT COALESCE(SUM(amount), 0) FROM recovery_agenda
     WHERE claim_id = NEW.id AND decision = 'approved')
  WHERE programme_id = OLD.programme_id AND NEW.programme_id IS NOT OLD.programme_id;
  UPDATE recovery_programme_totals SET approved = approved +
    (SELECT COALESCE(SUM(amount), 0) FROM recovery_agenda
     WHERE claim_id = NEW.id AND decision = 'approved')
  WHERE programme_id = NEW.programme_id AND NEW.programme_id IS NOT OLD.programme_id;
END;
CREATE TRIGGER recovery_claims_totals_delete AFTER DELETE ON recovery_claims
WHEN OLD.amount_valued IS NOT NULL AND OLD.state <> 'withdrawn'
BEGIN
  UPDATE recovery_programme_totals SET valued = valued - OLD.amount_valued
  WHERE programme_id = OLD.programme_id;
END;

-- Agenda items: approved (the claim's programme).
CREATE TRIGGER recovery_agenda_totals_insert AFTER INSERT ON recovery_agenda
WHEN NEW.decision = 'approved'
BEGIN
  UPDATE recovery_programme_totals SET approved = approved + NEW.amount
  WHERE programme_id = (SELECT programme_id FROM recovery_claims WHERE id = NEW.claim_id);
END;
CREATE TRIGGER recovery_agenda_totals_update
AFTER UPDATE OF claim_id, decision, amount ON recovery_agenda
WHEN NEW.claim_id IS NOT OLD.claim_id OR NEW.decision IS NOT OLD.decision OR
     NEW.amount IS NOT OLD.amount
BEGIN
  UPDATE recovery_programme_totals SET approved = approved - OLD.amount
  WHERE OLD.decision = 'approved' AND
        programme_id = (SELECT programme_id FROM recovery_claims WHERE id = OLD.claim_id);
  UPDATE recovery_programme_totals SET approved = approved + NEW.amount
  WHERE NEW.decision = 'approved' AND
        programme_id = (SELECT programme_id FROM recovery_claims WHERE id = NEW.claim_id);
END;
CREATE TRIGGER recovery_agenda_totals_delete AFTER DELETE ON recovery_agenda
WHEN OLD.decision = 'approved'
BEGIN
  UPDATE recovery_programme_totals SET approved = approved - OLD.amount
  WHERE programme_id = (SELECT programme_id FROM recovery_claims WHERE id = OLD.claim_id);
END;

-- Payments: live (payments are never deleted: migration 0012).
CREATE TRIGGER recovery_payments_totals_insert AFTER INSERT ON recovery_payments
WHEN NEW.state <> 'returned'
BEGIN
  UPDATE recovery_programme_totals SET live = live + NEW.amount
  WHERE programme_id = NEW.programme_id;
END;
CREATE TRIGGER recovery_payments_totals_update
AFTER UPDATE OF programme_id, state, amount ON recovery_payments
WHEN NEW.programme_id IS NOT OLD.programme_id OR NEW.amount IS NOT OLD.amount OR
     (NEW.state = 'returned') <> (OLD.state = 'returned')
BEGIN
  UPDATE recovery_programme_totals SET live = live - OLD.amount
  WHERE programme_id = OLD.programme_id AND OLD.state <> 'returned';
  UPDATE recovery_programme_totals SET live = live + NEW.amount
  WHERE programme_id = NEW.programme_id AND NEW.state <> 'returned';
END;

-- The payment guard of migration 0012, its budget read from the running total instead of a sum
-- of every live payment of the programme; the other checks as they were.
DROP TRIGGER recovery_payments_guard;
CREATE TRIGGER recovery_payments_guard BEFORE INSERT ON recovery_payments
BEGIN
  SELECT RAISE(ABORT, 'recovery_payments: no final approved decision of this amount')
  WHERE NOT EXISTS (SELECT 1 FROM recovery_agenda a WHERE a.session_id = NEW.session_id AND
                    a.claim_id = NEW.claim_id AND a.decision = 'approved' AND
                    a.amount = NEW.amount)
     OR NOT EXISTS (SELECT 1 FROM recovery_acts t WHERE t.session_id = NEW.session_id AND
                    t.final_at IS NOT NULL AND
                    NOT EXISTS (SELECT 1 FROM recovery_acts u WHERE u.supersedes = t.id));
  SELECT RAISE(ABORT, 'recovery_payments: more than the cap per object would be paid')
  WHERE NEW.object_id <> '' AND
        (SELECT cap_per_object FROM recovery_programmes WHERE id = NEW.programme_id) > 0 AND
        (SELECT COALESCE(SUM(amount), 0) FROM recovery_payments WHERE
         programme_id = NEW.programme_id AND object_id = NEW.object_id AND state <> 'returned') +
        NEW.amount > (SELECT cap_per_object FROM recovery_programmes WHERE id = NEW.programme_id);
  SELECT RAISE(ABORT, 'recovery_payments: more than the programme''s budget would be paid')
  WHERE (SELECT budget FROM recovery_programmes WHERE id = NEW.programme_id) > 0 AND
        COALESCE((SELECT live FROM recovery_programme_totals
                  WHERE programme_id = NEW.programme_id), 0) + NEW.amount >
        (SELECT budget FROM recovery_programmes WHERE id = NEW.programme_id);
  SELECT RAISE(ABORT, 'recovery_payments: the payee is recorded dead or detained')
  WHERE NEW.payee_person_id <> '' AND
        (SELECT status FROM persons WHERE id = NEW.payee_person_id) IN ('deceased', 'detained');
  SELECT RAISE(ABORT, 'recovery_payments: the payment list was exported already')
  WHERE (SELECT exported_at FROM recovery_payment_lists WHERE id = NEW.list_id) IS NOT NULL;
END;
