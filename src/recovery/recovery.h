// The damage & support register's use cases: programmes, affected objects, assessments and
// restoration works, claims and their states, the duplicate check and its conflict queue, and
// the family and injury cases opened from the direct line. The only holder of the store for this
// data ("one door"): http/ and cli/ call it. Every change is written with its audit row in one
// store transaction; every read of personal data is audited before it is answered. Like the
// registry it knows an `actor` (an opaque user id or "cli:…") but nothing of users, roles,
// sessions or HTTP: which role may call what is access/policy.cc's, what a role may see of the
// answer is access/disclosure.cc's.
//
// Thread-safety: a Recovery is thread-safe; it keeps no state of its own besides its
// collaborators, and every use case runs in its own store transaction.
#pragma once

#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/ids.h"
#include "common/status.h"
#include "model/recovery.h"
#include "names/engine.h"
#include "recovery/commission.h"
#include "recovery/duplicates.h"
#include "recovery/figures.h"
#include "recovery/file_store.h"
#include "recovery/payments.h"
#include "recovery/rules.h"
#include "recovery/views.h"
#include "recovery/working_days.h"
#include "store/store.h"

namespace aftermath::recovery {

// An object as a claimant or an inspector describes it; keys as typed (checked here).
struct NewObject {
  ObjectKind kind = ObjectKind::kHome;
  std::string name;
  std::string address;
  std::string cadastral;
  std::string vin;
  std::string plate;
  std::string bin;
  std::string premises;
  std::string description;
  std::string district;  // adm2, as written ("Медеуский район"); may be empty
  std::vector<ObjectOwner> owners;  // id_number as typed
};

// A claim as it comes in. Keys as typed: the IIN/BIN and IBAN are checked here and an invalid
// one is an InvalidArgument naming its field. `programme` is a programme's id or code.
struct NewClaim {
  ClaimKind kind = ClaimKind::kHome;
  ClaimChannel channel = ClaimChannel::kWebForm;
  std::string programme;
  std::string object_id;            // an object already registered, or:
  std::optional<NewObject> object;  // the object described (found by its keys, else created)
  std::string person_id;            // family and injury claims: the direct line's person
  std::string external_id;          // an imported form's own id: re-importing it is a no-op
  std::string applicant_name;
  std::string applicant_id;
  std::string applicant_phone;
  std::string applicant_address;
  std::string iban;
  std::string relation;
  InjurySeverity severity = InjurySeverity::kUnknown;
  int64_t amount_claimed = 0;
  std::vector<ClaimDocument> documents;
  std::string notes;
};

// What intake did: the claim as stored, its object, and the conflicts the duplicate check
// opened. kExisting: a claim with the same external id was there already (nothing written).
struct IntakeOutcome {
  Claim claim;
  std::optional<AffectedObject> object;
  bool object_created = false;
  std::vector<Conflict> conflicts;
  enum class Change { kCreated, kExisting } change = Change::kCreated;
};

// kDryRun validates, resolves the object and runs the duplicate check, then rolls back.
enum class WriteMode { kCommit, kDryRun };

// A claim checked without the store: its own fields canonical, its object built.
struct PreparedClaim {
  Claim claim;
  std::optional<AffectedObject> object;
};

// Changes to a claim's applicant and content; unset fields stay as they are.
struct ClaimChanges {
  int64_t version = 0;  // the version the caller read
  std::optional<std::string> applicant_name, applicant_id, applicant_phone, applicant_address, iban,
      relation, notes;
  std::optional<InjurySeverity> severity;
  std::optional<int64_t> amount_claimed;
  std::optional<std::vector<ClaimDocument>> documents;  // replaces the list
};

// An inspector's finding, before it is stored.
struct NewAssessment {
  std::string object_id;
  std::string claim_id;  // may be empty
  DamageGrade grade = DamageGrade::kD0;
  bool looted = false;
  bool burned = false;
  int64_t asset_damage = 0;
  int64_t lost_income = 0;
  std::string notes;
  std::vector<Photo> photos;
  std::optional<Timestamp> inspected_at;  // none: now
};

// How a conflict is resolved.
enum class Resolution { kDuplicate, kNotDuplicate };

// The direct line's trusted sources: a morgue's or a hospital's word that a person died opens a
// family's case; a hospital's that a person is in hospital opens an injury case.
inline constexpr const char* kDirectLineActor = "system:direct-line";

class Recovery {
 public:
  // REQUIRES: store, clock, names, ids and files (when given) outlive the register. Without
  // `files` photos and documents cannot be uploaded (they may still be referenced by hash).
  // `calendar` counts the working days of a complete claim's deadline (working_days.h).
  Recovery(Store& store, const Clock& clock, const names::NameEngine& names,
           IdGenerator* ids = nullptr, FileStore* files = nullptr,
           WorkingCalendar calendar = WorkingCalendar::Kazakhstan())
      : store_(store),
        clock_(clock),
        ids_(ids, clock),
        duplicates_(names),
        files_(files),
        calendar_(std::move(calendar)),
        commissions_(store, clock, ids),
        payments_(store, clock, ids) {}
  Recovery(const Recovery&) = delete;
  Recovery& operator=(const Recovery&) = delete;

