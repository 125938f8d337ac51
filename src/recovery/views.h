// What the recovery screens show, read by the register in one place (recovery.cc) so that every
// read of personal data is audited there. Plain values; the HTTP layer only filters them for the
// viewer's role (access/disclosure.cc) and writes them out.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/recovery.h"

namespace aftermath::recovery {

// Another claim of the same applicant (IIN/BIN) or about the same object, and what was paid on
// it: what a commission weighs before it pays again.
struct EarlierClaim {
  std::string claim_id;
  std::string programme_code;
  ClaimKind kind = ClaimKind::kHome;
  ClaimState state = ClaimState::kSubmitted;
  bool same_applicant = false;
  bool same_object = false;
  int64_t paid = 0;             // KZT the bank paid
  int64_t pending_payment = 0;  // KZT on a list, not yet paid or returned
  std::optional<Timestamp> last_paid_at;
};

// A claim with what a clerk needs to work it: its object and the object's assessments, its
// programme, the conflicts on either side of it, and, for a family's or an injured person's
// case, the person in the direct line and the next of kin proposed from the line's inquiries.
struct ClaimView {
  Claim claim;
  std::optional<AffectedObject> object;
  std::vector<Assessment> assessments;
  std::string programme_code;
  std::string programme_name;
  std::vector<Conflict> conflicts;
  std::vector<KinProposal> kin;
  std::string person_name;           // the direct line's display name; empty when purged or none
  std::string person_status;         // the direct line's status ("deceased", "hospitalised")
  std::vector<std::string> missing;  // what the claim still lacks (rules.h MissingOf)
  std::vector<EarlierClaim> earlier;  // oldest first, at most kMaxEarlierClaims
};

inline constexpr int kMaxEarlierClaims = 20;

// A claim as its applicant sees it on the public page.
struct ApplicantStatus {
  std::string claim_id;
  ClaimState state = ClaimState::kSubmitted;
  std::vector<std::string> missing;  // codes (rules.h MissingOf), said in the reader's language
  Timestamp submitted_at;
  Timestamp updated_at;
};

// A conflict with both claims side by side.
struct ConflictView {
  Conflict conflict;
  Claim claim;  // the newer
  Claim other;
};

// An object with its assessments, restoration works and the ids of the claims about it.
struct ObjectView {
  AffectedObject object;
  std::vector<Assessment> assessments;
  std::vector<RestorationWork> works;
  std::vector<std::string> claim_ids;
};

}  // namespace aftermath::recovery
