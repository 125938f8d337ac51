// The damage & support register: affected objects, assessments, restoration works, claims,
// next of kin, programmes and the duplicate check's conflicts (model/recovery.h). One aggregate
// of Transaction (store.h); only src/recovery holds it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "model/records.h"
#include "model/recovery.h"

namespace aftermath {

// The keys an object is found by (each an indexed column).
enum class ObjectKey { kCadastral, kVin, kPlate, kBin, kAddress, kBuilding };
// The keys a claim is found by for the duplicate check (each an indexed column or table).
enum class ClaimKey {
  kApplicantId,  // IIN/BIN
  kIban,
  kPhone,
  kObject,    // object id
  kPerson,    // the direct line's person id
  kPhoto,     // a document's SHA-256
  kAddress,   // street|house|flat
  kBuilding,  // street|house
};

struct ClaimFilter {
  std::optional<ClaimState> state;
  std::optional<ClaimKind> kind;
  std::string programme_id;  // empty: any
  std::string object_id;     // empty: any
};

// Which valued claims SumValued adds up: those of one programme, leaving out one claim, and only
// those about one object or of one applicant when given (at most one of the two).
struct ValuedFilter {
  std::string programme_id;
  std::string object_id;        // empty: any
  std::string applicant_id;     // empty: any
  std::string except_claim_id;  // empty: none left out
};

// One claim as the register's figures count it (recovery/figures.h), without personal data.
struct ClaimFigureRow {
  std::string programme_id;
  ClaimKind kind = ClaimKind::kHome;
  ClaimState state = ClaimState::kSubmitted;
  std::optional<ObjectKind> object_kind;  // none for claims without an object
  std::string district;                   // the object's; '' when unknown
  bool duplicate = false;                 // held as a duplicate of another claim
  std::optional<int64_t> amount_valued;
  int64_t amount_approved = 0;  // the latest approval's amount (0: none)
  int64_t amount_paid = 0;      // the claim's payments the bank booked
  std::optional<Timestamp> completed_at;
  std::optional<Timestamp> decided_at;  // its first decision (approved or rejected)
  std::optional<Timestamp> paid_at;     // its first payment booked
};

// An object's latest assessment, for damage and losses by sector.
struct DamageFigureRow {
  ObjectKind object_kind = ObjectKind::kHome;
  int64_t asset_damage = 0;
  int64_t lost_income = 0;
};

struct ConflictFilter {
  std::optional<ConflictState> state;
  std::string claim_id;  // empty: any; else conflicts on either side of it
  int limit = 100;
};

// Reads return NotFound when the id is unknown, DataLoss when a stored row cannot be read.
// Inserts fail with AlreadyExists on a duplicate id (and on a duplicate programme code, claim
// external id, or a second claim of one kind for one direct-line person in one programme);
// versioned updates fail with Aborted when the stored record has moved on from the version the
// caller read, and on success the stored version is the caller's plus one.
// What a claim's transition is checked on (recovery/rules.h): read and moved on many claims at
// once by a bank's answer (ListClaimStatusesOnList, UpdateClaimStates).
struct ClaimStatus {
  std::string id;
  int64_t version = 0;
  ClaimKind kind = ClaimKind::kHome;
  ClaimState state = ClaimState::kSubmitted;
};

class RecoveryRecords {
 public:
  virtual ~RecoveryRecords() = default;

  // ---- programmes ----
  virtual Result<Programme> GetProgramme(std::string_view id) = 0;
  virtual Result<std::optional<Programme>> FindProgrammeByCode(std::string_view code) = 0;
  // Oldest first.
  virtual Result<std::vector<Programme>> ListProgrammes() = 0;
  virtual Status InsertProgramme(const Programme& programme) = 0;
  virtual Status UpdateProgramme(const Programme& programme) = 0;

  // ---- objects, with their owners ----
  virtual Result<AffectedObject> GetObject(std::string_view id) = 0;
  // Ids of the objects whose `key` is `value`, oldest first, at most `limit`.
  virtual Result<std::vector<std::string>> FindObjectIds(ObjectKey key, std::string_view value,
                                                         int limit) = 0;
  virtual Result<Page<AffectedObject>> ListObjects(std::optional<ObjectKind> kind,
                                                   const PageRequest& page) = 0;
  virtual Result<int64_t> CountObjects() = 0;
  virtual Status InsertObject(const AffectedObject& object) = 0;
  // Replaces the owners too.
  virtual Status UpdateObject(const AffectedObject& object) = 0;

