// The wire names of the vocabularies in enums.h; keep the two in step.
#include "model/enums.h"

#include <array>
#include <utility>

namespace aftermath {
namespace {

template <typename E, size_t N>
std::optional<E> Lookup(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view s) {
  for (const auto& [value, name] : table) {
    if (name == s) return value;
  }
  return std::nullopt;
}

template <typename E, size_t N>
std::string_view Name(const std::array<std::pair<E, std::string_view>, N>& table, E v) {
  for (const auto& [value, name] : table) {
    if (value == v) return name;
  }
  return "unknown";
}

constexpr std::array<std::pair<PersonStatus, std::string_view>, 6> kPersonStatusNames = {{
    {PersonStatus::kUnknown, "unknown"},
    {PersonStatus::kMissing, "missing"},
    {PersonStatus::kHospitalised, "hospitalised"},
    {PersonStatus::kDetained, "detained"},
    {PersonStatus::kDeceased, "deceased"},
    {PersonStatus::kSafe, "safe"},
}};
constexpr std::array<std::pair<Sex, std::string_view>, 3> kSexNames = {{
    {Sex::kUnknown, "unknown"},
    {Sex::kMale, "male"},
    {Sex::kFemale, "female"},
}};
constexpr std::array<std::pair<SourceKind, std::string_view>, 9> kSourceKindNames = {{
    {SourceKind::kHospital, "hospital"},
    {SourceKind::kPolice, "police"},
    {SourceKind::kDetentionCentre, "detention_centre"},
    {SourceKind::kMorgue, "morgue"},
    {SourceKind::kShelter, "shelter"},
    {SourceKind::kFamily, "family"},
    {SourceKind::kCallCenter, "call_center"},
    {SourceKind::kPublic, "public"},
    {SourceKind::kOther, "other"},
}};
constexpr std::array<std::pair<InquiryState, std::string_view>, 6> kInquiryStateNames = {{
    {InquiryState::kOpen, "open"},
    {InquiryState::kCandidateFound, "candidate_found"},
    {InquiryState::kConfirmed, "confirmed"},
    {InquiryState::kInformed, "informed"},
    {InquiryState::kClosed, "closed"},
    {InquiryState::kWithdrawn, "withdrawn"},
}};
constexpr std::array<std::pair<Channel, std::string_view>, 6> kChannelNames = {{
    {Channel::kPhone, "phone"},
    {Channel::kWeb, "web"},
    {Channel::kWalkIn, "walk_in"},
    {Channel::kSms, "sms"},
    {Channel::kEmail, "email"},
    {Channel::kOther, "other"},
}};
constexpr std::array<std::pair<MatchDecision, std::string_view>, 6> kMatchDecisionNames = {{
    {MatchDecision::kPending, "pending"},
    {MatchDecision::kConfirmed, "confirmed"},
    {MatchDecision::kRejected, "rejected"},
    {MatchDecision::kUnsure, "unsure"},
    {MatchDecision::kClosed, "closed"},
    {MatchDecision::kWithdrawn, "withdrawn"},
}};
constexpr std::array<std::pair<Role, std::string_view>, 9> kRoleNames = {{
    {Role::kAdmin, "admin"},
    {Role::kSupervisor, "supervisor"},
    {Role::kOperator, "operator"},
    {Role::kClerk, "clerk"},
    {Role::kInspector, "inspector"},
    {Role::kValuer, "valuer"},
    {Role::kRecoveryClerk, "recovery_clerk"},
    {Role::kCommissionMember, "commission_member"},
    {Role::kFinance, "finance"},
}};

}  // namespace

std::string_view ToString(PersonStatus v) { return Name(kPersonStatusNames, v); }
std::string_view ToString(Sex v) { return Name(kSexNames, v); }
std::string_view ToString(SourceKind v) { return Name(kSourceKindNames, v); }
std::string_view ToString(InquiryState v) { return Name(kInquiryStateNames, v); }
std::string_view ToString(Channel v) { return Name(kChannelNames, v); }
std::string_view ToString(MatchDecision v) { return Name(kMatchDecisionNames, v); }
std::string_view ToString(Role v) { return Name(kRoleNames, v); }
std::optional<PersonStatus> ParsePersonStatus(std::string_view s) { return Lookup(kPersonStatusNames, s); }
std::optional<Sex> ParseSex(std::string_view s) {
  if (s == "m" || s == "M") return Sex::kMale;
  if (s == "f" || s == "F") return Sex::kFemale;
  return Lookup(kSexNames, s);
}
std::optional<SourceKind> ParseSourceKind(std::string_view s) { return Lookup(kSourceKindNames, s); }
std::optional<InquiryState> ParseInquiryState(std::string_view s) { return Lookup(kInquiryStateNames, s); }
std::optional<Channel> ParseChannel(std::string_view s) { return Lookup(kChannelNames, s); }
std::optional<MatchDecision> ParseMatchDecision(std::string_view s) { return Lookup(kMatchDecisionNames, s); }
std::optional<Role> ParseRole(std::string_view s) { return Lookup(kRoleNames, s); }
std::string_view PersonStatusNames() { return "unknown, missing, hospitalised, detained, deceased, safe"; }
std::string_view SexNames() { return "unknown, male, female"; }
std::string_view SourceKindNames() { return "hospital, police, detention_centre, morgue, shelter, family, call_center, public, other"; }
std::string_view InquiryStateNames() { return "open, candidate_found, confirmed, informed, closed, withdrawn"; }
std::string_view ChannelNames() { return "phone, web, walk_in, sms, email, other"; }
std::string_view RoleNames() {
  return "admin, supervisor, operator, clerk, inspector, valuer, recovery_clerk, "
         "commission_member, finance";
}

int DefaultTrust(SourceKind kind) {
  switch (kind) {
    case SourceKind::kMorgue: return 90;
    case SourceKind::kHospital: return 80;
    case SourceKind::kDetentionCentre: return 80;
    case SourceKind::kPolice: return 70;
    case SourceKind::kShelter: return 60;
    case SourceKind::kCallCenter: return 40;
    case SourceKind::kFamily: return 30;
    case SourceKind::kOther: return 20;
    case SourceKind::kPublic: return 10;
  }
  return 0;
}

}  // namespace aftermath
