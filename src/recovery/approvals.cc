#include "recovery/approvals.h"

#include <fmt/format.h>

#include <algorithm>

namespace aftermath::recovery {

Status ValidateTiers(const std::vector<ApprovalTier>& tiers) {
  if (tiers.size() > 10) return InvalidArgument("at most 10 thresholds", "tiers");
  for (size_t i = 0; i < tiers.size(); ++i) {
    const ApprovalTier& t = tiers[i];
    if (t.above < 0) {
      return InvalidArgument("must be 0 or more (KZT)", fmt::format("tiers[{}].above", i));
    }
    if (i > 0 && t.above <= tiers[i - 1].above) {
      return InvalidArgument("thresholds must rise, each above the one before",
                             fmt::format("tiers[{}].above", i));
    }
    if (t.sign_offs.empty()) {
      return InvalidArgument("name at least one sign-off (chair, finance)",
                             fmt::format("tiers[{}].sign_offs", i));
    }
    for (size_t j = 0; j < t.sign_offs.size(); ++j) {
      if (std::count(t.sign_offs.begin(), t.sign_offs.end(), t.sign_offs[j]) > 1) {
        return InvalidArgument(fmt::format("'{}' is named twice", ToString(t.sign_offs[j])),
                               fmt::format("tiers[{}].sign_offs", i));
      }
    }
  }
  return Status::Ok();
}

std::vector<SignOffRole> RequiredSignOffs(const std::vector<ApprovalTier>& tiers, int64_t amount) {
  std::vector<SignOffRole> out;
  for (const auto& t : tiers) {
    if (amount <= t.above) continue;
    for (SignOffRole r : t.sign_offs) {
      if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<SignOffRole> MissingSignOffs(const std::vector<SignOffRole>& required,
                                         const std::vector<SignOff>& given) {
  std::vector<SignOffRole> out;
  for (SignOffRole r : required) {
    bool have =
        std::any_of(given.begin(), given.end(), [&](const SignOff& s) { return s.role == r; });
    if (!have) out.push_back(r);
  }
  return out;
}

}  // namespace aftermath::recovery
