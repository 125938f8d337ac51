#include "recovery/working_days.h"

#include <gtest/gtest.h>

namespace aftermath::recovery {
namespace {

using namespace std::chrono;

Timestamp At(const char* text) { return *ParseTimestamp(text); }
sys_days Day(int y, unsigned m, unsigned d) {
  return sys_days(year_month_day(year(y), month(m), day(d)));
}

TEST(WorkingDaysTest, SkipsWeekendsInKazakhstanTime) {
  const WorkingCalendar weekdays;  // no holidays: weekends only
  // Monday 2026-01-05 10:00 local (05:00Z): five working days later is Monday 2026-01-12.
  EXPECT_EQ(AddWorkingDays(At("2026-01-05T05:00:00Z"), 5, weekdays), At("2026-01-12T05:00:00Z"));
  // Friday 2026-01-09 15:00 local: due the Friday after.
  EXPECT_EQ(AddWorkingDays(At("2026-01-09T10:00:00Z"), 5, weekdays), At("2026-01-16T10:00:00Z"));
  // Saturday: counting starts on Monday, so due Friday.
  EXPECT_EQ(AddWorkingDays(At("2026-01-10T06:00:00Z"), 5, weekdays), At("2026-01-16T06:00:00Z"));
  // 21:00Z on Friday is already Saturday 02:00 in Almaty: due Friday of the next week.
  EXPECT_EQ(AddWorkingDays(At("2026-01-09T21:00:00Z"), 5, weekdays), At("2026-01-15T21:00:00Z"));
  EXPECT_EQ(AddWorkingDays(At("2026-01-05T05:00:00Z"), 0, weekdays), At("2026-01-05T05:00:00Z"));
}

TEST(WorkingDaysTest, KazakhstanHolidaysAreNotWorkingDays) {
  const WorkingCalendar kz = WorkingCalendar::Kazakhstan();
  for (sys_days d : {Day(2027, 1, 1), Day(2026, 1, 2), Day(2026, 1, 7), Day(2027, 3, 8),
                     Day(2027, 3, 22), Day(2027, 3, 23), Day(2026, 5, 1), Day(2026, 5, 7),
                     Day(2027, 7, 6), Day(2027, 8, 30), Day(2027, 10, 25), Day(2026, 12, 16)}) {
    EXPECT_FALSE(kz.IsWorkingDay(d)) << d.time_since_epoch().count();
  }
  EXPECT_TRUE(kz.IsWorkingDay(Day(2026, 3, 20)));   // the Friday before Nauryz
  EXPECT_TRUE(kz.IsWorkingDay(Day(2026, 12, 17)));  // no longer a holiday since 2022
  // Nauryz 2026: 21 and 22 March are Saturday and Sunday, so after Monday 23 the days off move
  // to Tuesday 24 and Wednesday 25.
  EXPECT_FALSE(kz.IsWorkingDay(Day(2026, 3, 24)));
  EXPECT_FALSE(kz.IsWorkingDay(Day(2026, 3, 25)));
  EXPECT_TRUE(kz.IsWorkingDay(Day(2026, 3, 26)));
  // Orthodox Christmas on a Sunday (2029-01-07) moves nothing; New Year's 2028 (Saturday and
  // Sunday) moves to Monday 3 and Tuesday 4 January.
  EXPECT_TRUE(kz.IsWorkingDay(Day(2029, 1, 8)));
  EXPECT_FALSE(kz.IsWorkingDay(Day(2028, 1, 3)));
  EXPECT_FALSE(kz.IsWorkingDay(Day(2028, 1, 4)));
  EXPECT_TRUE(kz.IsWorkingDay(Day(2028, 1, 5)));
}

TEST(WorkingDaysTest, AClaimCompleteBeforeNauryzIsDueAfterIt) {
  const WorkingCalendar kz = WorkingCalendar::Kazakhstan();
  // Complete on Thursday 2027-03-18 at 11:00 local. Nauryz 2027: Sunday 21 (moved to Wednesday
  // 24), Monday 22, Tuesday 23. Working days: Fri 19, Thu 25, Fri 26, Mon 29, Tue 30.
  EXPECT_EQ(AddWorkingDays(At("2027-03-18T06:00:00Z"), 5, kz), At("2027-03-30T06:00:00Z"));
  // Weekends only it would have been Thursday 25 March.
  EXPECT_EQ(AddWorkingDays(At("2027-03-18T06:00:00Z"), 5, WorkingCalendar()),
            At("2027-03-25T06:00:00Z"));
  // 2026: complete Thursday 19 March; 21-25 March are off: due Tuesday 31 March.
  EXPECT_EQ(AddWorkingDays(At("2026-03-19T06:00:00Z"), 5, kz), At("2026-03-31T06:00:00Z"));
}

TEST(WorkingDaysTest, ConfiguredDaysOffAreSkippedToo) {
  WorkingCalendar kz = WorkingCalendar::Kazakhstan();
  // Kurban ait 2026 (27 May, a Wednesday) is set by decree each year.
  auto days = ParseDaysOff("2026-05-27, 2027-05-16\n2026-05-29", "holidays");
  ASSERT_TRUE(days.ok()) << days.status().ToString();
  ASSERT_EQ(days->size(), 3u);
  kz.AddDaysOff(*days);
  EXPECT_FALSE(kz.IsWorkingDay(Day(2026, 5, 27)));
  // Monday 25 May + 5: Tue 26, Thu 28, Mon 1 June, Tue 2, Wed 3.
  EXPECT_EQ(AddWorkingDays(At("2026-05-25T04:00:00Z"), 5, kz), At("2026-06-03T04:00:00Z"));
  auto bad = ParseDaysOff("2026-05-27, 2026-02-30", "holidays");
  ASSERT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().field(), "holidays");
  EXPECT_NE(bad.status().message().find("2026-02-30"), std::string::npos);
  EXPECT_FALSE(ParseDaysOff("27.05.2026", "holidays").ok());
  EXPECT_TRUE(ParseDaysOff("", "holidays")->empty());
}

}  // namespace
}  // namespace aftermath::recovery
