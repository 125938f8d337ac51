// The closed vocabularies of the registry, with their wire names ("hospitalised", "morgue", ...).
#pragma once

#include <optional>
#include <string_view>

namespace aftermath {

enum class PersonStatus { kUnknown, kMissing, kHospitalised, kDetained, kDeceased, kSafe };
enum class Sex { kUnknown, kMale, kFemale };
enum class SourceKind {
  kHospital,
  kPolice,
  kDetentionCentre,
  kMorgue,
  kShelter,
  kFamily,
  kCallCenter,
  kPublic,
  kOther,
};
enum class InquiryState { kOpen, kCandidateFound, kConfirmed, kInformed, kClosed, kWithdrawn };
enum class Channel { kPhone, kWeb, kWalkIn, kSms, kEmail, kOther };
// kClosed: left undecided when another candidate of the same inquiry was confirmed (reopened
// when that confirmation is undone).
// kWithdrawn: taken out of the review queue by the matcher, undecided, when better-supported
// namesakes came for the same inquiry (matcher.cc, CapPerInquiry); never proposed again.
enum class MatchDecision { kPending, kConfirmed, kRejected, kUnsure, kClosed, kWithdrawn };
enum class Role {
  kAdmin,
  kSupervisor,
  kOperator,
  kClerk,
  // The damage & support register's (src/recovery): they see nothing of the direct line.
  kInspector,      // "inspector": assesses damaged objects
  kValuer,         // "valuer": values claims above a programme's threshold, independently
  kRecoveryClerk,  // "recovery_clerk": takes and works claims
  // The register's part 2 (issue #17).
  kCommissionMember,  // "commission_member": sits on commissions (chair, secretary or member)
  kFinance,           // "finance": payments, and the extra sign-off of large approvals
};

std::string_view ToString(PersonStatus v);
std::string_view ToString(Sex v);
std::string_view ToString(SourceKind v);
std::string_view ToString(InquiryState v);
std::string_view ToString(Channel v);
std::string_view ToString(MatchDecision v);
std::string_view ToString(Role v);

// Each returns nullopt for a name outside the vocabulary. Sex also accepts "m"/"f".
std::optional<PersonStatus> ParsePersonStatus(std::string_view s);
std::optional<Sex> ParseSex(std::string_view s);
std::optional<SourceKind> ParseSourceKind(std::string_view s);
std::optional<InquiryState> ParseInquiryState(std::string_view s);
std::optional<Channel> ParseChannel(std::string_view s);
std::optional<MatchDecision> ParseMatchDecision(std::string_view s);
std::optional<Role> ParseRole(std::string_view s);

// The allowed words, comma separated, for error messages ("missing, hospitalised, ...").
std::string_view PersonStatusNames();
std::string_view SexNames();
std::string_view SourceKindNames();
std::string_view InquiryStateNames();
std::string_view ChannelNames();
std::string_view RoleNames();

// Default trust of a source kind: official custodians of the person outrank hearsay, so a
// family's or the public's report never overrides a morgue's or a hospital's.
int DefaultTrust(SourceKind kind);

}  // namespace aftermath
