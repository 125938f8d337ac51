// The commissions that decide the register's ready claims (model/commission.h): members, their
// declarations of interest, sessions with an agenda of ready (and appealed) claims, votes,
// decisions, appeals, and each session's act, signed by the members present in their own
// accounts and final once a quorum has signed. Part of the register's one door (a Recovery owns
// one: Recovery::commissions()); every change is written with its audit row in one transaction,
// and reads of a session (a rejection's reason may be personal) are audited.
//
// Enforced here, whoever calls: a member recused from a claim (declared related to its
// applicant, or who inspected its object, valued it or took it in) cannot vote on it, and a
// decision needs a quorum of members who may vote and a majority of them; an approved amount is
// at most the valued one and within the programme's caps and budget (rules.h WithinLimits); a
// final act never changes (the store refuses too), a correction is a new act.
//
// Thread-safety: thread-safe; no state besides its collaborators.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/ids.h"
#include "common/status.h"
#include "model/commission.h"
#include "model/recovery.h"
#include "recovery/commission_throughput.h"
#include "store/store.h"

namespace aftermath::recovery {

struct NewCommission {
  std::string programme;  // id or code
  std::string name;
  int quorum = 0;
  std::vector<CommissionMember> members;  // at least `quorum`, exactly one chair
};

// A commission with its sessions (newest first) and its members' names as its screens show them.
struct CommissionView {
  Commission commission;
  std::vector<CommissionSession> sessions;
  std::map<std::string, std::string> names;  // member's user id → display name (username when none)
};

// A session with what its screen shows.
struct SessionView {
  CommissionSession session;
  Commission commission;
  std::vector<AgendaItem> agenda;
  std::vector<Vote> votes;
  std::vector<SessionAct> acts;    // oldest first; the last is in force
  std::vector<SignOff> sign_offs;  // the extra sign-offs of large approvals
};

// An act with what its paper copy shows besides its content (src/documents/act_pdf.h): the
// session, its commission and programme, the staff's names and the claims on the agenda.
struct ActRecord {
  SessionAct act;
  SessionView view;
  Programme programme;
  int number = 0;    // the session's place among its commission's sessions, from 1
  int revision = 1;  // the act's place among its session's acts: 2 for the first correction
  std::map<std::string, std::string> names;  // user id → display name (username when none)
  std::vector<Claim> claims;                 // in agenda order
};

// What a chair or secretary records for one claim: approved with an amount, or rejected with a
// reason. A correction's reason says why the final act is corrected.
struct DecisionInput {
  std::string claim_id;
  Decision outcome = Decision::kPending;
  int64_t amount = 0;
  std::string reason;
};

// Who may not vote on a claim and why.
struct Recusal {
  std::string user_id;
  RecusalReason reason = RecusalReason::kDeclared;
};

class Commissions {
 public:
  // REQUIRES: store, clock and ids (when given) outlive this.
  Commissions(Store& store, const Clock& clock, IdGenerator* ids = nullptr)
      : store_(store), clock_(clock), ids_(ids, clock) {}
  Commissions(const Commissions&) = delete;
  Commissions& operator=(const Commissions&) = delete;

  // InvalidArgument naming the field (no name, quorum below 1 or above the members, not exactly
  // one chair, a member twice, a user id that is not one); NotFound for the programme.
  Result<Commission> CreateCommission(const std::string& actor, const NewCommission& in);
  Result<std::vector<Commission>> ListCommissions();
  // With its sessions, newest first. NotFound.
  Result<CommissionView> GetCommission(const std::string& id);

  // `actor` (a member) declares a conflict of interest on a claim: related to its applicant, so
  // recused from it and from every claim of the same applicant. PermissionDenied for a
  // non-member; NotFound; AlreadyExists when declared before.
  Result<InterestDeclaration> DeclareInterest(const std::string& actor,
                                              const std::string& commission_id,
                                              const std::string& claim_id);
  // The members of `commission` who may not vote on `claim`, and why.
  Result<std::vector<Recusal>> RecusalsOf(const std::string& commission_id,
                                          const std::string& claim_id);

