#include "recovery/commission.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "model/records.h"
#include "model/validate.h"
#include "recovery/approvals.h"
#include "recovery/audit_detail.h"
#include "recovery/commission_act.h"
#include "recovery/rules.h"
#include "recovery/text.h"

namespace aftermath::recovery {
namespace {

constexpr int kMaxAgenda = 500;
constexpr size_t kMaxMembers = 50;

std::string Detail(std::initializer_list<std::pair<std::string_view, std::string>> fields) {
  return AuditDetail(fields);
}

std::string Join(const std::vector<std::string>& ids) { return JoinComma(ids); }

const CommissionMember* MemberOf(const Commission& c, const std::string& user_id) {
  for (const auto& m : c.members) {
    if (m.user_id == user_id) return &m;
  }
  return nullptr;
}

bool Present(const CommissionSession& s, const std::string& user_id) {
  return std::find(s.present.begin(), s.present.end(), user_id) != s.present.end();
}

Status RequireMember(const Commission& c, const std::string& actor) {
  if (!MemberOf(c, actor)) {
    return PermissionDenied(fmt::format("you are not a member of commission {}", c.id));
  }
  return Status::Ok();
}

// The chair, or the secretary too when `secretary_may`.
Status RequireOfficer(const Commission& c, const std::string& actor, bool secretary_may) {
  const CommissionMember* m = MemberOf(c, actor);
  bool ok = m && (m->role == CommissionRole::kChair ||
                  (secretary_may && m->role == CommissionRole::kSecretary));
  if (!ok) {
    return PermissionDenied(fmt::format("only the chair{} of commission {} may do this",
                                        secretary_may ? " or the secretary" : "", c.id));
  }
  return Status::Ok();
}

std::string RecusedText(const std::vector<Recusal>& recusals) {
  std::string out;
  for (const auto& r : recusals) {
    if (!out.empty()) out += ',';
    out += r.user_id + ":" + std::string(ToString(r.reason));
  }
  return out;
}

const Recusal* RecusalOf(const std::vector<Recusal>& recusals, const std::string& user_id) {
  for (const auto& r : recusals) {
    if (r.user_id == user_id) return &r;
  }
  return nullptr;
}

Result<AgendaItem> ItemOf(Transaction& tx, const std::string& session_id,
                          const std::string& claim_id) {
  ASSIGN_OR_RETURN(auto agenda, tx.ListAgenda(session_id));
  for (auto& item : agenda) {
    if (item.claim_id == claim_id) return item;
  }
  return NotFound(fmt::format("claim {} is not on the agenda of session {}", claim_id.substr(0, 64),
                              session_id.substr(0, 64)));
}

void AppendNote(std::string& notes, std::string_view note) {
  if (!notes.empty()) notes += '\n';
  notes += note;
}

Status CheckDecisionInput(const DecisionInput& in) {
  if (in.claim_id.empty()) return InvalidArgument("is required", "claim_id");
  if (in.outcome == Decision::kApproved) {
    if (in.amount <= 0) return InvalidArgument("an approval needs a positive amount", "amount");
  } else if (in.outcome == Decision::kRejected) {
    if (Trim(in.reason).empty()) return InvalidArgument("a rejection needs a reason", "reason");
  } else {
    return InvalidArgument("must be approved or rejected", "outcome");
  }
  return CheckText(in.reason, "reason", kMaxTextLength);
}

}  // namespace

Status Commissions::Audit(Transaction& tx, const std::string& actor, std::string action,
                          std::string entity_type, std::string entity_id, std::string detail) {
  AuditEvent e{.at = clock_.Now(),
               .actor = actor,
               .action = std::move(action),
               .entity_type = std::move(entity_type),
               .entity_id = std::move(entity_id),
               .detail = std::move(detail)};
  return tx.AppendAudit(std::move(e)).status();
}

// ---- commissions ----

Result<Commission> Commissions::CreateCommission(const std::string& actor,
                                                 const NewCommission& in) {
  Commission c;
  c.name = std::string(Trim(in.name));
  if (c.name.empty()) return InvalidArgument("must not be empty", "name");
  RETURN_IF_ERROR(CheckText(c.name, "name", 200));
  if (in.members.empty() || in.members.size() > kMaxMembers) {
    return InvalidArgument(fmt::format("a commission has 1 to {} members", kMaxMembers), "members");
  }
  if (in.quorum < 1 || in.quorum > static_cast<int>(in.members.size())) {
    return InvalidArgument(
        fmt::format("must be 1 to the number of members ({})", in.members.size()), "quorum");
  }
  std::set<std::string> seen;
  int chairs = 0;
  for (size_t i = 0; i < in.members.size(); ++i) {
    const auto& m = in.members[i];
    std::string field = fmt::format("members[{}].user_id", i);
    if (!IsWellFormedId(m.user_id, kUserIdPrefix)) {
      return InvalidArgument("must be a user's id (usr_...)", field);
    }
    if (!seen.insert(m.user_id).second) return InvalidArgument("is a member twice", field);
    if (m.role == CommissionRole::kChair) ++chairs;
  }
  if (chairs != 1) return InvalidArgument("a commission has exactly one chair", "members");
  c.quorum = in.quorum;
  c.members = in.members;
  c.id = ids_.NewId(kCommissionIdPrefix);
  c.created_by = actor;
  c.created_at = c.updated_at = clock_.Now();

  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(Programme p, ProgrammeIn(*tx, in.programme));
  c.programme_id = p.id;
  RETURN_IF_ERROR(tx->InsertCommission(c));
  std::vector<std::string> members;
  for (const auto& m : c.members)
    members.push_back(m.user_id + ":" + std::string(ToString(m.role)));
  RETURN_IF_ERROR(Audit(*tx, actor, "commission.create", "recovery_commission", c.id,
                        Detail({{"programme", c.programme_id},
                                {"quorum", std::to_string(c.quorum)},
                                {"members", Join(members)}})));
  RETURN_IF_ERROR(tx->Commit());
  return c;
}

Result<std::vector<Commission>> Commissions::ListCommissions() {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  return tx->ListCommissions();
}

Result<CommissionView> Commissions::GetCommission(const std::string& id) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  CommissionView v;
  ASSIGN_OR_RETURN(v.commission, tx->GetCommission(id));
  ASSIGN_OR_RETURN(v.sessions, tx->ListCommissionSessions(id));
  std::vector<std::string> members;
  for (const auto& m : v.commission.members) members.push_back(m.user_id);
  RETURN_IF_ERROR(NamesIn(*tx, members, v.names));
  return v;
}

