// The damage & support register, part 2 (issue #17): the commissions that decide ready claims.
// A commission of a programme has members (staff user ids, each chair, secretary or member) and
// a quorum; it meets in sessions whose agenda is made of claims ready for it (or appealed); the
// members present vote on each claim, a member with a conflict of interest (declared, or who
// inspected, valued or took the claim) is recused and cannot vote; the decision is approved with
// an amount or rejected with a reason. Each session's act is its canonical content, hashed; it
// is final once a quorum of the members present has signed it, and never changes after that: a
// correction is a new act that supersedes it. Plain values; rules in src/recovery/commission.h,
// persistence in store/commission_records.h. Amounts are whole tenge (KZT).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"

namespace aftermath {

inline constexpr const char* kCommissionIdPrefix = "com";
inline constexpr const char* kCommissionSessionIdPrefix = "csn";
inline constexpr const char* kDeclarationIdPrefix = "coi";
inline constexpr const char* kActIdPrefix = "act";

// A member's place in a commission: the chair and the secretary open sessions and record
// decisions; every member votes and signs.
enum class CommissionRole { kChair, kSecretary, kMember };
enum class SessionState {
  kOpen,    // "open": the agenda is being decided
  kClosed,  // "closed": every item decided, the act drawn up
};
enum class VoteChoice { kApprove, kReject, kAbstain };
enum class Decision { kPending, kApproved, kRejected };
// Why a member may not vote on a claim.
enum class RecusalReason {
  kDeclared,   // "declared": declared related to the applicant
  kInspected,  // "inspected": assessed the claim's object
  kValued,     // "valued": valued the claim
  kSubmitted,  // "submitted": took the claim in
};

// Approvals scaled by amount: who else signs an approval above a programme's threshold.
enum class SignOffRole {
  kChair,    // "chair": the commission's chair
  kFinance,  // "finance": a finance officer, never a member of the commission
};

std::string_view ToString(SignOffRole v);
std::optional<SignOffRole> ParseSignOffRole(std::string_view s);
std::string_view ToString(CommissionRole v);
std::string_view ToString(SessionState v);
std::string_view ToString(VoteChoice v);
std::string_view ToString(Decision v);
std::string_view ToString(RecusalReason v);
std::optional<CommissionRole> ParseCommissionRole(std::string_view s);
std::optional<SessionState> ParseSessionState(std::string_view s);
std::optional<VoteChoice> ParseVoteChoice(std::string_view s);
std::optional<Decision> ParseDecision(std::string_view s);
std::optional<RecusalReason> ParseRecusalReason(std::string_view s);

struct CommissionMember {
  std::string user_id;
  CommissionRole role = CommissionRole::kMember;
  friend bool operator==(const CommissionMember&, const CommissionMember&) = default;
};

struct Commission {
  std::string id;
  int64_t version = 1;
  std::string programme_id;
  std::string name;
  int quorum = 1;  // members present (and, per claim, members who may vote) needed
  std::vector<CommissionMember> members;
  std::string created_by;
  Timestamp created_at;
  Timestamp updated_at;
};

// A member's declaration of a conflict of interest on a claim: the member is related to its
// applicant (and so to every claim of the same applicant). No reason text: who and which claim.
struct InterestDeclaration {
  std::string id;
  std::string commission_id;
  std::string user_id;
  std::string claim_id;
  Timestamp declared_at;
};

struct CommissionSession {
  std::string id;
  int64_t version = 1;
  std::string commission_id;
  SessionState state = SessionState::kOpen;
  std::vector<std::string> present;  // user ids of the members present
  std::string opened_by;
  Timestamp opened_at;
  std::optional<Timestamp> closed_at;
};

// One claim on a session's agenda and what the session decided of it.
struct AgendaItem {
  std::string session_id;
  std::string claim_id;
  int ordinal = 0;
  Decision decision = Decision::kPending;
  int64_t amount = 0;   // approved
  std::string reason;   // rejected; a correction's reason too
  std::string recused;  // "usr_a:inspected,usr_b:declared": who could not vote, and why
  std::string decided_by;
  std::optional<Timestamp> decided_at;
  friend bool operator==(const AgendaItem&, const AgendaItem&) = default;
};

struct Vote {
  std::string session_id;
  std::string claim_id;
  std::string user_id;
  VoteChoice choice = VoteChoice::kAbstain;
  Timestamp cast_at;
  friend bool operator==(const Vote&, const Vote&) = default;
};

struct ActSignature {
  std::string user_id;
  Timestamp signed_at;
  friend bool operator==(const ActSignature&, const ActSignature&) = default;
};

// A session's act: its canonical content (src/recovery/commission_act.h) and the content's
// SHA-256; final once a quorum of the members present signed. A final act never changes (the
// store refuses); a correction is a new act of the same session that supersedes it.
struct SessionAct {
  std::string id;
  std::string session_id;
  std::string supersedes;  // the act this one corrects; empty for the first
  std::string content;
  std::string sha256;  // lower-case hex of the content's SHA-256
  Timestamp created_at;
  std::optional<Timestamp> final_at;
  std::vector<ActSignature> signatures;  // oldest first
};

// A programme's threshold: an approval of more than `above` KZT needs these sign-offs besides
// the commission's vote, each from a different person, none of whom prepared the claim.
struct ApprovalTier {
  int64_t above = 0;
  std::vector<SignOffRole> sign_offs;
  friend bool operator==(const ApprovalTier&, const ApprovalTier&) = default;
};

// One extra sign-off of an approved agenda item.
struct SignOff {
  std::string session_id;
  std::string claim_id;
  SignOffRole role = SignOffRole::kChair;
  std::string user_id;
  Timestamp signed_at;
  friend bool operator==(const SignOff&, const SignOff&) = default;
};

}  // namespace aftermath
