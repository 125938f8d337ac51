// The register's commissions of SqlTransaction (see store/commission_records.h): commissions and
// members, declarations of interest, sessions, agendas, votes, acts and signatures.
#include <fmt/format.h>

#include <sstream>

#include "store/sql/sql_transaction.h"

namespace aftermath::sql {
namespace {

Status NotFoundId(std::string_view what, std::string_view id) {
  return NotFound(fmt::format("no {} with id '{}'", what, id.substr(0, 64)));
}

std::string JoinIds(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) {
    if (!out.empty()) out += ',';
    out += id;
  }
  return out;
}

std::vector<std::string> SplitIds(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, ',');) {
    if (!part.empty()) out.push_back(part);
  }
  return out;
}

constexpr const char* kCommissionColumns =
    "id, version, programme_id, name, quorum, created_by, created_at, updated_at";

Result<Commission> ReadCommission(const Statement& s) {
  RowReader row(s, "recovery_commissions", s.Text(0));
  Commission c;
  c.id = s.Text(0);
  c.version = s.Int(1);
  c.programme_id = s.Text(2);
  c.name = s.Text(3);
  c.quorum = static_cast<int>(s.Int(4));
  c.created_by = s.Text(5);
  c.created_at = row.Time(6, "created_at");
  c.updated_at = row.Time(7, "updated_at");
  RETURN_IF_ERROR(row.status());
  return c;
}

constexpr const char* kSessionColumns =
    "id, version, commission_id, state, present, opened_by, opened_at, closed_at";

Result<CommissionSession> ReadSession(const Statement& s) {
  RowReader row(s, "recovery_sessions", s.Text(0));
  CommissionSession x;
  x.id = s.Text(0);
  x.version = s.Int(1);
  x.commission_id = s.Text(2);
  x.state = row.Enum(3, "state", ParseSessionState);
  x.present = SplitIds(s.Text(4));
  x.opened_by = s.Text(5);
  x.opened_at = row.Time(6, "opened_at");
  x.closed_at = row.OptionalTime(7, "closed_at");
  RETURN_IF_ERROR(row.status());
  return x;
}

constexpr const char* kAgendaColumns =
    "session_id, claim_id, ordinal, decision, amount, reason, recused, decided_by, decided_at";

Result<AgendaItem> ReadAgendaItem(const Statement& s) {
  RowReader row(s, "recovery_agenda", s.Text(0) + "/" + s.Text(1));
  AgendaItem i;
  i.session_id = s.Text(0);
  i.claim_id = s.Text(1);
  i.ordinal = static_cast<int>(s.Int(2));
  i.decision = row.Enum(3, "decision", ParseDecision);
  i.amount = s.Int(4);
  i.reason = s.Text(5);
  i.recused = s.Text(6);
  i.decided_by = s.Text(7);
  i.decided_at = row.OptionalTime(8, "decided_at");
  RETURN_IF_ERROR(row.status());
  return i;
}

Result<Vote> ReadVote(const Statement& s) {
  RowReader row(s, "recovery_votes", s.Text(0) + "/" + s.Text(1) + "/" + s.Text(2));
  Vote v;
  v.session_id = s.Text(0);
  v.claim_id = s.Text(1);
  v.user_id = s.Text(2);
  v.choice = row.Enum(3, "choice", ParseVoteChoice);
  v.cast_at = row.Time(4, "cast_at");
  RETURN_IF_ERROR(row.status());
  return v;
}

constexpr const char* kActColumns =
    "id, session_id, supersedes, content, sha256, created_at, final_at";

Result<SessionAct> ReadAct(const Statement& s) {
  RowReader row(s, "recovery_acts", s.Text(0));
  SessionAct a;
  a.id = s.Text(0);
  a.session_id = s.Text(1);
  a.supersedes = s.IsNull(2) ? "" : s.Text(2);
  a.content = s.Text(3);
  a.sha256 = s.Text(4);
  a.created_at = row.Time(5, "created_at");
  a.final_at = row.OptionalTime(6, "final_at");
  RETURN_IF_ERROR(row.status());
  return a;
}

}  // namespace

// ---- commissions ----