  // ---- programmes (no personal data: reads are not audited) ----

  // Stores a new programme; its id, version and times are set here. InvalidArgument naming the
  // field (rules.h ValidateProgramme); AlreadyExists for a code in use.
  Result<Programme> CreateProgramme(const std::string& actor, Programme in);
  // Replaces programme `changes.id` if still at `changes.version` (Aborted otherwise).
  Result<Programme> UpdateProgramme(const std::string& actor, const Programme& changes);
  // Creates the programmes whose code is new and updates those whose code exists (a programme
  // file loaded again), in one transaction; the first invalid one fails them all.
  Result<std::vector<Programme>> LoadProgrammes(const std::string& actor,
                                                const std::vector<Programme>& programmes);
  Result<std::vector<Programme>> ListProgrammes();
  // By id or code. NotFound when neither.
  Result<Programme> GetProgramme(const std::string& id_or_code);

  // ---- objects, assessments and restoration works ----

  // The object these keys name, or a new one: found by cadastral number, VIN, plate, or BIN
  // with the same address or premises; keys and owners it lacked are added to it.
  Result<AffectedObject> RegisterObject(const std::string& actor, const NewObject& in);
  // Audited as "object.read".
  Result<ObjectView> GetObject(const std::string& actor, const std::string& id);
  // The objects a clerk's text names, for intake: the cadastral number, VIN or plate it reads
  // as, else the address as typed in any script (the same flat, then the building's other
  // units); at most `limit` (1..50). Audited as "object.search" with the ids found.
  Result<std::vector<AffectedObject>> FindObjects(const std::string& actor, std::string_view text,
                                                  int limit = 10);
  Result<Page<AffectedObject>> ListObjects(const std::string& actor, std::optional<ObjectKind> kind,
                                           const PageRequest& page);
  // Stores an inspector's finding. A checked property claim about the object (the assessment's
  // own claim, or every checked claim on the object when it names none) becomes inspected, and
  // is valued at once by the programme's schedule when its amount is within the valuer
  // threshold. InvalidArgument for a bad photo (hash, type, size) or a negative amount.
  Result<Assessment> RecordAssessment(const std::string& actor, const NewAssessment& in);
  Result<RestorationWork> StartWork(const std::string& actor, RestorationWork in);
  // Progress 0..100; at 100 the work is completed (now).
  Result<RestorationWork> UpdateWork(const std::string& actor, const std::string& id,
                                     int64_t version, int progress_pct, const std::string& notes);

  // Keeps a photo or a document (file_store.h) and audits it as "file.store" by its hash.
  // Unavailable when the register has no file store; FileStore::Put's errors.
  Result<StoredFile> StoreFile(const std::string& actor, std::string_view bytes,
                               std::string_view media_type);

  // ---- claims ----