Status Commissions::NamesIn(Transaction& tx, const std::vector<std::string>& user_ids,
                            std::map<std::string, std::string>& names) {
  for (const auto& id : user_ids) {
    if (id.empty() || names.contains(id)) continue;
    auto user = tx.GetUser(id);
    if (!user.ok()) {
      if (user.status().code() != StatusCode::kNotFound) return user.status();
      names[id] = id;
      continue;
    }
    names[id] = user->display_name.empty() ? user->username : user->display_name;
  }
  return Status::Ok();
}

// ---- conflicts of interest ----

Result<InterestDeclaration> Commissions::DeclareInterest(const std::string& actor,
                                                         const std::string& commission_id,
                                                         const std::string& claim_id) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(Commission c, tx->GetCommission(commission_id));
  RETURN_IF_ERROR(RequireMember(c, actor));
  ASSIGN_OR_RETURN(Claim claim, tx->GetClaim(claim_id));
  InterestDeclaration d{.id = ids_.NewId(kDeclarationIdPrefix),
                        .commission_id = c.id,
                        .user_id = actor,
                        .claim_id = claim.id,
                        .declared_at = clock_.Now()};
  Status s = tx->InsertDeclaration(d);
  if (s.code() == StatusCode::kAlreadyExists) {
    return AlreadyExists(fmt::format("you declared an interest in claim {} already", claim.id));
  }
  RETURN_IF_ERROR(s);
  RETURN_IF_ERROR(Audit(*tx, actor, "commission.declare_interest", "recovery_commission", c.id,
                        Detail({{"claim", claim.id}})));
  RETURN_IF_ERROR(tx->Commit());
  return d;
}

Result<std::vector<Recusal>> Commissions::InvolvedIn(Transaction& tx, const Commission& commission,
                                                     const Claim& claim) {
  // Who inspected the claim's object (or an assessment made for the claim) and who valued it.
  std::set<std::string> inspectors, valuers;
  if (!claim.object_id.empty()) {
    ASSIGN_OR_RETURN(auto assessments, tx.ListAssessments(claim.object_id));
    for (const auto& a : assessments) inspectors.insert(a.inspector);
  }
  ASSIGN_OR_RETURN(auto valued,
                   tx.QueryAudit({.entity_id = claim.id, .action = "claim.value", .limit = 1000}));
  for (const auto& e : valued) valuers.insert(e.actor);
  ASSIGN_OR_RETURN(auto declarations, tx.ListDeclarations(commission.id, ""));
  std::set<std::string> declared;
  for (const auto& d : declarations) {
    if (d.claim_id == claim.id) {
      declared.insert(d.user_id);
      continue;
    }
    if (claim.applicant_id.empty() || declared.contains(d.user_id)) continue;
    ASSIGN_OR_RETURN(Claim other, tx.GetClaim(d.claim_id));
    if (other.applicant_id == claim.applicant_id) declared.insert(d.user_id);
  }
  std::vector<Recusal> out;
  std::set<std::string> seen;
  auto add = [&](const std::set<std::string>& users, RecusalReason reason) {
    for (const auto& u : users) {
      if (seen.insert(u).second) out.push_back({u, reason});
    }
  };
  add(declared, RecusalReason::kDeclared);
  add(inspectors, RecusalReason::kInspected);
  add(valuers, RecusalReason::kValued);
  if (!claim.created_by.empty()) add({claim.created_by}, RecusalReason::kSubmitted);
  return out;
}

Result<std::vector<Recusal>> Commissions::RecusalsIn(Transaction& tx, const Commission& commission,
                                                     const Claim& claim) {
  ASSIGN_OR_RETURN(auto involved, InvolvedIn(tx, commission, claim));
  std::vector<Recusal> out;
  for (const auto& m : commission.members) {
    if (const Recusal* r = RecusalOf(involved, m.user_id)) out.push_back(*r);
  }
  return out;
}