  // The chair or the secretary (present) opens a session with the members `present` (a quorum)
  // and an agenda: `claim_ids`, or when empty every ready or appealed claim of the programme not
  // on another agenda (at most 500). FailedPrecondition for a claim not ready or appealed, of
  // another programme, or on another session's agenda; for an empty agenda; below quorum.
  Result<SessionView> OpenSession(const std::string& actor, const std::string& commission_id,
                                  const std::vector<std::string>& present,
                                  const std::vector<std::string>& claim_ids);
  // Audited as "session.read".
  Result<SessionView> GetSession(const std::string& actor, const std::string& session_id);
  // A present member's vote on a pending item of an open session. PermissionDenied for a member
  // not present or recused from the claim (naming why); AlreadyExists for a second vote.
  Result<Vote> CastVote(const std::string& actor, const std::string& session_id,
                        const std::string& claim_id, VoteChoice choice);
  // The chair or secretary records the decision the votes carry: more than half of the present
  // members who may vote (at least the quorum of them) voted for it. The claim becomes approved
  // (amount: positive, at most its valued amount, within the programme's caps and budget) or
  // rejected (reason required). FailedPrecondition naming what is missing.
  Result<AgendaItem> Decide(const std::string& actor, const std::string& session_id,
                            const DecisionInput& in);
  // Every item decided: the session closes and its act is drawn up (unsigned).
  Result<SessionAct> CloseSession(const std::string& actor, const std::string& session_id);
  // An act with its session, for its paper copy. Audited as "act.read" (the claims' ids).
  // NotFound.
  Result<ActRecord> ReadAct(const std::string& actor, const std::string& act_id);
  // A present member signs the act in force of a closed session; it becomes final when a
  // quorum has signed. AlreadyExists for a second signature; FailedPrecondition for an act a
  // correction superseded.
  Result<SessionAct> SignAct(const std::string& actor, const std::string& act_id);
  // The chair corrects a decision of a session whose act in force is final: the item and the
  // claim change, and a new act superseding it is drawn up, to be signed again. The claim must
  // still be approved or rejected by this session (not appealed since).
  Result<SessionAct> CorrectDecision(const std::string& actor, const std::string& session_id,
                                     const DecisionInput& in);
  // A rejected claim is appealed (reason required, kept in its notes) and goes on a later
  // session's agenda.
  Result<Claim> Appeal(const std::string& actor, const std::string& claim_id,
                       const std::string& reason);

  // ---- approvals scaled by amount (approvals.h) ----

  // Replaces a programme's (id or code) thresholds. InvalidArgument naming the field
  // (ValidateTiers); NotFound.
  Result<std::vector<ApprovalTier>> SetApprovalTiers(const std::string& actor,
                                                     const std::string& programme,
                                                     const std::vector<ApprovalTier>& tiers);
  Result<std::vector<ApprovalTier>> GetApprovalTiers(const std::string& programme);

  // Each commission's sessions opened in the last `period` in figures (commission_throughput.h):
  // counts and times, nothing personal, so not audited.
  Result<std::vector<CommissionThroughput>> Throughput(std::chrono::hours period);

  // `actor` gives the `role` sign-off of an approved item whose amount needs it (the session
  // cannot close until every sign-off needed is given). Separation of duties: the chair's is the
  // commission's chair's; finance's is never a member's; nobody who took the claim in,
  // inspected, valued or declared an interest in it signs off, and one person gives at most one
  // of an item's sign-offs (the store refuses a second too). PermissionDenied naming why;
  // FailedPrecondition when the item is not approved or needs no such sign-off; AlreadyExists.
  Result<SignOff> GiveSignOff(const std::string& actor, const std::string& session_id,
                              const std::string& claim_id, SignOffRole role);

 private:
  Status Audit(Transaction& tx, const std::string& actor, std::string action,
               std::string entity_type, std::string entity_id, std::string detail = {});
  Result<std::vector<Recusal>> RecusalsIn(Transaction& tx, const Commission& commission,
                                          const Claim& claim);
  // Everybody who had a hand in `claim` (declared to `commission`, inspected, valued, took it
  // in), with the first reason in that order.
  Result<std::vector<Recusal>> InvolvedIn(Transaction& tx, const Commission& commission,
                                          const Claim& claim);
  Result<Programme> ProgrammeIn(Transaction& tx, const std::string& id_or_code);
  // OK when `amount` may be approved for `claim`; FailedPrecondition naming the limit otherwise.
  Status CheckAmount(Transaction& tx, const Claim& claim, int64_t amount);
  Result<SessionView> ViewIn(Transaction& tx, const std::string& session_id);
  // Adds each of `user_ids` not yet in `names` with their display name (the username when none,
  // the id of a user no longer there).
  Status NamesIn(Transaction& tx, const std::vector<std::string>& user_ids,
                 std::map<std::string, std::string>& names);

  Store& store_;
  const Clock& clock_;
  GivenOrOwnIdGenerator ids_;
};

}  // namespace aftermath::recovery
