#include "recovery/working_days.h"

#include <gtest/gtest.h>

namespace aftermath::recovery {
namespace {

Timestamp At(const char* text) { return *ParseTimestamp(text); }

TEST(WorkingDaysTest, SkipsWeekendsInKazakhstanTime) {
  // Monday 2026-01-05 10:00 local (05:00Z): five working days later is Monday 2026-01-12.
  EXPECT_EQ(AddWorkingDays(At("2026-01-05T05:00:00Z"), 5), At("2026-01-12T05:00:00Z"));
  // Friday 2026-01-09 15:00 local: due the Friday after.
  EXPECT_EQ(AddWorkingDays(At("2026-01-09T10:00:00Z"), 5), At("2026-01-16T10:00:00Z"));
  // Saturday: counting starts on Monday, so due Friday.
  EXPECT_EQ(AddWorkingDays(At("2026-01-10T06:00:00Z"), 5), At("2026-01-16T06:00:00Z"));
  // 21:00Z on Friday is already Saturday 02:00 in Almaty: due Friday of the next week.
  EXPECT_EQ(AddWorkingDays(At("2026-01-09T21:00:00Z"), 5), At("2026-01-15T21:00:00Z"));
  EXPECT_EQ(AddWorkingDays(At("2026-01-05T05:00:00Z"), 0), At("2026-01-05T05:00:00Z"));
}

}  // namespace
}  // namespace aftermath::recovery
