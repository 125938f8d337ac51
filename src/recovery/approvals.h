// Approvals scaled by amount (issue #17) as pure functions: a programme's thresholds, the
// sign-offs an approved amount needs, and which of them are still missing. The use cases are
// Commissions' (commission.h: SetApprovalTiers, GiveSignOff; CloseSession refuses while any is
// missing).
#pragma once

#include <vector>

#include "common/status.h"
#include "model/commission.h"

namespace aftermath::recovery {

// InvalidArgument naming the field ("tiers[1].above", "tiers[0].sign_offs") for thresholds that
// are negative or not strictly rising, a tier without sign-offs or with one twice, more than 10.
Status ValidateTiers(const std::vector<ApprovalTier>& tiers);

// Every sign-off an approval of `amount` KZT needs: those of each tier it is above, each once,
// chair before finance.
std::vector<SignOffRole> RequiredSignOffs(const std::vector<ApprovalTier>& tiers, int64_t amount);

// The roles of `required` no sign-off in `given` (of one item) covers.
std::vector<SignOffRole> MissingSignOffs(const std::vector<SignOffRole>& required,
                                         const std::vector<SignOff>& given);

}  // namespace aftermath::recovery