Result<std::vector<CommissionMember>> SqlTransaction::ReadMembers(std::string_view commission_id) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("SELECT user_id, role FROM recovery_commission_members "
                                          "WHERE commission_id = ? ORDER BY ordinal"));
  s->Bind(1, commission_id);
  std::vector<CommissionMember> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    auto role = ParseCommissionRole(s->Text(1));
    if (!role) {
      return DataLoss(fmt::format("recovery_commission_members.role of {}/{}: '{}' is not a role",
                                  commission_id, s->Text(0), s->Text(1).substr(0, 20)));
    }
    out.push_back({s->Text(0), *role});
  }
  return out;
}

Status SqlTransaction::WriteMembers(const Commission& c) {
  RETURN_IF_ERROR(
      RunWith("DELETE FROM recovery_commission_members WHERE commission_id = ?", {c.id}));
  for (size_t i = 0; i < c.members.size(); ++i) {
    ASSIGN_OR_RETURN(auto s, conn_->Prepare("INSERT INTO recovery_commission_members "
                                            "(commission_id, ordinal, user_id, role) VALUES "
                                            "(?, ?, ?, ?)"));
    s->Bind(1, c.id)
        .Bind(2, static_cast<int64_t>(i))
        .Bind(3, c.members[i].user_id)
        .Bind(4, ToString(c.members[i].role));
    RETURN_IF_ERROR(s->Run());
  }
  return Status::Ok();
}

Result<Commission> SqlTransaction::GetCommission(std::string_view id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM recovery_commissions WHERE id = ?", kCommissionColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFoundId("commission", id);
  ASSIGN_OR_RETURN(Commission c, ReadCommission(*s));
  s.reset();
  ASSIGN_OR_RETURN(c.members, ReadMembers(c.id));
  return c;
}

Result<std::vector<Commission>> SqlTransaction::ListCommissions() {
  static const std::string sql = fmt::format(
      "SELECT {} FROM recovery_commissions ORDER BY created_at, id", kCommissionColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  ASSIGN_OR_RETURN(auto out, CollectRows<Commission>(*s, ReadCommission));
  s.reset();
  for (auto& c : out) {
    ASSIGN_OR_RETURN(c.members, ReadMembers(c.id));
  }
  return out;
}

Status SqlTransaction::InsertCommission(const Commission& c) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("INSERT INTO recovery_commissions (id, version, "
                                          "programme_id, name, quorum, created_by, created_at, "
                                          "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  s->Bind(1, c.id)
      .Bind(2, c.version)
      .Bind(3, c.programme_id)
      .Bind(4, c.name)
      .Bind(5, int64_t{c.quorum})
      .Bind(6, c.created_by)
      .Bind(7, Ts(c.created_at))
      .Bind(8, Ts(c.updated_at));
  RETURN_IF_ERROR(s->Run());
  return WriteMembers(c);
}

Status SqlTransaction::UpdateCommission(const Commission& c) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("UPDATE recovery_commissions SET name = ?1, quorum = "
                                          "?2, updated_at = ?3, version = version + 1 WHERE id "
                                          "= ?4 AND version = ?5"));
  s->Bind(1, c.name)
      .Bind(2, int64_t{c.quorum})
      .Bind(3, Ts(c.updated_at))
      .Bind(4, c.id)
      .Bind(5, c.version);
  RETURN_IF_ERROR(s->Run());
  RETURN_IF_ERROR(CheckVersionedUpdate(s->RowsAffected(), "commission", c.id, c.version));
  return WriteMembers(c);
}

// ---- declarations ----

Result<std::vector<InterestDeclaration>> SqlTransaction::ListDeclarations(
    std::string_view commission_id, std::string_view user_id) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("SELECT id, commission_id, user_id, claim_id, "
                                          "declared_at FROM recovery_interest_declarations "
                                          "WHERE commission_id = ?1 AND (CAST(?2 AS TEXT) = '' "
                                          "OR user_id = ?2) ORDER BY declared_at, id"));
  s->Bind(1, commission_id).Bind(2, user_id);
  return CollectRows<InterestDeclaration>(
      *s, [](const Statement& st) -> Result<InterestDeclaration> {
        RowReader row(st, "recovery_interest_declarations", st.Text(0));
        InterestDeclaration d{.id = st.Text(0),
                              .commission_id = st.Text(1),
                              .user_id = st.Text(2),
                              .claim_id = st.Text(3)};
        d.declared_at = row.Time(4, "declared_at");
        RETURN_IF_ERROR(row.status());
        return d;
      });
}