  // ---- assessments (with their photos) and restoration works ----
  virtual Result<Assessment> GetAssessment(std::string_view id) = 0;
  // Oldest first.
  virtual Result<std::vector<Assessment>> ListAssessments(std::string_view object_id) = 0;
  virtual Status InsertAssessment(const Assessment& assessment) = 0;
  virtual Result<RestorationWork> GetWork(std::string_view id) = 0;
  virtual Result<std::vector<RestorationWork>> ListWorks(std::string_view object_id) = 0;
  virtual Status InsertWork(const RestorationWork& work) = 0;
  virtual Status UpdateWork(const RestorationWork& work) = 0;

  // ---- claims, with their documents ----
  virtual Result<Claim> GetClaim(std::string_view id) = 0;
  virtual Result<std::optional<Claim>> FindClaimByExternalId(std::string_view external_id) = 0;
  // Ids of the claims whose `key` is `value` (kPhoto: with a document of that hash), oldest
  // first, at most `limit`.
  virtual Result<std::vector<std::string>> FindClaimIds(ClaimKey key, std::string_view value,
                                                        int limit) = 0;
  // Newest first.
  virtual Result<Page<Claim>> ListClaims(const ClaimFilter& filter, const PageRequest& page) = 0;
  // Claims complete but not yet ready or withdrawn whose deadline is before `now`, the most
  // overdue first.
  virtual Result<std::vector<Claim>> ListOverdueClaims(Timestamp now, int limit) = 0;
  virtual Result<int64_t> CountClaims() = 0;
  // The sum of amount_valued over the claims `filter` names that have one and are not
  // withdrawn (0 when none): what a programme has spent of its caps and budget.
  virtual Result<int64_t> SumValued(const ValuedFilter& filter) = 0;
  // True when a claim's document or an assessment's photo names this SHA-256 (a file kept
  // outside the database is still needed).
  virtual Result<bool> IsFileReferenced(std::string_view sha256) = 0;
  // Every claim, as the figures count it, in no particular order.
  virtual Result<std::vector<ClaimFigureRow>> ListClaimFigureRows() = 0;
  // The latest assessment of each assessed object.
  virtual Result<std::vector<DamageFigureRow>> ListDamageFigureRows() = 0;
  virtual Status InsertClaim(const Claim& claim) = 0;
  // Replaces the documents too.
  virtual Status UpdateClaim(const Claim& claim) = 0;
  // Moves claim `id` at `version` to `state` as of `updated_at` (its version goes up by one),
  // nothing else of it written: what a bank's answer does to each claim it pays, without
  // rewriting the claim's every column, index and document. NotFound / Aborted as UpdateClaim.
  virtual Status UpdateClaimState(std::string_view id, int64_t version, ClaimState state,
                                  Timestamp updated_at) = 0;
  // Each of `claims` (at its `version`) moved to `state` as of `updated_at`, as
  // UpdateClaimState does one, in a statement per up to 256 claims (a bank's answer of 10,000 in
  // 40 round trips instead of 10,000). InvalidArgument when a claim is there twice; Aborted
  // naming a claim that moved on (nothing of the batch is kept once the transaction rolls back).
  virtual Status UpdateClaimStates(const std::vector<ClaimStatus>& claims, ClaimState state,
                                   Timestamp updated_at) = 0;
  // The claim of each payment on payment list `list_id` (paid, returned or not), by id; empty
  // for an unknown list.
  virtual Result<std::vector<ClaimStatus>> ListClaimStatusesOnList(std::string_view list_id) = 0;

  // ---- next of kin proposed for a family's claim ----
  // Oldest first.
  virtual Result<std::vector<KinProposal>> ListKin(std::string_view claim_id) = 0;
  // Every proposal made from one inquiry of the direct line, oldest first.
  virtual Result<std::vector<KinProposal>> ListKinOfInquiry(std::string_view inquiry_id) = 0;
  virtual Status InsertKin(const KinProposal& kin) = 0;
  virtual Status UpdateKin(const KinProposal& kin) = 0;

  // ---- the conflict queue ----
  virtual Result<Conflict> GetConflict(std::string_view id) = 0;
  // Newest first.
  virtual Result<std::vector<Conflict>> ListConflicts(const ConflictFilter& filter) = 0;
  virtual Status InsertConflict(const Conflict& conflict) = 0;
  virtual Status UpdateConflict(const Conflict& conflict) = 0;
};

}  // namespace aftermath