Result<std::vector<Recusal>> Commissions::RecusalsOf(const std::string& commission_id,
                                                     const std::string& claim_id) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  ASSIGN_OR_RETURN(Commission c, tx->GetCommission(commission_id));
  ASSIGN_OR_RETURN(Claim claim, tx->GetClaim(claim_id));
  return RecusalsIn(*tx, c, claim);
}

// ---- sessions ----

Result<SessionView> Commissions::ViewIn(Transaction& tx, const std::string& session_id) {
  SessionView v;
  ASSIGN_OR_RETURN(v.session, tx.GetCommissionSession(session_id));
  ASSIGN_OR_RETURN(v.commission, tx.GetCommission(v.session.commission_id));
  ASSIGN_OR_RETURN(v.agenda, tx.ListAgenda(session_id));
  ASSIGN_OR_RETURN(v.votes, tx.ListVotes(session_id, ""));
  ASSIGN_OR_RETURN(v.acts, tx.ListActs(session_id));
  ASSIGN_OR_RETURN(v.sign_offs, tx.ListSignOffs(session_id, ""));
  return v;
}

Result<SessionView> Commissions::OpenSession(const std::string& actor,
                                             const std::string& commission_id,
                                             const std::vector<std::string>& present,
                                             const std::vector<std::string>& claim_ids) {
  if (claim_ids.size() > static_cast<size_t>(kMaxAgenda)) {
    return InvalidArgument(fmt::format("at most {} claims a session", kMaxAgenda), "claim_ids");
  }
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(Commission c, tx->GetCommission(commission_id));
  RETURN_IF_ERROR(RequireOfficer(c, actor, true));
  std::set<std::string> seen;
  for (size_t i = 0; i < present.size(); ++i) {
    if (!MemberOf(c, present[i])) {
      return InvalidArgument(
          fmt::format("{} is not a member of the commission", present[i].substr(0, 64)),
          fmt::format("present[{}]", i));
    }
    if (!seen.insert(present[i]).second) {
      return InvalidArgument("is named twice", fmt::format("present[{}]", i));
    }
  }
  if (!seen.contains(actor)) {
    return InvalidArgument("the member who opens the session must be present", "present");
  }
  if (static_cast<int>(seen.size()) < c.quorum) {
    return FailedPrecondition(
        fmt::format("{} member(s) present; the commission's quorum is {}", seen.size(), c.quorum));
  }
  // The agenda: the claims named, or every ready or appealed claim of the programme that is on
  // no other agenda.
  std::vector<std::string> agenda;
  if (!claim_ids.empty()) {
    for (size_t i = 0; i < claim_ids.size(); ++i) {
      std::string field = fmt::format("claim_ids[{}]", i);
      auto claim = tx->GetClaim(claim_ids[i]);
      if (!claim.ok()) {
        if (claim.status().code() == StatusCode::kNotFound) {
          return NotFound(fmt::format("{}: {}", field, claim.status().message()));
        }
        return claim.status();
      }
      if (claim->programme_id != c.programme_id) {
        return FailedPrecondition(fmt::format(
            "{}: claim {} is of another programme than the commission's", field, claim->id));
      }
      if (claim->state != ClaimState::kReady && claim->state != ClaimState::kAppealed) {
        return FailedPrecondition(
            fmt::format("{}: claim {} is {}: only ready or appealed claims go before a commission",
                        field, claim->id, ToString(claim->state)));
      }
      if (std::find(agenda.begin(), agenda.end(), claim->id) != agenda.end()) {
        return InvalidArgument("is named twice", field);
      }
      agenda.push_back(claim->id);
    }
  } else {
    for (ClaimState state : {ClaimState::kAppealed, ClaimState::kReady}) {
      ClaimFilter f{.state = state, .programme_id = c.programme_id};
      PageRequest page{.limit = kMaxAgenda};
      ASSIGN_OR_RETURN(auto list, tx->ListClaims(f, page));
      for (const auto& claim : list.items) {
        if (static_cast<int>(agenda.size()) >= kMaxAgenda) break;
        ASSIGN_OR_RETURN(auto items, tx->ListClaimItems(claim.id));
        bool pending = std::any_of(items.begin(), items.end(), [](const AgendaItem& i) {
          return i.decision == Decision::kPending;
        });
        if (!pending) agenda.push_back(claim.id);
      }
    }
  }
  if (agenda.empty()) {
    return FailedPrecondition("no claim of the programme is ready for a commission");
  }
  CommissionSession s{.id = ids_.NewId(kCommissionSessionIdPrefix),
                      .commission_id = c.id,
                      .state = SessionState::kOpen,
                      .present = std::vector<std::string>(present.begin(), present.end()),
                      .opened_by = actor,
                      .opened_at = clock_.Now()};
  RETURN_IF_ERROR(tx->InsertCommissionSession(s));
  for (size_t i = 0; i < agenda.size(); ++i) {
    ASSIGN_OR_RETURN(Claim claim, tx->GetClaim(agenda[i]));
    ASSIGN_OR_RETURN(auto recusals, RecusalsIn(*tx, c, claim));
    AgendaItem item{.session_id = s.id,
                    .claim_id = agenda[i],
                    .ordinal = static_cast<int>(i),
                    .recused = RecusedText(recusals)};
    Status st = tx->InsertAgendaItem(item);
    if (st.code() == StatusCode::kAlreadyExists) {
      return FailedPrecondition(
          fmt::format("claim {} is on another session's agenda, still undecided", agenda[i]));
    }
    RETURN_IF_ERROR(st);
  }
  RETURN_IF_ERROR(Audit(
      *tx, actor, "session.open", "recovery_session", s.id,
      Detail({{"commission", c.id}, {"present", Join(s.present)}, {"claims", Join(agenda)}})));
  ASSIGN_OR_RETURN(SessionView v, ViewIn(*tx, s.id));
  RETURN_IF_ERROR(tx->Commit());
  return v;
}