Status SqlTransaction::InsertDeclaration(const InterestDeclaration& d) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("INSERT INTO recovery_interest_declarations (id, "
                                          "commission_id, user_id, claim_id, declared_at) "
                                          "VALUES (?, ?, ?, ?, ?)"));
  s->Bind(1, d.id)
      .Bind(2, d.commission_id)
      .Bind(3, d.user_id)
      .Bind(4, d.claim_id)
      .Bind(5, Ts(d.declared_at));
  return s->Run();
}

// ---- sessions, agendas, votes ----

Result<CommissionSession> SqlTransaction::GetCommissionSession(std::string_view id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM recovery_sessions WHERE id = ?", kSessionColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFoundId("session", id);
  return ReadSession(*s);
}

Result<std::vector<CommissionSession>> SqlTransaction::ListCommissionSessions(
    std::string_view commission_id) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM recovery_sessions WHERE commission_id = ? ORDER BY opened_at DESC, id DESC",
      kSessionColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, commission_id);
  return CollectRows<CommissionSession>(*s, ReadSession);
}

Status SqlTransaction::InsertCommissionSession(const CommissionSession& x) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("INSERT INTO recovery_sessions (id, version, "
                                          "commission_id, state, present, opened_by, opened_at, "
                                          "closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  s->Bind(1, x.id)
      .Bind(2, x.version)
      .Bind(3, x.commission_id)
      .Bind(4, ToString(x.state))
      .Bind(5, JoinIds(x.present))
      .Bind(6, x.opened_by)
      .Bind(7, Ts(x.opened_at));
  BindOptionalTime(*s, 8, x.closed_at);
  return s->Run();
}

Status SqlTransaction::UpdateCommissionSession(const CommissionSession& x) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("UPDATE recovery_sessions SET state = ?1, closed_at = "
                                          "?2, version = version + 1 WHERE id = ?3 AND version = "
                                          "?4"));
  s->Bind(1, ToString(x.state));
  BindOptionalTime(*s, 2, x.closed_at);
  s->Bind(3, x.id).Bind(4, x.version);
  RETURN_IF_ERROR(s->Run());
  return CheckVersionedUpdate(s->RowsAffected(), "session", x.id, x.version);
}

Result<std::vector<AgendaItem>> SqlTransaction::ListAgenda(std::string_view session_id) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM recovery_agenda WHERE session_id = ? ORDER BY ordinal", kAgendaColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, session_id);
  return CollectRows<AgendaItem>(*s, ReadAgendaItem);
}

Result<std::vector<AgendaItem>> SqlTransaction::ListClaimItems(std::string_view claim_id) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM recovery_agenda a WHERE claim_id = ? ORDER BY (SELECT opened_at FROM "
      "recovery_sessions x WHERE x.id = a.session_id), session_id",
      kAgendaColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, claim_id);
  return CollectRows<AgendaItem>(*s, ReadAgendaItem);
}

// A payment list of 10,000 claims read each claim's items in a round trip of its own.
Result<std::vector<AgendaItem>> SqlTransaction::ListClaimsItems(
    const std::vector<std::string>& claim_ids) {
  static const std::string head =
      fmt::format("SELECT {} FROM recovery_agenda a WHERE claim_id IN (", kAgendaColumns);
  static constexpr const char* kTail =
      ") ORDER BY claim_id, (SELECT opened_at FROM recovery_sessions x WHERE x.id = "
      "a.session_id), session_id";
  std::vector<AgendaItem> out;
  for (size_t i = 0; i < claim_ids.size();) {
    int n = RowsInNextStatement(claim_ids.size() - i);
    ASSIGN_OR_RETURN(auto s, conn_->Prepare(RowsSql(head.c_str(), "?", n, kTail)));
    for (int k = 0; k < n; ++k) s->Bind(k + 1, claim_ids[i + static_cast<size_t>(k)]);
    ASSIGN_OR_RETURN(auto items, CollectRows<AgendaItem>(*s, ReadAgendaItem));
    for (auto& item : items) out.push_back(std::move(item));
    i += static_cast<size_t>(n);
  }
  return out;
}

