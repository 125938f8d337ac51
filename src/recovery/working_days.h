// Deadlines in working days: Monday to Friday in Kazakhstan's time (UTC+5, one zone since
// 2024-03-01). Public holidays are not counted out (a configured list is left for later).
#pragma once

#include <chrono>

#include "common/clock.h"

namespace aftermath::recovery {

inline constexpr std::chrono::minutes kKazakhstanOffset{5 * 60};

// The moment `days` working days after `from`: the same local time of day on the `days`-th
// working day after `from`'s local day. A claim complete on a Friday afternoon is due the
// Friday after, at the same time. REQUIRES: days >= 0.
Timestamp AddWorkingDays(Timestamp from, int days,
                         std::chrono::minutes utc_offset = kKazakhstanOffset);

}  // namespace aftermath::recovery
