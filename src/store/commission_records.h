// The register's commissions (model/commission.h): commissions and their members, declarations
// of interest, sessions with their agendas and votes, and the sessions' acts with their
// signatures. One aggregate of Transaction (store.h); only src/recovery holds it.
//
// Guards the database keeps itself, on every backend: a claim is on at most one agenda while
// undecided; a member votes once per claim and session and signs an act once; a final act
// (final_at set) is never updated or deleted (a trigger refuses, whoever writes).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "model/commission.h"

namespace aftermath {

// Reads return NotFound when the id is unknown, DataLoss when a stored row cannot be read.
// Inserts fail with AlreadyExists on a duplicate key (a second undecided agenda item of one
// claim, a second vote of a member on one claim in one session, a second signature); versioned
// updates fail with Aborted when the stored record moved on from the caller's version.
class CommissionRecords {
 public:
  virtual ~CommissionRecords() = default;

  // ---- commissions, with their members ----
  virtual Result<Commission> GetCommission(std::string_view id) = 0;
  // Oldest first.
  virtual Result<std::vector<Commission>> ListCommissions() = 0;
  virtual Status InsertCommission(const Commission& commission) = 0;
  // Replaces the members too.
  virtual Status UpdateCommission(const Commission& commission) = 0;

  // ---- declarations of interest ----
  // A commission's declarations, of one member when `user_id` is given; oldest first.
  virtual Result<std::vector<InterestDeclaration>> ListDeclarations(std::string_view commission_id,
                                                                    std::string_view user_id) = 0;
  virtual Status InsertDeclaration(const InterestDeclaration& declaration) = 0;

  // ---- sessions, agendas and votes ----
  virtual Result<CommissionSession> GetCommissionSession(std::string_view id) = 0;
  // A commission's sessions, newest first.
  virtual Result<std::vector<CommissionSession>> ListCommissionSessions(
      std::string_view commission_id) = 0;
  virtual Status InsertCommissionSession(const CommissionSession& session) = 0;
  // State and closed_at (the members present are fixed when the session opens).
  virtual Status UpdateCommissionSession(const CommissionSession& session) = 0;
  // In agenda order.
  virtual Result<std::vector<AgendaItem>> ListAgenda(std::string_view session_id) = 0;
  // Every agenda item of one claim, in every session, oldest first: its decisions' history.
  virtual Result<std::vector<AgendaItem>> ListClaimItems(std::string_view claim_id) = 0;
  // ListClaimItems of each of `claim_ids` at once (a statement per up to 256 claims): every
  // item of those claims, grouped by claim, each claim's oldest first.
  virtual Result<std::vector<AgendaItem>> ListClaimsItems(
      const std::vector<std::string>& claim_ids) = 0;
  virtual Status InsertAgendaItem(const AgendaItem& item) = 0;
  // Decision, amount, reason, recused, decided_by and decided_at of (session_id, claim_id).
  virtual Status UpdateAgendaItem(const AgendaItem& item) = 0;
  // One session's votes on one claim (every claim when `claim_id` is empty), oldest first.
  virtual Result<std::vector<Vote>> ListVotes(std::string_view session_id,
                                              std::string_view claim_id) = 0;
  virtual Status InsertVote(const Vote& vote) = 0;

  // ---- acts and signatures ----
  virtual Result<SessionAct> GetAct(std::string_view id) = 0;
  // A session's acts, oldest first (the last is the one in force).
  virtual Result<std::vector<SessionAct>> ListActs(std::string_view session_id) = 0;
  virtual Status InsertAct(const SessionAct& act) = 0;
  // Sets final_at. The database refuses any update of an act already final (its trigger's
  // InvalidArgument).
  virtual Status FinalizeAct(std::string_view act_id, Timestamp at) = 0;
  virtual Status InsertSignature(std::string_view act_id, const ActSignature& signature) = 0;

  // ---- approvals scaled by amount ----
  // A programme's thresholds, lowest first.
  virtual Result<std::vector<ApprovalTier>> ListApprovalTiers(std::string_view programme_id) = 0;
  virtual Status ReplaceApprovalTiers(std::string_view programme_id,
                                      const std::vector<ApprovalTier>& tiers) = 0;
  // One session's sign-offs on one claim (every claim when `claim_id` is empty), oldest first.
  virtual Result<std::vector<SignOff>> ListSignOffs(std::string_view session_id,
                                                    std::string_view claim_id) = 0;
  // AlreadyExists for a second sign-off of one role on one item, or a second by one person;
  // InvalidArgument (the database's trigger) when the item is not approved.
  virtual Status InsertSignOff(const SignOff& sign_off) = 0;
};

}  // namespace aftermath