Status SqlTransaction::InsertAgendaItem(const AgendaItem& i) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("INSERT INTO recovery_agenda (session_id, claim_id, "
                                          "ordinal, decision, amount, reason, recused, "
                                          "decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
                                          "?, ?)"));
  s->Bind(1, i.session_id)
      .Bind(2, i.claim_id)
      .Bind(3, int64_t{i.ordinal})
      .Bind(4, ToString(i.decision))
      .Bind(5, i.amount)
      .Bind(6, i.reason)
      .Bind(7, i.recused)
      .Bind(8, i.decided_by);
  BindOptionalTime(*s, 9, i.decided_at);
  return s->Run();
}

Status SqlTransaction::UpdateAgendaItem(const AgendaItem& i) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("UPDATE recovery_agenda SET decision = ?1, amount = "
                                          "?2, reason = ?3, recused = ?4, decided_by = ?5, "
                                          "decided_at = ?6 WHERE session_id = ?7 AND claim_id = "
                                          "?8"));
  s->Bind(1, ToString(i.decision))
      .Bind(2, i.amount)
      .Bind(3, i.reason)
      .Bind(4, i.recused)
      .Bind(5, i.decided_by);
  BindOptionalTime(*s, 6, i.decided_at);
  s->Bind(7, i.session_id).Bind(8, i.claim_id);
  RETURN_IF_ERROR(s->Run());
  if (s->RowsAffected() != 1) {
    return NotFound(
        fmt::format("claim {} is not on the agenda of session {}", i.claim_id, i.session_id));
  }
  return Status::Ok();
}

Result<std::vector<Vote>> SqlTransaction::ListVotes(std::string_view session_id,
                                                    std::string_view claim_id) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("SELECT session_id, claim_id, user_id, choice, cast_at "
                                          "FROM recovery_votes WHERE session_id = ?1 AND "
                                          "(CAST(?2 AS TEXT) = '' OR claim_id = ?2) ORDER BY "
                                          "cast_at, claim_id, user_id"));
  s->Bind(1, session_id).Bind(2, claim_id);
  return CollectRows<Vote>(*s, ReadVote);
}

Status SqlTransaction::InsertVote(const Vote& v) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("INSERT INTO recovery_votes (session_id, claim_id, "
                                          "user_id, choice, cast_at) VALUES (?, ?, ?, ?, ?)"));
  s->Bind(1, v.session_id)
      .Bind(2, v.claim_id)
      .Bind(3, v.user_id)
      .Bind(4, ToString(v.choice))
      .Bind(5, Ts(v.cast_at));
  return s->Run();
}

// ---- acts ----

Result<std::vector<ActSignature>> SqlTransaction::ReadSignatures(std::string_view act_id) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("SELECT user_id, signed_at FROM "
                                          "recovery_act_signatures WHERE act_id = ? ORDER BY "
                                          "signed_at, user_id"));
  s->Bind(1, act_id);
  return CollectRows<ActSignature>(*s, [&](const Statement& st) -> Result<ActSignature> {
    RowReader row(st, "recovery_act_signatures", std::string(act_id) + "/" + st.Text(0));
    ActSignature a{.user_id = st.Text(0)};
    a.signed_at = row.Time(1, "signed_at");
    RETURN_IF_ERROR(row.status());
    return a;
  });
}

Result<SessionAct> SqlTransaction::GetAct(std::string_view id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM recovery_acts WHERE id = ?", kActColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFoundId("act", id);
  ASSIGN_OR_RETURN(SessionAct a, ReadAct(*s));
  s.reset();
  ASSIGN_OR_RETURN(a.signatures, ReadSignatures(a.id));
  return a;
}

Result<std::vector<SessionAct>> SqlTransaction::ListActs(std::string_view session_id) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM recovery_acts WHERE session_id = ? ORDER BY created_at, id", kActColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, session_id);
  ASSIGN_OR_RETURN(auto out, CollectRows<SessionAct>(*s, ReadAct));
  s.reset();
  for (auto& a : out) {
    ASSIGN_OR_RETURN(a.signatures, ReadSignatures(a.id));
  }
  return out;
}

Status SqlTransaction::InsertAct(const SessionAct& a) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("INSERT INTO recovery_acts (id, session_id, "
                                          "supersedes, content, sha256, created_at, final_at) "
                                          "VALUES (?, ?, ?, ?, ?, ?, ?)"));
  s->Bind(1, a.id).Bind(2, a.session_id).BindNullIfEmpty(3, a.supersedes);
  s->Bind(4, a.content).Bind(5, a.sha256).Bind(6, Ts(a.created_at));
  BindOptionalTime(*s, 7, a.final_at);
  RETURN_IF_ERROR(s->Run());
  for (const auto& sig : a.signatures) RETURN_IF_ERROR(InsertSignature(a.id, sig));
  return Status::Ok();
}

