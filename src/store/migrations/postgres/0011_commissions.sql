-- The damage & support register, part 2 (issue #17): commissions with their members, members'
-- declarations of interest, sessions with their agendas and votes, and each session's acts with
-- their signatures. Member and signer ids are staff user ids. Amounts are whole tenge.
-- The database keeps three guards itself: a claim is on one agenda at a time while undecided
-- (a partial unique index), a member votes once per claim and session and signs an act once
-- (primary keys), and a final act is never updated or deleted (triggers).

CREATE TABLE recovery_commissions (
  id TEXT PRIMARY KEY,
  version BIGINT NOT NULL,
  programme_id TEXT NOT NULL REFERENCES recovery_programmes(id),
  name TEXT NOT NULL,
  quorum INTEGER NOT NULL CHECK (quorum >= 1),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE recovery_commission_members (
  commission_id TEXT NOT NULL REFERENCES recovery_commissions(id),
  ordinal INTEGER NOT NULL,
  user_id TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('chair', 'secretary', 'member')),
  PRIMARY KEY (commission_id, user_id)
);

CREATE TABLE recovery_interest_declarations (
  id TEXT PRIMARY KEY,
  commission_id TEXT NOT NULL REFERENCES recovery_commissions(id),
  user_id TEXT NOT NULL,
  claim_id TEXT NOT NULL REFERENCES recovery_claims(id),
  declared_at TEXT NOT NULL,
  UNIQUE (commission_id, user_id, claim_id)
);

CREATE TABLE recovery_sessions (
  id TEXT PRIMARY KEY,
  version BIGINT NOT NULL,
  commission_id TEXT NOT NULL REFERENCES recovery_commissions(id),
  state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
  present TEXT NOT NULL,  -- comma separated user ids
  opened_by TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  closed_at TEXT
);
CREATE INDEX recovery_sessions_commission ON recovery_sessions(commission_id, opened_at);

CREATE TABLE recovery_agenda (
  session_id TEXT NOT NULL REFERENCES recovery_sessions(id),
  claim_id TEXT NOT NULL REFERENCES recovery_claims(id),
  ordinal INTEGER NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('pending', 'approved', 'rejected')),
  amount BIGINT NOT NULL DEFAULT 0 CHECK (amount >= 0),
  reason TEXT NOT NULL DEFAULT '',
  recused TEXT NOT NULL DEFAULT '',  -- "usr_a:inspected,usr_b:declared"
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at TEXT,
  PRIMARY KEY (session_id, claim_id),
  CHECK (decision <> 'approved' OR amount > 0)
);
CREATE UNIQUE INDEX recovery_agenda_undecided ON recovery_agenda(claim_id)
  WHERE decision = 'pending';
CREATE INDEX recovery_agenda_claim ON recovery_agenda(claim_id);

CREATE TABLE recovery_votes (
  session_id TEXT NOT NULL,
  claim_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  choice TEXT NOT NULL CHECK (choice IN ('approve', 'reject', 'abstain')),
  cast_at TEXT NOT NULL,
  PRIMARY KEY (session_id, claim_id, user_id),
  FOREIGN KEY (session_id, claim_id) REFERENCES recovery_agenda(session_id, claim_id)
);

CREATE TABLE recovery_acts (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES recovery_sessions(id),
  supersedes TEXT UNIQUE REFERENCES recovery_acts(id),
  content TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  created_at TEXT NOT NULL,
  final_at TEXT
);
CREATE INDEX recovery_acts_session ON recovery_acts(session_id, created_at);

CREATE TABLE recovery_act_signatures (
  act_id TEXT NOT NULL REFERENCES recovery_acts(id),
  user_id TEXT NOT NULL,
  signed_at TEXT NOT NULL,
  PRIMARY KEY (act_id, user_id)
);

-- A final act never changes; a correction is a new act that supersedes it. Refused as a
-- constraint violation (SQLSTATE 23000), as SQLite's RAISE(ABORT) is.
CREATE FUNCTION recovery_acts_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.final_at IS NOT NULL THEN
    RAISE EXCEPTION 'recovery_acts: a final act cannot change; write a correction'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER recovery_acts_final_no_update BEFORE UPDATE ON recovery_acts
FOR EACH ROW EXECUTE FUNCTION recovery_acts_final();
CREATE TRIGGER recovery_acts_final_no_delete BEFORE DELETE ON recovery_acts
FOR EACH ROW EXECUTE FUNCTION recovery_acts_final();