  // Validates the claim, resolves its object, stores it as submitted and runs the duplicate
  // check, opening a conflict for each stored claim it may repeat, in one transaction.
  // InvalidArgument naming the field; NotFound for an unknown programme, object or person;
  // FailedPrecondition when the programme does not take the claim.
  Result<IntakeOutcome> SubmitClaim(const std::string& actor, const NewClaim& in,
                                    WriteMode mode = WriteMode::kCommit);
  // Many claims in one transaction (an import's batch): each row's outcome or its own error
  // (InvalidArgument, NotFound, FailedPrecondition, AlreadyExists), the rows seeing each other
  // for the duplicate check; any other error fails the whole batch and is returned instead.
  Result<std::vector<Result<IntakeOutcome>>> SubmitClaims(const std::string& actor,
                                                          const std::vector<NewClaim>& batch,
                                                          WriteMode mode = WriteMode::kCommit);
  // Audited as "claim.read".
  Result<ClaimView> GetClaim(const std::string& actor, const std::string& id);
  Result<Page<Claim>> ListClaims(const std::string& actor, const ClaimFilter& filter,
                                 const PageRequest& page);
  // What the public page tells an applicant who gives the application's number and their own
  // IIN or BIN: the claim's state and what it lacks, nothing else. An unknown number and a
  // wrong IIN answer the same NotFound, so the answer is no oracle for numbers or IINs. Audited as
  // "claim.applicant_read" by "applicant:<claim id>".
  Result<ApplicantStatus> StatusForApplicant(const std::string& claim_id,
                                             std::string_view applicant_id);
  // Complete claims not ready within 5 working days, the most overdue first.
  Result<std::vector<Claim>> ListOverdue(const std::string& actor, int limit);
  // Applies `changes` and checks the changed keys for duplicates again. Aborted when the claim
  // moved on from changes.version; FailedPrecondition once it is ready or withdrawn.
  Result<IntakeOutcome> UpdateClaim(const std::string& actor, const std::string& id,
                                    const ClaimChanges& changes);
  // Submitted or incomplete: complete when nothing is missing (due within 5 working days from
  // now, public holidays not counted: the register's WorkingCalendar), else incomplete with what
  // is missing.
  Result<Claim> ReviewClaim(const std::string& actor, const std::string& id);
  // Complete -> checked (documents seen). A claim of a fixed or by-severity programme is valued
  // at once (it has nothing to inspect).
  Result<Claim> CheckClaim(const std::string& actor, const std::string& id);
  // An independent valuer's amount (inspected property claims; checked family and injury
  // claims), lowered to what the programme's caps per object and per person leave.
  // FailedPrecondition naming the programme and the amounts when the budget has no room for it.
  Result<Claim> ValueClaim(const std::string& actor, const std::string& id, int64_t amount);
  // Valued -> ready for a commission. FailedPrecondition while a conflict on it is open or it
  // was found a duplicate.
  Result<Claim> MarkReady(const std::string& actor, const std::string& id);
  Result<Claim> WithdrawClaim(const std::string& actor, const std::string& id,
                              const std::string& reason);

  // ---- the conflict queue ----

  // Both sides of each conflict; audited as "conflict.list" naming every claim read.
  Result<std::vector<ConflictView>> ListConflicts(const std::string& actor,
                                                  const ConflictFilter& filter);
  // Resolves an open conflict, with the supervisor's `note` on why. kDuplicate holds the newer
  // claim (duplicate_of the other); kNotDuplicate lets both go on, so both may be paid, and
  // needs a note (InvalidArgument naming "note" without one; at most 500 characters).
  // FailedPrecondition when it is not open; Aborted when it moved on from `version`.
  Result<Conflict> ResolveConflict(const std::string& actor, const std::string& id, int64_t version,
                                   Resolution resolution, const std::string& note = {});
  // Reopens a resolved conflict and undoes what its resolution did.
  Result<Conflict> UndoResolution(const std::string& actor, const std::string& id, int64_t version);

  // ---- the direct line ----

  // Confirms a proposed next of kin as the payee of a family's claim: the claim's applicant
  // name, phone and relation become the kin's. FailedPrecondition when the proposal was
  // withdrawn (its inquiry no longer names the person).
  Result<Claim> ConfirmPayee(const std::string& actor, const std::string& claim_id,
                             const std::string& kin_id);
  // Brings the cases of these persons and of the persons these inquiries name up to date with
  // the direct line (change_feed: what a commit touched): opens a family's case for a person a
  // morgue or hospital reports dead and an injury case for one a hospital holds (for each
  // active programme that opens cases from the line and whose period covers today), proposes
  // the next of kin from the inquiries linked to the person, withdraws proposals whose inquiry
  // no longer names the person, follows merges, and withdraws a family's case whose person is
  // no longer reported dead. Audited as kDirectLineActor.
  // When one of the persons was purged and had a case, the files no record names any more are
  // removed (SweepUnreferencedFiles). An injury case opens with its severity unknown: the
  // direct line's reports say a person is in hospital, not how badly hurt (model/records.h has
  // no such field), so the case lists "severity" as missing until a clerk sets it.
  Status SyncFromDirectLine(const std::vector<std::string>& person_ids,
                            const std::vector<std::string>& inquiry_ids);
  // SyncFromDirectLine for every person reported dead or in hospital (after a restart, or once
  // the change feed was pruned past this process's cursor), when an active programme opens cases
  // from the line. Returns the persons looked at.
  Result<int> CatchUpWithDirectLine();