Status SqlTransaction::FinalizeAct(std::string_view act_id, Timestamp at) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("UPDATE recovery_acts SET final_at = ? WHERE id = ?"));
  s->Bind(1, Ts(at)).Bind(2, act_id);
  RETURN_IF_ERROR(s->Run());
  if (s->RowsAffected() != 1) return NotFoundId("act", act_id);
  return Status::Ok();
}

Status SqlTransaction::InsertSignature(std::string_view act_id, const ActSignature& sig) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("INSERT INTO recovery_act_signatures (act_id, user_id, "
                                          "signed_at) VALUES (?, ?, ?)"));
  s->Bind(1, act_id).Bind(2, sig.user_id).Bind(3, Ts(sig.signed_at));
  return s->Run();
}

// ---- approvals scaled by amount ----

Result<std::vector<ApprovalTier>> SqlTransaction::ListApprovalTiers(std::string_view programme_id) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("SELECT above, sign_offs FROM recovery_approval_tiers "
                                          "WHERE programme_id = ? ORDER BY above"));
  s->Bind(1, programme_id);
  std::vector<ApprovalTier> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    ApprovalTier t{.above = s->Int(0)};
    for (const auto& word : SplitIds(s->Text(1))) {
      auto role = ParseSignOffRole(word);
      if (!role) {
        return DataLoss(
            fmt::format("recovery_approval_tiers.sign_offs of {}/{}: '{}' is not a "
                        "sign-off",
                        programme_id, t.above, word.substr(0, 20)));
      }
      t.sign_offs.push_back(*role);
    }
    out.push_back(std::move(t));
  }
  return out;
}

Status SqlTransaction::ReplaceApprovalTiers(std::string_view programme_id,
                                            const std::vector<ApprovalTier>& tiers) {
  RETURN_IF_ERROR(
      RunWith("DELETE FROM recovery_approval_tiers WHERE programme_id = ?", {programme_id}));
  for (const auto& t : tiers) {
    std::vector<std::string> words;
    for (SignOffRole r : t.sign_offs) words.emplace_back(ToString(r));
    ASSIGN_OR_RETURN(auto s, conn_->Prepare("INSERT INTO recovery_approval_tiers (programme_id, "
                                            "above, sign_offs) VALUES (?, ?, ?)"));
    s->Bind(1, programme_id).Bind(2, t.above).Bind(3, JoinIds(words));
    RETURN_IF_ERROR(s->Run());
  }
  return Status::Ok();
}

Result<std::vector<SignOff>> SqlTransaction::ListSignOffs(std::string_view session_id,
                                                          std::string_view claim_id) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("SELECT session_id, claim_id, role, user_id, signed_at "
                                          "FROM recovery_signoffs WHERE session_id = ?1 AND "
                                          "(CAST(?2 AS TEXT) = '' OR claim_id = ?2) ORDER BY "
                                          "signed_at, claim_id, role"));
  s->Bind(1, session_id).Bind(2, claim_id);
  return CollectRows<SignOff>(*s, [](const Statement& st) -> Result<SignOff> {
    RowReader row(st, "recovery_signoffs", st.Text(0) + "/" + st.Text(1) + "/" + st.Text(2));
    SignOff o{.session_id = st.Text(0), .claim_id = st.Text(1)};
    o.role = row.Enum(2, "role", ParseSignOffRole);
    o.user_id = st.Text(3);
    o.signed_at = row.Time(4, "signed_at");
    RETURN_IF_ERROR(row.status());
    return o;
  });
}

Status SqlTransaction::InsertSignOff(const SignOff& o) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("INSERT INTO recovery_signoffs (session_id, claim_id, "
                                          "role, user_id, signed_at) VALUES (?, ?, ?, ?, ?)"));
  s->Bind(1, o.session_id)
      .Bind(2, o.claim_id)
      .Bind(3, ToString(o.role))
      .Bind(4, o.user_id)
      .Bind(5, Ts(o.signed_at));
  return s->Run();
}

}  // namespace aftermath::sql