Result<SessionView> Commissions::GetSession(const std::string& actor,
                                            const std::string& session_id) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kBookkeeping));
  ASSIGN_OR_RETURN(SessionView v, ViewIn(*tx, session_id));
  std::vector<std::string> claims;
  for (const auto& i : v.agenda) claims.push_back(i.claim_id);
  RETURN_IF_ERROR(Audit(*tx, actor, "session.read", "recovery_session", v.session.id,
                        Detail({{"claims", Join(claims)}})));
  RETURN_IF_ERROR(tx->Commit());
  return v;
}

Result<Vote> Commissions::CastVote(const std::string& actor, const std::string& session_id,
                                   const std::string& claim_id, VoteChoice choice) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(CommissionSession s, tx->GetCommissionSession(session_id));
  ASSIGN_OR_RETURN(Commission c, tx->GetCommission(s.commission_id));
  RETURN_IF_ERROR(RequireMember(c, actor));
  if (s.state != SessionState::kOpen) {
    return FailedPrecondition(fmt::format("session {} is closed", s.id));
  }
  if (!Present(s, actor)) {
    return PermissionDenied(fmt::format("you are not recorded present at session {}", s.id));
  }
  ASSIGN_OR_RETURN(AgendaItem item, ItemOf(*tx, s.id, claim_id));
  if (item.decision != Decision::kPending) {
    return FailedPrecondition(fmt::format("claim {} was decided already", claim_id));
  }
  // Recusals are taken again now: an interest declared after the session opened counts.
  ASSIGN_OR_RETURN(Claim claim, tx->GetClaim(claim_id));
  ASSIGN_OR_RETURN(auto recusals, RecusalsIn(*tx, c, claim));
  if (const Recusal* r = RecusalOf(recusals, actor)) {
    return PermissionDenied(fmt::format("you are recused from claim {} ({}) and may not vote on it",
                                        claim.id, ToString(r->reason)));
  }
  Vote v{.session_id = s.id,
         .claim_id = claim.id,
         .user_id = actor,
         .choice = choice,
         .cast_at = clock_.Now()};
  Status st = tx->InsertVote(v);
  if (st.code() == StatusCode::kAlreadyExists) {
    return AlreadyExists(fmt::format("you voted on claim {} in this session already", claim.id));
  }
  RETURN_IF_ERROR(st);
  RETURN_IF_ERROR(Audit(*tx, actor, "session.vote", "recovery_session", s.id,
                        Detail({{"claim", claim.id}, {"choice", std::string(ToString(choice))}})));
  RETURN_IF_ERROR(tx->Commit());
  return v;
}

Status Commissions::CheckAmount(Transaction& tx, const Claim& claim, int64_t amount) {
  if (!claim.amount_valued) {
    return FailedPrecondition(fmt::format("claim {} has no valued amount", claim.id));
  }
  if (amount > *claim.amount_valued) {
    return FailedPrecondition(
        fmt::format("amount: claim {} was valued at {} KZT; a commission may approve at most that",
                    claim.id, *claim.amount_valued));
  }
  ASSIGN_OR_RETURN(Programme p, tx.GetProgramme(claim.programme_id));
  ValuedSoFar so_far;
  ValuedFilter f{.programme_id = claim.programme_id, .except_claim_id = claim.id};
  ASSIGN_OR_RETURN(so_far.in_programme, tx.SumValued(f));
  if (!claim.object_id.empty()) {
    f.object_id = claim.object_id;
    ASSIGN_OR_RETURN(so_far.on_object, tx.SumValued(f));
    f.object_id.clear();
  }
  if (!claim.applicant_id.empty()) {
    f.applicant_id = claim.applicant_id;
    ASSIGN_OR_RETURN(so_far.of_person, tx.SumValued(f));
  }
  ASSIGN_OR_RETURN(int64_t within, WithinLimits(p, claim, amount, so_far));
  if (within < amount) {
    return FailedPrecondition(
        fmt::format("amount: programme {}'s caps leave {} KZT for claim {}, not {}", p.code, within,
                    claim.id, amount));
  }
  return Status::Ok();
}