  // ---- figures (no personal data in or out: not audited) ----

  // Claims and amounts by district, object type, programme and state; budgets used; days from
  // complete to decision and to payment; damage and losses by sector (figures.h).
  Result<RegisterFigures> GetFigures();
  // The public aggregates by district and object type, cells of fewer than `small_cell` claims
  // suppressed. InvalidArgument (field small_cell) when small_cell < 1.
  Result<std::vector<FigureCell>> PublicFigures(int small_cell);

  const Clock& clock() const { return clock_; }
  const DuplicateCheck& duplicates() const { return duplicates_; }
  // Part 2: the commissions that decide ready claims, on the same store (commission.h).
  Commissions& commissions() { return commissions_; }
  // The payments of final approvals (payments.h).
  Payments& payments() { return payments_; }

 private:
  Result<Programme> ProgrammeIn(Transaction& tx, const std::string& id_or_code);
  Result<std::vector<EarlierClaim>> EarlierClaims(Transaction& tx, const Claim& claim);
  Result<PreparedClaim> Prepare(const NewClaim& in) const;
  // Intake's writes in the caller's transaction; nothing is written when it refuses the claim.
  Result<IntakeOutcome> SubmitPrepared(Transaction& tx, const std::string& actor,
                                       const NewClaim& in, PreparedClaim prepared);
  // The stored object `built` (checked by the caller) names, or `built` stored as new.
  Result<AffectedObject> RegisterObjectIn(Transaction& tx, const std::string& actor,
                                          AffectedObject built, bool* created);
  // Runs the duplicate check for `claim` and inserts a conflict for each new finding.
  Result<std::vector<Conflict>> OpenConflicts(Transaction& tx, const std::string& actor,
                                              const Claim& claim);
  // Reads a claim, applies `change` and stores it with its audit row, in one transaction.
  template <typename ChangeFn>
  Result<Claim> ChangeClaim(const std::string& actor, const std::string& id, const char* action,
                            ChangeFn change);
  // Values an inspected or checked claim by its programme's rule when no valuer is needed,
  // within the programme's caps (rules.h WithinLimits); a claim the budget has no room for
  // stays as it is, with a note saying so, for a person to value once it has.
  Status ValueBySchedule(Transaction& tx, Claim& claim, int64_t assessed_damage);
  // What the claim's programme has valued on its object, of its applicant and in all.
  Result<ValuedSoFar> ValuedSoFarOf(Transaction& tx, const Claim& claim);
  // The changes one person's cases need; applied when `apply`. Returns whether any were needed.
  // Sets *purged_case (when given) for a purged person who has a case.
  Result<bool> SyncPersonIn(Transaction& tx, const std::string& person_id, bool apply,
                            std::vector<std::string>* also, bool* purged_case = nullptr);
  Status SyncPerson(const std::string& person_id, std::vector<std::string>* also,
                    bool* purged_case);
  Status Audit(Transaction& tx, const std::string& actor, std::string action,
               std::string entity_type, std::string entity_id, std::string detail = {});
  // Runs `read` and appends the read's audit row in one bookkeeping transaction, committed
  // before the result is returned.
  template <typename ReadFn>
  auto AuditedRead(const std::string& actor, const char* action, const char* entity_type,
                   ReadFn read)
      -> decltype(read(std::declval<Transaction&>(), std::declval<std::string&>()));

  Store& store_;
  const Clock& clock_;
  GivenOrOwnIdGenerator ids_;
  DuplicateCheck duplicates_;
  FileStore* files_;
  const WorkingCalendar calendar_;
  Commissions commissions_;
  Payments payments_;
};

}  // namespace aftermath::recovery
