// The duplicate check at intake: which stored claims a new or changed claim may repeat, and why.
//
// Candidates come from the store's indexes, one lookup per key of the claim (IIN/BIN, IBAN,
// phone, object, damage photos by SHA-256, the direct line's person, the folded address and
// building); each candidate is then judged by the rules below, strongest reason first:
//   same_applicant     one IIN/BIN in one programme for the same object, the same place, or
//                      (without objects) the same person killed or injured
//   same_object        one object (found by cadastral number, VIN, plate, BIN and premises),
//                      or one person killed or injured, claimed twice
//   two_programmes     one IIN/BIN in two programmes whose periods overlap
//   same_iban          one account, different applicants
//   same_photo         one damage photo on both claims
//   similar_applicant  the applicant's name matches across scripts (the name engine) at the
//                      same place, or with the same phone, in one programme
//   same_address       the same premises (street, house and flat folded) claimed by another
//                      applicant under another object: co-owners, or a duplicate
// A stored claim that is withdrawn, or the claim itself, is never a candidate.
//
// Thread-safety: a DuplicateCheck is immutable; Find may run on many threads, each with its own
// transaction.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "model/recovery.h"
#include "names/engine.h"
#include "store/recovery_records.h"

namespace aftermath::recovery {

struct Finding {
  std::string other_claim_id;
  std::vector<ConflictReason> reasons;  // strongest first; never empty
  double score = 1.0;                   // 1 for exact keys; the name score for fuzzy ones
};

// The reasons' wire names, comma separated.
std::string JoinReasons(const std::vector<ConflictReason>& reasons);

class DuplicateCheck {
 public:
  // At most this many candidates are read per key (a busy building's address, a common phone).
  static constexpr int kMaxPerKey = 200;

  // REQUIRES: `names` outlives the check.
  explicit DuplicateCheck(const names::NameEngine& names) : names_(names) {}

  // The stored claims `claim` may repeat, in the order of their ids; `programmes` is every
  // programme (for their periods). Errors are the store's.
  Result<std::vector<Finding>> Find(RecoveryRecords& tx, const Claim& claim,
                                    const std::vector<Programme>& programmes) const;

  // Whether two applicants' names are one person's across scripts, and how sure.
  double NameScore(const std::string& a, const std::string& b) const;

 private:
  const names::NameEngine& names_;
};

}  // namespace aftermath::recovery