Result<AgendaItem> Commissions::Decide(const std::string& actor, const std::string& session_id,
                                       const DecisionInput& in) {
  RETURN_IF_ERROR(CheckDecisionInput(in));
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(CommissionSession s, tx->GetCommissionSession(session_id));
  ASSIGN_OR_RETURN(Commission c, tx->GetCommission(s.commission_id));
  RETURN_IF_ERROR(RequireOfficer(c, actor, true));
  if (!Present(s, actor)) {
    return PermissionDenied(fmt::format("you are not recorded present at session {}", s.id));
  }
  if (s.state != SessionState::kOpen) {
    return FailedPrecondition(fmt::format("session {} is closed", s.id));
  }
  ASSIGN_OR_RETURN(AgendaItem item, ItemOf(*tx, s.id, in.claim_id));
  if (item.decision != Decision::kPending) {
    return FailedPrecondition(fmt::format("claim {} was decided already", in.claim_id));
  }
  ASSIGN_OR_RETURN(Claim claim, tx->GetClaim(in.claim_id));
  ASSIGN_OR_RETURN(auto recusals, RecusalsIn(*tx, c, claim));
  std::set<std::string> eligible;
  for (const auto& u : s.present) {
    if (!RecusalOf(recusals, u)) eligible.insert(u);
  }
  if (static_cast<int>(eligible.size()) < c.quorum) {
    return FailedPrecondition(
        fmt::format("{} member(s) present may vote on claim {} ({} recused); the quorum is {}",
                    eligible.size(), claim.id, recusals.size(), c.quorum));
  }
  ASSIGN_OR_RETURN(auto votes, tx->ListVotes(s.id, claim.id));
  VoteChoice wanted =
      in.outcome == Decision::kApproved ? VoteChoice::kApprove : VoteChoice::kReject;
  size_t for_it = 0;
  for (const auto& v : votes) {
    if (eligible.contains(v.user_id) && v.choice == wanted) ++for_it;
  }
  if (for_it * 2 <= eligible.size()) {
    return FailedPrecondition(fmt::format(
        "{} of the {} members who may vote on claim {} voted to {}; a decision needs more than "
        "half",
        for_it, eligible.size(), claim.id, ToString(wanted)));
  }
  ClaimState target =
      in.outcome == Decision::kApproved ? ClaimState::kApproved : ClaimState::kRejected;
  RETURN_IF_ERROR(CheckTransition(claim, target));
  if (in.outcome == Decision::kApproved) RETURN_IF_ERROR(CheckAmount(*tx, claim, in.amount));

  item.decision = in.outcome;
  item.amount = in.outcome == Decision::kApproved ? in.amount : 0;
  item.reason = std::string(Trim(in.reason));
  item.recused = RecusedText(recusals);
  item.decided_by = actor;
  item.decided_at = clock_.Now();
  RETURN_IF_ERROR(tx->UpdateAgendaItem(item));
  ClaimState before = claim.state;
  claim.state = target;
  claim.updated_at = clock_.Now();
  RETURN_IF_ERROR(tx->UpdateClaim(claim));
  RETURN_IF_ERROR(Audit(*tx, actor, "session.decide", "recovery_session", s.id,
                        Detail({{"claim", claim.id},
                                {"decision", std::string(ToString(item.decision))},
                                {"amount", std::to_string(item.amount)},
                                {"recused", item.recused}})));
  RETURN_IF_ERROR(Audit(*tx, actor, "claim.decided", "recovery_claim", claim.id,
                        Detail({{"from", std::string(ToString(before))},
                                {"to", std::string(ToString(claim.state))},
                                {"session", s.id}})));
  RETURN_IF_ERROR(tx->Commit());
  return item;
}

Result<SessionAct> Commissions::CloseSession(const std::string& actor,
                                             const std::string& session_id) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(CommissionSession s, tx->GetCommissionSession(session_id));
  ASSIGN_OR_RETURN(Commission c, tx->GetCommission(s.commission_id));
  RETURN_IF_ERROR(RequireOfficer(c, actor, true));
  if (s.state != SessionState::kOpen) {
    return FailedPrecondition(fmt::format("session {} is closed already", s.id));
  }
  ASSIGN_OR_RETURN(auto agenda, tx->ListAgenda(s.id));
  ASSIGN_OR_RETURN(auto tiers, tx->ListApprovalTiers(c.programme_id));
  ASSIGN_OR_RETURN(auto sign_offs, tx->ListSignOffs(s.id, ""));
  for (const auto& item : agenda) {
    if (item.decision == Decision::kPending) {
      return FailedPrecondition(fmt::format(
          "claim {} is not decided yet; decide every claim before closing", item.claim_id));
    }
    if (item.decision != Decision::kApproved) continue;
    std::vector<SignOff> given;
    for (const auto& o : sign_offs) {
      if (o.claim_id == item.claim_id) given.push_back(o);
    }
    auto missing = MissingSignOffs(RequiredSignOffs(tiers, item.amount), given);
    if (!missing.empty()) {
      return FailedPrecondition(fmt::format(
          "claim {}'s approval of {} KZT still needs the {} sign-off{}", item.claim_id, item.amount,
          ToString(missing.front()), missing.size() > 1 ? " and more" : ""));
    }
  }
  s.state = SessionState::kClosed;
  s.closed_at = clock_.Now();
  RETURN_IF_ERROR(tx->UpdateCommissionSession(s));
  ++s.version;
  SessionAct act{.id = ids_.NewId(kActIdPrefix), .session_id = s.id};
  act.content = ActContent(c, s, agenda, sign_offs, "");
  act.sha256 = ActHash(act.content);
  act.created_at = clock_.Now();
  RETURN_IF_ERROR(tx->InsertAct(act));
  RETURN_IF_ERROR(Audit(*tx, actor, "session.close", "recovery_session", s.id,
                        Detail({{"act", act.id}, {"sha256", act.sha256}})));
  RETURN_IF_ERROR(tx->Commit());
  return act;
}

