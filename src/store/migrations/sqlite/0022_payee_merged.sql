-- A payment names the payee's record as it stands: a record merged into another since the
-- decision keeps its own status, so a merged-away record could pass the "dead or detained"
-- guard while the person it became is dead. The payment must name the surviving record
-- (Payments::BuildList follows merged_into), and this guard refuses any write that does not.
CREATE TRIGGER recovery_payments_payee_merged BEFORE INSERT ON recovery_payments
BEGIN
  SELECT RAISE(ABORT, 'recovery_payments: the payee''s record was merged into another')
  WHERE NEW.payee_person_id <> '' AND
        COALESCE((SELECT merged_into FROM persons WHERE id = NEW.payee_person_id), '') <> '';
END;
