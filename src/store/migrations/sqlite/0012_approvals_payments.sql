-- Approvals scaled by amount and payments (issue #17). A programme's thresholds above which an
-- approval needs extra sign-offs (the chair's, finance's), and the sign-offs given: one person
-- gives at most one sign-off of an item (a unique key), and only an approved item is signed off
-- (a trigger). Then the payment lists and payments, below.

CREATE TABLE recovery_approval_tiers (
  programme_id TEXT NOT NULL REFERENCES recovery_programmes(id),
  above INTEGER NOT NULL CHECK (above >= 0),
  sign_offs TEXT NOT NULL,  -- comma separated: chair, finance
  PRIMARY KEY (programme_id, above)
);

CREATE TABLE recovery_signoffs (
  session_id TEXT NOT NULL,
  claim_id TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('chair', 'finance')),
  user_id TEXT NOT NULL,
  signed_at TEXT NOT NULL,
  PRIMARY KEY (session_id, claim_id, role),
  UNIQUE (session_id, claim_id, user_id),
  FOREIGN KEY (session_id, claim_id) REFERENCES recovery_agenda(session_id, claim_id)
);

CREATE TRIGGER recovery_signoffs_approved_only BEFORE INSERT ON recovery_signoffs
WHEN (SELECT decision FROM recovery_agenda WHERE session_id = NEW.session_id AND
      claim_id = NEW.claim_id) IS NOT 'approved'
BEGIN SELECT RAISE(ABORT, 'recovery_signoffs: only an approved decision is signed off'); END;

-- Payments (issue #17): lists built from final approvals, exported to the bank once, and the
-- bank's answer. The guards against paying wrongly are here, in the writing transaction:
CREATE TABLE recovery_payment_lists (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  programme_id TEXT NOT NULL REFERENCES recovery_programmes(id),
  state TEXT NOT NULL CHECK (state IN ('built', 'exported', 'answered')),
  count INTEGER NOT NULL,
  total INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  exported_at TEXT,
  export_format TEXT NOT NULL DEFAULT '',
  export_sha256 TEXT NOT NULL DEFAULT '',
  answered_at TEXT
);
CREATE INDEX recovery_payment_lists_programme ON recovery_payment_lists(programme_id, created_at);

CREATE TABLE recovery_payments (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  list_id TEXT NOT NULL REFERENCES recovery_payment_lists(id),
  programme_id TEXT NOT NULL REFERENCES recovery_programmes(id),
  claim_id TEXT NOT NULL REFERENCES recovery_claims(id),
  session_id TEXT NOT NULL REFERENCES recovery_sessions(id),
  object_id TEXT NOT NULL DEFAULT '',
  payee_name TEXT NOT NULL DEFAULT '',
  payee_id TEXT NOT NULL DEFAULT '',
  payee_person_id TEXT NOT NULL DEFAULT '',
  iban TEXT NOT NULL DEFAULT '',
  bic TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount > 0),
  state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'paid', 'returned')),
  return_reason TEXT NOT NULL DEFAULT '',
  resent_from TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  paid_at TEXT,
  returned_at TEXT,
  CHECK (state <> 'paid' OR paid_at IS NOT NULL)
);
CREATE INDEX recovery_payments_list ON recovery_payments(list_id);
CREATE INDEX recovery_payments_object ON recovery_payments(programme_id, object_id);
-- One live payment per claim, and per payee (IIN/BIN) in a programme and its period.
CREATE UNIQUE INDEX recovery_payments_claim_live ON recovery_payments(claim_id)
  WHERE state <> 'returned';
CREATE UNIQUE INDEX recovery_payments_payee_live ON recovery_payments(programme_id, payee_id)
  WHERE state <> 'returned' AND payee_id <> '';

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
        (SELECT COALESCE(SUM(amount), 0) FROM recovery_payments WHERE
         programme_id = NEW.programme_id AND state <> 'returned') + NEW.amount >
        (SELECT budget FROM recovery_programmes WHERE id = NEW.programme_id);
  SELECT RAISE(ABORT, 'recovery_payments: the payee is recorded dead or detained')
  WHERE NEW.payee_person_id <> '' AND
        (SELECT status FROM persons WHERE id = NEW.payee_person_id) IN ('deceased', 'detained');
  SELECT RAISE(ABORT, 'recovery_payments: the payment list was exported already')
  WHERE (SELECT exported_at FROM recovery_payment_lists WHERE id = NEW.list_id) IS NOT NULL;
END;

CREATE TRIGGER recovery_payments_settled BEFORE UPDATE ON recovery_payments
WHEN (OLD.state = 'paid' AND (NEW.state <> 'paid' OR NEW.paid_at IS NOT OLD.paid_at OR
                              NEW.amount <> OLD.amount)) OR
     (OLD.state = 'returned' AND NEW.state <> 'returned')
BEGIN SELECT RAISE(ABORT, 'recovery_payments: a paid payment is paid once and never changes; a returned one is sent again as a new payment'); END;
CREATE TRIGGER recovery_payments_no_delete BEFORE DELETE ON recovery_payments
BEGIN SELECT RAISE(ABORT, 'recovery_payments: payments are never deleted'); END;

CREATE TRIGGER recovery_payment_lists_export_once BEFORE UPDATE ON recovery_payment_lists
WHEN OLD.exported_at IS NOT NULL AND (NEW.exported_at IS NOT OLD.exported_at OR
                                      NEW.export_sha256 <> OLD.export_sha256)
BEGIN SELECT RAISE(ABORT, 'recovery_payment_lists: a list is exported once'); END;