Result<ActRecord> Commissions::ReadAct(const std::string& actor, const std::string& act_id) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kBookkeeping));
  ActRecord r;
  ASSIGN_OR_RETURN(r.act, tx->GetAct(act_id));
  ASSIGN_OR_RETURN(r.view, ViewIn(*tx, r.act.session_id));
  ASSIGN_OR_RETURN(r.programme, tx->GetProgramme(r.view.commission.programme_id));
  ASSIGN_OR_RETURN(auto sessions, tx->ListCommissionSessions(r.view.commission.id));
  // Newest first: the oldest session is number 1.
  for (size_t i = 0; i < sessions.size(); ++i) {
    if (sessions[i].id == r.view.session.id) r.number = static_cast<int>(sessions.size() - i);
  }
  for (size_t i = 0; i < r.view.acts.size(); ++i) {
    if (r.view.acts[i].id == r.act.id) r.revision = static_cast<int>(i + 1);
  }
  std::vector<std::string> staff;
  for (const auto& m : r.view.commission.members) staff.push_back(m.user_id);
  for (const auto& sig : r.act.signatures) staff.push_back(sig.user_id);
  for (const auto& o : r.view.sign_offs) staff.push_back(o.user_id);
  RETURN_IF_ERROR(NamesIn(*tx, staff, r.names));
  std::vector<std::string> claim_ids;
  for (const auto& item : r.view.agenda) {
    ASSIGN_OR_RETURN(Claim claim, tx->GetClaim(item.claim_id));
    r.claims.push_back(std::move(claim));
    claim_ids.push_back(item.claim_id);
  }
  RETURN_IF_ERROR(Audit(*tx, actor, "act.read", "recovery_act", r.act.id,
                        Detail({{"session", r.view.session.id}, {"claims", Join(claim_ids)}})));
  RETURN_IF_ERROR(tx->Commit());
  return r;
}

Result<SessionAct> Commissions::SignAct(const std::string& actor, const std::string& act_id) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(SessionAct act, tx->GetAct(act_id));
  ASSIGN_OR_RETURN(CommissionSession s, tx->GetCommissionSession(act.session_id));
  ASSIGN_OR_RETURN(Commission c, tx->GetCommission(s.commission_id));
  RETURN_IF_ERROR(RequireMember(c, actor));
  if (!Present(s, actor)) {
    return PermissionDenied(
        fmt::format("only the members present at session {} sign its act", s.id));
  }
  ASSIGN_OR_RETURN(auto acts, tx->ListActs(s.id));
  if (acts.empty() || acts.back().id != act.id) {
    return FailedPrecondition(fmt::format("act {} was superseded by a correction; sign {}", act.id,
                                          acts.empty() ? "" : acts.back().id));
  }
  // What is signed is the content as stored: its hash is checked before the signature counts.
  if (ActHash(act.content) != act.sha256) {
    return DataLoss(fmt::format("recovery_acts.content of {} does not match its sha256", act.id));
  }
  ActSignature sig{.user_id = actor, .signed_at = clock_.Now()};
  Status st = tx->InsertSignature(act.id, sig);
  if (st.code() == StatusCode::kAlreadyExists) {
    return AlreadyExists(fmt::format("you signed act {} already", act.id));
  }
  RETURN_IF_ERROR(st);
  act.signatures.push_back(sig);
  RETURN_IF_ERROR(Audit(*tx, actor, "act.sign", "recovery_act", act.id,
                        Detail({{"session", s.id}, {"sha256", act.sha256}})));
  if (!act.final_at && static_cast<int>(act.signatures.size()) >= c.quorum) {
    act.final_at = clock_.Now();
    RETURN_IF_ERROR(tx->FinalizeAct(act.id, *act.final_at));
    RETURN_IF_ERROR(
        Audit(*tx, actor, "act.final", "recovery_act", act.id,
              Detail({{"session", s.id}, {"signatures", std::to_string(act.signatures.size())}})));
  }
  RETURN_IF_ERROR(tx->Commit());
  return act;
}

