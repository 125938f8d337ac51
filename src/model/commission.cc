// The wire names of the vocabularies in commission.h and payment.h (model_names_test walks
// every value).
#include "model/commission.h"

#include <array>
#include <utility>

#include "model/payment.h"

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

constexpr Table<SignOffRole, 2> kSignOffRoles = {{
    {SignOffRole::kChair, "chair"},
    {SignOffRole::kFinance, "finance"},
}};
constexpr Table<CommissionRole, 3> kRoles = {{
    {CommissionRole::kChair, "chair"},
    {CommissionRole::kSecretary, "secretary"},
    {CommissionRole::kMember, "member"},
}};
constexpr Table<SessionState, 2> kSessionStates = {{
    {SessionState::kOpen, "open"},
    {SessionState::kClosed, "closed"},
}};
constexpr Table<VoteChoice, 3> kChoices = {{
    {VoteChoice::kApprove, "approve"},
    {VoteChoice::kReject, "reject"},
    {VoteChoice::kAbstain, "abstain"},
}};
constexpr Table<Decision, 3> kDecisions = {{
    {Decision::kPending, "pending"},
    {Decision::kApproved, "approved"},
    {Decision::kRejected, "rejected"},
}};
constexpr Table<RecusalReason, 4> kRecusals = {{
    {RecusalReason::kDeclared, "declared"},
    {RecusalReason::kInspected, "inspected"},
    {RecusalReason::kValued, "valued"},
    {RecusalReason::kSubmitted, "submitted"},
}};

}  // namespace

std::string_view ToString(SignOffRole v) { return Name(kSignOffRoles, v); }
std::optional<SignOffRole> ParseSignOffRole(std::string_view s) { return Lookup(kSignOffRoles, s); }
std::string_view ToString(CommissionRole v) { return Name(kRoles, v); }
std::string_view ToString(SessionState v) { return Name(kSessionStates, v); }
std::string_view ToString(VoteChoice v) { return Name(kChoices, v); }
std::string_view ToString(Decision v) { return Name(kDecisions, v); }
std::string_view ToString(RecusalReason v) { return Name(kRecusals, v); }
std::optional<CommissionRole> ParseCommissionRole(std::string_view s) { return Lookup(kRoles, s); }
std::optional<SessionState> ParseSessionState(std::string_view s) {
  return Lookup(kSessionStates, s);
}
std::optional<VoteChoice> ParseVoteChoice(std::string_view s) { return Lookup(kChoices, s); }
std::optional<Decision> ParseDecision(std::string_view s) { return Lookup(kDecisions, s); }
std::optional<RecusalReason> ParseRecusalReason(std::string_view s) { return Lookup(kRecusals, s); }

}  // namespace aftermath

// ---- payments (model/payment.h) ----

namespace aftermath {
namespace {

template <typename E, size_t N>
using PaymentTable = std::array<std::pair<E, std::string_view>, N>;

constexpr PaymentTable<PaymentState, 4> kPaymentStates = {{
    {PaymentState::kQueued, "queued"},
    {PaymentState::kSent, "sent"},
    {PaymentState::kPaid, "paid"},
    {PaymentState::kReturned, "returned"},
}};
constexpr PaymentTable<PaymentListState, 3> kListStates = {{
    {PaymentListState::kBuilt, "built"},
    {PaymentListState::kExported, "exported"},
    {PaymentListState::kAnswered, "answered"},
}};

}  // namespace

std::string_view ToString(PaymentState v) { return Name(kPaymentStates, v); }
std::string_view ToString(PaymentListState v) { return Name(kListStates, v); }
std::optional<PaymentState> ParsePaymentState(std::string_view s) {
  return Lookup(kPaymentStates, s);
}
std::optional<PaymentListState> ParsePaymentListState(std::string_view s) {
  return Lookup(kListStates, s);
}

}  // namespace aftermath
