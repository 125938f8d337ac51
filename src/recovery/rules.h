// The register's rules as pure functions over model/recovery.h: which state a claim may move to
// and when, what a claim still lacks, which objects and claims a programme takes, how a claim's
// amount is valued, and what a well-formed object, claim and programme is. The use cases
// (recovery.h) apply them inside their store transactions.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "model/recovery.h"

namespace aftermath::recovery {

// Photos and documents: at most this many bytes, of these media types.
inline constexpr int64_t kMaxFileBytes = 20 << 20;
bool IsAllowedMediaType(std::string_view media_type);
// True for 64 lower-case hex digits.
bool IsSha256Hex(std::string_view text);

// Days a complete claim has to become ready for a commission.
inline constexpr int kReadyWithinWorkingDays = 5;

// True for the kinds of claim that are about an object (inspected before they are valued).
bool IsPropertyClaim(ClaimKind kind);
// The object kinds a property claim of `kind` may be about (business property: shop, office,
// equipment; home: home; vehicle: vehicle); empty for family and injury claims.
std::vector<ObjectKind> ObjectKindsFor(ClaimKind kind);

// What the claim still lacks before it can be complete, as the applicant is told it: the
// applicant's name, IIN/BIN and IBAN, the object for property claims, the person for family and
// injury claims, the documents its kind needs ("id_card"; "title_deed" for homes and business
// property; "vehicle_registration"; "death_certificate"; "medical_certificate") and the
// severity of an injury. Empty when nothing is missing.
std::vector<std::string> MissingOf(const Claim& claim);

// OK when `claim` may go from its state to `target`; FailedPrecondition naming both states
// otherwise. Forward moves only, in order, except: a claim without an object goes from checked
// to valued; incomplete goes to complete; any state before ready may be withdrawn. A commission
// decides ready and appealed claims (approved, rejected); a rejected claim may be appealed.
Status CheckTransition(const Claim& claim, ClaimState target);

// OK when `programme` takes `claim` (its kind, its object's kind, its period when `on` is
// given); FailedPrecondition saying why not otherwise.
Status CheckEligible(const Programme& programme, const Claim& claim, const AffectedObject* object,
                     const PartialDate* on = nullptr);

// True when the periods of two programmes share a day (an unknown end runs on forever).
bool PeriodsOverlap(const Programme& a, const Programme& b);
// True when the day `on` lies in the programme's period.
bool InPeriod(const Programme& programme, const PartialDate& on);

// The amount a programme's rule gives a claim before any valuer: the fixed sum, the sum for the
// injury's severity, or for assessed programmes the assessed asset damage; capped by the
// programme's cap per object. FailedPrecondition when the severity is still unknown.
Result<int64_t> ScheduledAmount(const Programme& programme, const Claim& claim,
                                int64_t assessed_damage);
// What a programme has valued so far, leaving out the claim being valued: on the claim's
// object, on the claim's applicant (IIN/BIN), and in the whole programme. Claims count from
// the moment they are valued until they are withdrawn.
struct ValuedSoFar {
  int64_t on_object = 0;
  int64_t of_person = 0;
  int64_t in_programme = 0;
};
// `amount` within the programme's limits: lowered to what the cap per object leaves on the
// claim's object (property claims) and to what the cap per person leaves to its applicant
// (claims with an IIN/BIN), never below 0. FailedPrecondition naming the programme and the
// amounts when the capped amount does not fit in what the budget has left.
Result<int64_t> WithinLimits(const Programme& programme, const Claim& claim, int64_t amount,
                             const ValuedSoFar& so_far);

// How a claim with this scheduled amount is valued: kFixed for fixed and by-severity
// programmes; kSchedule up to the programme's valuer threshold (or when it has none); kValuer
// above it.
ValuationMethod MethodFor(const Programme& programme, int64_t scheduled_amount);

// InvalidArgument naming the field for a programme that cannot work: no code or name, no claim
// kind, a fixed rule without a sum, a by-severity rule for claims other than injuries, negative
// amounts, a period that ends before it starts or is not made of full dates.
Status ValidateProgramme(const Programme& programme);
// InvalidArgument naming the field: owners' shares outside 1..10000 or summing past 10000, a
// vehicle with neither VIN nor plate, an object with neither key nor address.
Status ValidateObject(const AffectedObject& object);

}  // namespace aftermath::recovery