Result<SessionAct> Commissions::CorrectDecision(const std::string& actor,
                                                const std::string& session_id,
                                                const DecisionInput& in) {
  RETURN_IF_ERROR(CheckDecisionInput(in));
  if (Trim(in.reason).empty()) return InvalidArgument("say why the act is corrected", "reason");
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(CommissionSession s, tx->GetCommissionSession(session_id));
  ASSIGN_OR_RETURN(Commission c, tx->GetCommission(s.commission_id));
  RETURN_IF_ERROR(RequireOfficer(c, actor, false));
  ASSIGN_OR_RETURN(auto acts, tx->ListActs(s.id));
  if (acts.empty() || !acts.back().final_at) {
    return FailedPrecondition(fmt::format(
        "session {} has no final act; decide, close and sign it instead of correcting", s.id));
  }
  ASSIGN_OR_RETURN(AgendaItem item, ItemOf(*tx, s.id, in.claim_id));
  ASSIGN_OR_RETURN(Claim claim, tx->GetClaim(in.claim_id));
  ASSIGN_OR_RETURN(auto history, tx->ListClaimItems(claim.id));
  bool latest = !history.empty() && history.back().session_id == s.id;
  if (!latest || (claim.state != ClaimState::kApproved && claim.state != ClaimState::kRejected)) {
    return FailedPrecondition(
        fmt::format("claim {} is {} and went on since this session; correct its later decision",
                    claim.id, ToString(claim.state)));
  }
  ASSIGN_OR_RETURN(auto payments, tx->ListPayments({.claim_id = claim.id}));
  for (const auto& pay : payments) {
    if (pay.state != PaymentState::kReturned) {
      return FailedPrecondition(
          fmt::format("claim {} has payment {} ({}); a decision being paid is not corrected",
                      claim.id, pay.id, ToString(pay.state)));
    }
  }
  ASSIGN_OR_RETURN(auto sign_offs, tx->ListSignOffs(s.id, ""));
  if (in.outcome == Decision::kApproved) {
    RETURN_IF_ERROR(CheckAmount(*tx, claim, in.amount));
    // A correction cannot lift an approval past the sign-offs it was given.
    ASSIGN_OR_RETURN(auto tiers, tx->ListApprovalTiers(c.programme_id));
    std::vector<SignOff> given;
    for (const auto& o : sign_offs) {
      if (o.claim_id == claim.id) given.push_back(o);
    }
    auto missing = MissingSignOffs(RequiredSignOffs(tiers, in.amount), given);
    if (!missing.empty()) {
      return FailedPrecondition(fmt::format(
          "an approval of {} KZT needs the {} sign-off, which claim {} was not given; decide it "
          "again at a later session",
          in.amount, ToString(missing.front()), claim.id));
    }
  }
  item.decision = in.outcome;
  item.amount = in.outcome == Decision::kApproved ? in.amount : 0;
  item.reason = std::string(Trim(in.reason));
  item.decided_by = actor;
  item.decided_at = clock_.Now();
  RETURN_IF_ERROR(tx->UpdateAgendaItem(item));
  ClaimState before = claim.state;
  claim.state = in.outcome == Decision::kApproved ? ClaimState::kApproved : ClaimState::kRejected;
  claim.updated_at = clock_.Now();
  RETURN_IF_ERROR(tx->UpdateClaim(claim));
  ASSIGN_OR_RETURN(auto agenda, tx->ListAgenda(s.id));
  SessionAct act{.id = ids_.NewId(kActIdPrefix), .session_id = s.id, .supersedes = acts.back().id};
  act.content = ActContent(c, s, agenda, sign_offs, act.supersedes);
  act.sha256 = ActHash(act.content);
  act.created_at = clock_.Now();
  RETURN_IF_ERROR(tx->InsertAct(act));
  RETURN_IF_ERROR(Audit(*tx, actor, "act.correct", "recovery_act", act.id,
                        Detail({{"session", s.id},
                                {"supersedes", act.supersedes},
                                {"claim", claim.id},
                                {"decision", std::string(ToString(item.decision))},
                                {"amount", std::to_string(item.amount)},
                                {"sha256", act.sha256}})));
  RETURN_IF_ERROR(Audit(*tx, actor, "claim.decided", "recovery_claim", claim.id,
                        Detail({{"from", std::string(ToString(before))},
                                {"to", std::string(ToString(claim.state))},
                                {"session", s.id},
                                {"act", act.id}})));
  RETURN_IF_ERROR(tx->Commit());
  return act;
}

Result<Claim> Commissions::Appeal(const std::string& actor, const std::string& claim_id,
                                  const std::string& reason) {
  if (Trim(reason).empty()) return InvalidArgument("an appeal needs a reason", "reason");
  RETURN_IF_ERROR(CheckText(reason, "reason", kMaxTextLength));
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(Claim c, tx->GetClaim(claim_id));
  RETURN_IF_ERROR(CheckTransition(c, ClaimState::kAppealed));
  // The rejection must be in a final act: an appeal is against a decision, not a draft.
  ASSIGN_OR_RETURN(auto history, tx->ListClaimItems(c.id));
  if (history.empty()) return FailedPrecondition(fmt::format("claim {} has no decision", c.id));
  ASSIGN_OR_RETURN(auto acts, tx->ListActs(history.back().session_id));
  if (acts.empty() || !acts.back().final_at) {
    return FailedPrecondition(
        fmt::format("the act of session {} that rejected claim {} is not final yet",
                    history.back().session_id, c.id));
  }
  c.state = ClaimState::kAppealed;
  AppendNote(c.notes, std::string(Trim(reason)));
  c.updated_at = clock_.Now();
  RETURN_IF_ERROR(tx->UpdateClaim(c));
  ++c.version;
  RETURN_IF_ERROR(Audit(
      *tx, actor, "claim.appeal", "recovery_claim", c.id,
      Detail({{"from", "rejected"}, {"to", "appealed"}, {"session", history.back().session_id}})));
  RETURN_IF_ERROR(tx->Commit());
  return c;
}

