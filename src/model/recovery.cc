// The wire names of the vocabularies in recovery.h; keep the two in step (recovery_test walks
// every value both ways).
#include "model/recovery.h"

#include <array>
#include <utility>

namespace aftermath {
namespace {

template <typename E, size_t N>
using Table = std::array<std::pair<E, std::string_view>, N>;

template <typename E, size_t N>
std::optional<E> Lookup(const Table<E, N>& table, std::string_view s) {
  for (const auto& [value, name] : table) {
    if (name == s) return value;
  }
  return std::nullopt;
}

template <typename E, size_t N>
std::string_view Name(const Table<E, N>& table, E v) {
  for (const auto& [value, name] : table) {
    if (value == v) return name;
  }
  return "unknown";
}

constexpr Table<ObjectKind, 7> kObjectKinds = {{
    {ObjectKind::kHome, "home"},
    {ObjectKind::kShop, "shop"},
    {ObjectKind::kOffice, "office"},
    {ObjectKind::kAdministrative, "administrative"},
    {ObjectKind::kSocialFacility, "social_facility"},
    {ObjectKind::kVehicle, "vehicle"},
    {ObjectKind::kEquipment, "equipment"},
}};
constexpr Table<DamageGrade, 6> kGrades = {{
    {DamageGrade::kD0, "D0"},
    {DamageGrade::kD1, "D1"},
    {DamageGrade::kD2, "D2"},
    {DamageGrade::kD3, "D3"},
    {DamageGrade::kD4, "D4"},
    {DamageGrade::kD5, "D5"},
}};
constexpr Table<FemaCategory, 5> kFema = {{
    {FemaCategory::kNone, "none"},
    {FemaCategory::kAffected, "affected"},
    {FemaCategory::kMinor, "minor"},
    {FemaCategory::kMajor, "major"},
    {FemaCategory::kDestroyed, "destroyed"},
}};
constexpr Table<ClaimKind, 5> kClaimKinds = {{
    {ClaimKind::kBusinessProperty, "business_property"},
    {ClaimKind::kHome, "home"},
    {ClaimKind::kVehicle, "vehicle"},
    {ClaimKind::kFamilySupport, "family_support"},
    {ClaimKind::kInjurySupport, "injury_support"},
}};
constexpr Table<ClaimChannel, 6> kChannels = {{
    {ClaimChannel::kCall, "call"},
    {ClaimChannel::kWebForm, "web_form"},
    {ClaimChannel::kFieldVisit, "field_visit"},
    {ClaimChannel::kFieldForm, "field_form"},
    {ClaimChannel::kDirectLine, "direct_line"},
    {ClaimChannel::kOnline, "online"},
}};
constexpr Table<ClaimState, 12> kClaimStates = {{
    {ClaimState::kSubmitted, "submitted"},
    {ClaimState::kIncomplete, "incomplete"},
    {ClaimState::kComplete, "complete"},
    {ClaimState::kChecked, "checked"},
    {ClaimState::kInspected, "inspected"},
    {ClaimState::kValued, "valued"},
    {ClaimState::kReady, "ready"},
    {ClaimState::kWithdrawn, "withdrawn"},
    {ClaimState::kApproved, "approved"},
    {ClaimState::kRejected, "rejected"},
    {ClaimState::kAppealed, "appealed"},
    {ClaimState::kPaid, "paid"},
}};
constexpr Table<InjurySeverity, 4> kSeverities = {{
    {InjurySeverity::kUnknown, "unknown"},
    {InjurySeverity::kLight, "light"},
    {InjurySeverity::kModerate, "moderate"},
    {InjurySeverity::kSevere, "severe"},
}};
constexpr Table<ValuationMethod, 4> kValuations = {{
    {ValuationMethod::kNone, "none"},
    {ValuationMethod::kSchedule, "schedule"},
    {ValuationMethod::kValuer, "valuer"},
    {ValuationMethod::kFixed, "fixed"},
}};
constexpr Table<AmountRule, 3> kAmountRules = {{
    {AmountRule::kFixed, "fixed"},
    {AmountRule::kBySeverity, "by_severity"},
    {AmountRule::kAssessed, "assessed"},
}};
constexpr Table<ConflictReason, 7> kReasons = {{
    {ConflictReason::kSameApplicant, "same_applicant"},
    {ConflictReason::kSameObject, "same_object"},
    {ConflictReason::kSameIban, "same_iban"},
    {ConflictReason::kSamePhoto, "same_photo"},
    {ConflictReason::kSimilarApplicant, "similar_applicant"},
    {ConflictReason::kSameAddress, "same_address"},
    {ConflictReason::kTwoProgrammes, "two_programmes"},
}};
constexpr Table<ConflictState, 3> kConflictStates = {{
    {ConflictState::kOpen, "open"},
    {ConflictState::kDuplicate, "duplicate"},
    {ConflictState::kNotDuplicate, "not_duplicate"},
}};
constexpr Table<KinState, 4> kKinStates = {{
    {KinState::kProposed, "proposed"},
    {KinState::kConfirmed, "confirmed"},
    {KinState::kRejected, "rejected"},
    {KinState::kWithdrawn, "withdrawn"},
}};

}  // namespace

FemaCategory FemaOf(DamageGrade grade) {
  switch (grade) {
    case DamageGrade::kD0:
      return FemaCategory::kNone;
    case DamageGrade::kD1:
      return FemaCategory::kAffected;
    case DamageGrade::kD2:
      return FemaCategory::kMinor;
    case DamageGrade::kD3:
    case DamageGrade::kD4:
      return FemaCategory::kMajor;
    case DamageGrade::kD5:
      return FemaCategory::kDestroyed;
  }
  return FemaCategory::kNone;
}

std::string_view ToString(ObjectKind v) { return Name(kObjectKinds, v); }
std::string_view ToString(DamageGrade v) { return Name(kGrades, v); }
std::string_view ToString(FemaCategory v) { return Name(kFema, v); }
std::string_view ToString(ClaimKind v) { return Name(kClaimKinds, v); }
std::string_view ToString(ClaimChannel v) { return Name(kChannels, v); }
std::string_view ToString(ClaimState v) { return Name(kClaimStates, v); }
std::string_view ToString(InjurySeverity v) { return Name(kSeverities, v); }
std::string_view ToString(ValuationMethod v) { return Name(kValuations, v); }
std::string_view ToString(AmountRule v) { return Name(kAmountRules, v); }
std::string_view ToString(ConflictReason v) { return Name(kReasons, v); }
std::string_view ToString(ConflictState v) { return Name(kConflictStates, v); }
std::string_view ToString(KinState v) { return Name(kKinStates, v); }

std::optional<ObjectKind> ParseObjectKind(std::string_view s) { return Lookup(kObjectKinds, s); }
std::optional<DamageGrade> ParseDamageGrade(std::string_view s) {
  if (s.size() == 2 && (s[0] == 'd' || s[0] == 'D')) s.remove_prefix(1);
  if (s.size() == 1 && s[0] >= '0' && s[0] <= '5') return static_cast<DamageGrade>(s[0] - '0');
  return std::nullopt;
}
std::optional<FemaCategory> ParseFemaCategory(std::string_view s) { return Lookup(kFema, s); }
std::optional<ClaimKind> ParseClaimKind(std::string_view s) { return Lookup(kClaimKinds, s); }
std::optional<ClaimChannel> ParseClaimChannel(std::string_view s) { return Lookup(kChannels, s); }
std::optional<ClaimState> ParseClaimState(std::string_view s) { return Lookup(kClaimStates, s); }
std::optional<InjurySeverity> ParseInjurySeverity(std::string_view s) {
  return Lookup(kSeverities, s);
}
std::optional<ValuationMethod> ParseValuationMethod(std::string_view s) {
  return Lookup(kValuations, s);
}
std::optional<AmountRule> ParseAmountRule(std::string_view s) { return Lookup(kAmountRules, s); }
std::optional<ConflictReason> ParseConflictReason(std::string_view s) {
  return Lookup(kReasons, s);
}
std::optional<ConflictState> ParseConflictState(std::string_view s) {
  return Lookup(kConflictStates, s);
}
std::optional<KinState> ParseKinState(std::string_view s) { return Lookup(kKinStates, s); }

std::string_view ObjectKindNames() {
  return "home, shop, office, administrative, social_facility, vehicle, equipment";
}
std::string_view ClaimKindNames() {
  return "business_property, home, vehicle, family_support, injury_support";
}
std::string_view ClaimChannelNames() {
  return "call, web_form, field_visit, field_form, direct_line, online";
}
std::string_view ClaimStateNames() {
  return "submitted, incomplete, complete, checked, inspected, valued, ready, withdrawn, "
         "approved, rejected, appealed, paid";
}
std::string_view InjurySeverityNames() { return "unknown, light, moderate, severe"; }
std::string_view AmountRuleNames() { return "fixed, by_severity, assessed"; }

}  // namespace aftermath
