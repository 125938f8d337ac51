// The records of the damage & support register (src/recovery): affected objects with their
// owners, damage assessments and restoration works, claims with their documents and the next of
// kin proposed for a family's claim, support programmes, and the conflicts the duplicate check
// finds. Plain values: keys are checked and addresses folded by src/recovery, persistence is in
// store/recovery_records.h. Amounts are whole tenge (KZT). Ids are public, random and prefixed
// (common/ids.h); times are UTC.
//
// Part 2 (commissions, decisions, payments) adds records that refer to these by id; a claim's
// state machine ends at kReady here and goes on there.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "model/enums.h"
#include "model/partial_date.h"

namespace aftermath {

inline constexpr const char* kObjectIdPrefix = "obj";
inline constexpr const char* kAssessmentIdPrefix = "asm";
inline constexpr const char* kWorkIdPrefix = "wrk";
inline constexpr const char* kClaimIdPrefix = "clm";
inline constexpr const char* kKinIdPrefix = "kin";
inline constexpr const char* kProgrammeIdPrefix = "prg";
inline constexpr const char* kConflictIdPrefix = "cfl";

// ---- the vocabularies, with their wire names ----

enum class ObjectKind {
  kHome,            // "home": a house or a flat
  kShop,            // "shop"
  kOffice,          // "office"
  kAdministrative,  // "administrative": a public administration's building
  kSocialFacility,  // "social_facility": a school, a clinic, a kindergarten
  kVehicle,         // "vehicle"
  kEquipment,       // "equipment": equipment and goods
};

// One damage grade, kept as EMS-98's D0..D5; FEMA's categories follow from it (FemaOf).
enum class DamageGrade { kD0, kD1, kD2, kD3, kD4, kD5 };
enum class FemaCategory { kNone, kAffected, kMinor, kMajor, kDestroyed };
// D0 none, D1 affected, D2 minor, D3-D4 major, D5 destroyed.
FemaCategory FemaOf(DamageGrade grade);

enum class ClaimKind {
  kBusinessProperty,  // "business_property": a shop's or an office's property and goods
  kHome,              // "home"
  kVehicle,           // "vehicle"
  kFamilySupport,     // "family_support": the family of a person killed
  kInjurySupport,     // "injury_support": a person injured, by severity
};
// Channels a claim comes in by.
enum class ClaimChannel {
  kCall,        // "call": the 1414 line
  kWebForm,     // "web_form"
  kFieldVisit,  // "field_visit"
  kFieldForm,   // "field_form": a CSV exported from KoBoToolbox / ODK forms
  kDirectLine,  // "direct_line": opened by itself from a trusted death or injury report
  kOnline,      // "online": the applicant's own application on the public page
};
// submitted -> incomplete (what is missing) | complete -> checked -> inspected -> valued -> ready;
// any state before ready -> withdrawn. Claims without an object (family, injury) go from checked
// to valued. Part 2 (model/commission.h): a commission decides ready -> approved | rejected;
// rejected -> appealed, which a later session decides again (approved | rejected); approved ->
// paid when the bank books its payment.
enum class ClaimState {
  kSubmitted,
  kIncomplete,
  kComplete,
  kChecked,
  kInspected,
  kValued,
  kReady,
  kWithdrawn,
  kApproved,  // "approved": a commission approved it, with an amount (its session's act)
  kRejected,  // "rejected": a commission rejected it, with a reason
  kAppealed,  // "appealed": the applicant appealed a rejection; on a later session's agenda
  kPaid,      // "paid": the bank booked its payment (model/payment.h)
};
enum class InjurySeverity { kUnknown, kLight, kModerate, kSevere };
// How a claim's amount was valued: none yet, by the programme's fixed schedule (below its
// threshold), by an independent valuer (above it), or a programme's fixed sum.
enum class ValuationMethod { kNone, kSchedule, kValuer, kFixed };
enum class AmountRule {
  kFixed,       // "fixed": the same sum for every eligible claim
  kBySeverity,  // "by_severity": a sum per injury severity
  kAssessed,    // "assessed": the valued damage, within the caps
};
// Why two claims were put side by side.
enum class ConflictReason {
  kSameApplicant,     // "same_applicant": one IIN/BIN claiming the same object or support twice
  kSameObject,        // "same_object": one object (cadastral number, VIN, plate, BIN) claimed twice
  kSameIban,          // "same_iban": one bank account for different applicants
  kSamePhoto,         // "same_photo": one photo (by SHA-256) on both claims
  kSimilarApplicant,  // "similar_applicant": the applicant's name in another script, same place
  kSameAddress,       // "same_address": the same address, written differently
  kTwoProgrammes,     // "two_programmes": one IIN/BIN in two programmes of one period
};
enum class ConflictState {
  kOpen,          // "open": waiting for a decision
  kDuplicate,     // "duplicate": the newer claim repeats the older one and is held
  kNotDuplicate,  // "not_duplicate": both go on (co-owners, two shops of one owner)
};
enum class KinState { kProposed, kConfirmed, kRejected, kWithdrawn };

std::string_view ToString(ObjectKind v);
std::string_view ToString(DamageGrade v);  // "D0".."D5"
std::string_view ToString(FemaCategory v);
std::string_view ToString(ClaimKind v);
std::string_view ToString(ClaimChannel v);
std::string_view ToString(ClaimState v);
std::string_view ToString(InjurySeverity v);
std::string_view ToString(ValuationMethod v);
std::string_view ToString(AmountRule v);
std::string_view ToString(ConflictReason v);
std::string_view ToString(ConflictState v);
std::string_view ToString(KinState v);

// Each returns nullopt for a name outside the vocabulary.
std::optional<ObjectKind> ParseObjectKind(std::string_view s);
std::optional<DamageGrade> ParseDamageGrade(std::string_view s);  // also "0".."5", "d3"
std::optional<FemaCategory> ParseFemaCategory(std::string_view s);
std::optional<ClaimKind> ParseClaimKind(std::string_view s);
std::optional<ClaimChannel> ParseClaimChannel(std::string_view s);
std::optional<ClaimState> ParseClaimState(std::string_view s);
std::optional<InjurySeverity> ParseInjurySeverity(std::string_view s);
std::optional<ValuationMethod> ParseValuationMethod(std::string_view s);
std::optional<AmountRule> ParseAmountRule(std::string_view s);
std::optional<ConflictReason> ParseConflictReason(std::string_view s);
std::optional<ConflictState> ParseConflictState(std::string_view s);
std::optional<KinState> ParseKinState(std::string_view s);

// The allowed words, comma separated, for error messages.
std::string_view ObjectKindNames();
std::string_view ClaimKindNames();
std::string_view ClaimChannelNames();
std::string_view ClaimStateNames();
std::string_view InjurySeverityNames();
std::string_view AmountRuleNames();

// ---- records ----

// An owner of an object and their share in basis points (10,000 = the whole object).
struct ObjectOwner {
  std::string name;
  std::string id_number;  // canonical IIN or BIN; may be empty
  int share_bp = 10000;
  friend bool operator==(const ObjectOwner&, const ObjectOwner&) = default;
};

// A home, shop, office, public building, vehicle or lot of equipment that was damaged. Keys
// where they exist (cadastral number; VIN and plate; the business's BIN with its premises),
// else the address, folded (recovery/address.h) into address_key and building_key.
struct AffectedObject {
  std::string id;
  int64_t version = 1;
  ObjectKind kind = ObjectKind::kHome;
  std::string name;          // a shop's sign, a school's name; may be empty
  std::string address;       // as written
  std::string locality_key;  // folded town, street|house|flat, street|house
  std::string address_key;
  std::string building_key;
  std::string cadastral;  // canonical (recovery/keys.h) or empty
  std::string vin;
  std::string plate;
  std::string bin;       // the business's BIN, for shops and offices
  std::string premises;  // the unit within the building ("бутик 12"), as written
  std::string description;
  // The district (adm2) the object is in, as the inspector or the form names it; may be empty.
  // The register's figures count by it (recovery/figures.h).
  std::string district;
  std::vector<ObjectOwner> owners;
  std::string created_by;
  Timestamp created_at;
  Timestamp updated_at;
};

// A photo kept outside the database, named by its SHA-256 (lower-case hex).
struct Photo {
  std::string sha256;
  std::string media_type;  // image/jpeg, image/png, image/webp, image/heic
  int64_t size = 0;        // bytes
  std::optional<Timestamp> taken_at;
  std::optional<double> latitude;
  std::optional<double> longitude;
  friend bool operator==(const Photo&, const Photo&) = default;
};

// An inspector's finding on one object. Damage to assets is kept apart from lost income
// (PDNA's damage and losses).
struct Assessment {
  std::string id;
  int64_t version = 1;
  std::string object_id;
  std::string claim_id;   // the claim it was made for; may be empty
  std::string inspector;  // actor
  DamageGrade grade = DamageGrade::kD0;
  bool looted = false;
  bool burned = false;
  int64_t asset_damage = 0;  // KZT
  int64_t lost_income = 0;   // KZT
  std::string notes;
  std::vector<Photo> photos;
  Timestamp inspected_at;
  Timestamp created_at;
};

// Restoration of a public or residential object: who does it, for how much, how far along.
struct RestorationWork {
  std::string id;
  int64_t version = 1;
  std::string object_id;
  std::string contractor;
  int64_t budget = 0;  // KZT
  int progress_pct = 0;
  std::optional<Timestamp> started_at;
  std::optional<Timestamp> completed_at;  // set when progress reaches 100
  std::string notes;
  Timestamp created_at;
  Timestamp updated_at;
};

// A document attached to a claim (an identity card, a title deed, a death certificate, a
// photo), kept outside the database by its SHA-256.
struct ClaimDocument {
  std::string kind;  // "id_card", "title_deed", "death_certificate", "photo", ...
  std::string sha256;
  std::string media_type;
  int64_t size = 0;
  friend bool operator==(const ClaimDocument&, const ClaimDocument&) = default;
};

// A request for support from a person or a business.
struct Claim {
  std::string id;
  int64_t version = 1;
  ClaimKind kind = ClaimKind::kHome;
  ClaimState state = ClaimState::kSubmitted;
  ClaimChannel channel = ClaimChannel::kWebForm;
  std::string programme_id;
  std::string object_id;    // property claims
  std::string person_id;    // family and injury claims: the person in the direct line
  std::string external_id;  // an imported form's own id ("form:uuid"); unique when set
  // Who claims (the payee).
  std::string applicant_name;
  std::string applicant_id;  // canonical IIN or BIN; may be empty until complete
  std::string applicant_phone;
  std::string applicant_address;
  std::string iban;      // canonical; may be empty until complete
  std::string relation;  // to the person killed or injured
  // The place the claim is about, folded: the object's for property, else the applicant's.
  std::string address_key;
  std::string building_key;
  InjurySeverity severity = InjurySeverity::kUnknown;
  int64_t amount_claimed = 0;  // KZT
  std::optional<int64_t> amount_valued;
  ValuationMethod valuation = ValuationMethod::kNone;
  std::string missing;  // what an incomplete claim lacks, as told to the applicant
  std::string notes;
  std::vector<ClaimDocument> documents;
  std::string duplicate_of;  // set when a conflict was resolved as a duplicate of that claim
  std::string created_by;
  Timestamp submitted_at;
  std::optional<Timestamp> completed_at;
  std::optional<Timestamp> due_at;  // ready within 5 working days of being complete
  std::optional<Timestamp> ready_at;
  std::optional<Timestamp> withdrawn_at;
  Timestamp updated_at;
};

// A relative proposed as the payee of a family's claim, from an inquiry to the direct line that
// sought the person (its caller, relation and phone).
struct KinProposal {
  std::string id;
  int64_t version = 1;
  std::string claim_id;
  std::string inquiry_id;
  std::string name;
  std::string relation;
  std::string phone;
  KinState state = KinState::kProposed;
  std::string decided_by;
  std::optional<Timestamp> decided_at;
  Timestamp created_at;
};

// A support scheme: who is eligible, how much, the caps, the budget and the period.
struct Programme {
  std::string id;
  int64_t version = 1;
  std::string code;  // unique, chosen by whoever configures it ("almaty-2022-business")
  std::string name;
  std::vector<ClaimKind> claim_kinds;    // eligible kinds of claim (at least one)
  std::vector<ObjectKind> object_kinds;  // eligible objects; empty: any
  AmountRule amount_rule = AmountRule::kAssessed;
  int64_t fixed_amount = 0;                                          // kFixed
  int64_t amount_light = 0, amount_moderate = 0, amount_severe = 0;  // kBySeverity
  int64_t cap_per_object = 0;                                        // 0: none
  int64_t cap_per_person = 0;                                        // 0: none
  int64_t budget = 0;                                                // 0: none
  // Assessed amounts up to this are valued by the fixed schedule; above, by a valuer.
  int64_t valuer_threshold = 0;
  PartialDate period_start;  // full dates; the period includes both ends
  PartialDate period_end;
  // Family and injury claims open by themselves from the direct line's trusted reports.
  bool opens_from_direct_line = false;
  bool active = true;
  Timestamp created_at;
  Timestamp updated_at;
};

// Two claims the duplicate check put side by side, with the reason. `claim_id` is the newer.
struct Conflict {
  std::string id;
  int64_t version = 1;
  std::string claim_id;
  std::string other_claim_id;
  ConflictReason reason = ConflictReason::kSameApplicant;
  std::string reasons;  // every reason found, comma separated, strongest first
  double score = 0;     // the name and address evidence, 0..1 (1 for exact keys)
  ConflictState state = ConflictState::kOpen;
  std::string resolved_by;
  std::optional<Timestamp> resolved_at;
  // Why the supervisor decided so ("one building, two flats"): needed when both claims go on,
  // since that lets both be paid. Free text; purged with the claims' other notes.
  std::string resolution_note;
  Timestamp created_at;
};

}  // namespace aftermath