// ---- approvals scaled by amount ----

Result<Programme> Commissions::ProgrammeIn(Transaction& tx, const std::string& id_or_code) {
  if (id_or_code.empty()) {
    return InvalidArgument("name the programme (its id or code)", "programme");
  }
  if (IsWellFormedId(id_or_code, kProgrammeIdPrefix)) return tx.GetProgramme(id_or_code);
  ASSIGN_OR_RETURN(auto p, tx.FindProgrammeByCode(id_or_code));
  if (!p) return NotFound(fmt::format("no programme with code '{}'", id_or_code.substr(0, 100)));
  return *p;
}

Result<std::vector<ApprovalTier>> Commissions::SetApprovalTiers(
    const std::string& actor, const std::string& programme,
    const std::vector<ApprovalTier>& tiers) {
  RETURN_IF_ERROR(ValidateTiers(tiers));
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(Programme p, ProgrammeIn(*tx, programme));
  RETURN_IF_ERROR(tx->ReplaceApprovalTiers(p.id, tiers));
  std::string text;
  for (const auto& t : tiers) {
    std::vector<std::string> words;
    for (SignOffRole r : t.sign_offs) words.emplace_back(ToString(r));
    text += (text.empty() ? "" : ";") + std::to_string(t.above) + ":" + Join(words);
  }
  RETURN_IF_ERROR(Audit(*tx, actor, "programme.approval_tiers", "recovery_programme", p.id,
                        Detail({{"tiers", text}})));
  RETURN_IF_ERROR(tx->Commit());
  return tiers;
}

Result<std::vector<ApprovalTier>> Commissions::GetApprovalTiers(const std::string& programme) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  ASSIGN_OR_RETURN(Programme p, ProgrammeIn(*tx, programme));
  return tx->ListApprovalTiers(p.id);
}

Result<SignOff> Commissions::GiveSignOff(const std::string& actor, const std::string& session_id,
                                         const std::string& claim_id, SignOffRole role) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(CommissionSession s, tx->GetCommissionSession(session_id));
  ASSIGN_OR_RETURN(Commission c, tx->GetCommission(s.commission_id));
  ASSIGN_OR_RETURN(AgendaItem item, ItemOf(*tx, s.id, claim_id));
  if (item.decision != Decision::kApproved) {
    return FailedPrecondition(
        fmt::format("claim {} is {} at session {}: only an approval is signed off", claim_id,
                    ToString(item.decision), s.id));
  }
  if (s.state != SessionState::kOpen) {
    return FailedPrecondition(fmt::format("session {} is closed", s.id));
  }
  ASSIGN_OR_RETURN(auto tiers, tx->ListApprovalTiers(c.programme_id));
  auto required = RequiredSignOffs(tiers, item.amount);
  if (std::find(required.begin(), required.end(), role) == required.end()) {
    return FailedPrecondition(fmt::format("claim {}'s approval of {} KZT needs no {} sign-off",
                                          claim_id, item.amount, ToString(role)));
  }
  // Separation of duties.
  const CommissionMember* m = MemberOf(c, actor);
  if (role == SignOffRole::kChair && (!m || m->role != CommissionRole::kChair)) {
    return PermissionDenied(
        fmt::format("only the chair of commission {} gives the chair's sign-off", c.id));
  }
  if (role == SignOffRole::kFinance && m) {
    return PermissionDenied(fmt::format(
        "a member of commission {} may not give finance's sign-off of its own decision", c.id));
  }
  ASSIGN_OR_RETURN(Claim claim, tx->GetClaim(claim_id));
  ASSIGN_OR_RETURN(auto involved, InvolvedIn(*tx, c, claim));
  if (const Recusal* r = RecusalOf(involved, actor)) {
    return PermissionDenied(fmt::format("you {} claim {} and may not sign off its approval",
                                        r->reason == RecusalReason::kDeclared
                                            ? "declared an interest in"
                                        : r->reason == RecusalReason::kInspected ? "inspected"
                                        : r->reason == RecusalReason::kValued    ? "valued"
                                                                                 : "took in",
                                        claim.id));
  }
  ASSIGN_OR_RETURN(auto given, tx->ListSignOffs(s.id, claim_id));
  for (const auto& o : given) {
    if (o.user_id == actor) {
      return PermissionDenied(
          fmt::format("you gave the {} sign-off of claim {} already; another person gives the {}",
                      ToString(o.role), claim_id, ToString(role)));
    }
    if (o.role == role) {
      return AlreadyExists(
          fmt::format("the {} sign-off of claim {} was given already", ToString(role), claim_id));
    }
  }
  SignOff o{.session_id = s.id,
            .claim_id = claim_id,
            .role = role,
            .user_id = actor,
            .signed_at = clock_.Now()};
  RETURN_IF_ERROR(tx->InsertSignOff(o));
  RETURN_IF_ERROR(Audit(*tx, actor, "session.sign_off", "recovery_session", s.id,
                        Detail({{"claim", claim_id},
                                {"role", std::string(ToString(role))},
                                {"amount", std::to_string(item.amount)}})));
  RETURN_IF_ERROR(tx->Commit());
  return o;
}

}  // namespace aftermath::recovery
