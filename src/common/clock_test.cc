#include "common/clock.h"

#include <gtest/gtest.h>

namespace aftermath {
namespace {

TEST(ClockTest, FormatAndParseRoundTrip) {
  auto t = ParseTimestamp("2026-01-06T10:05:07.250Z");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(FormatTimestamp(*t), "2026-01-06T10:05:07.250Z");
}

TEST(ClockTest, OffsetsAreConvertedToUtc) {
  auto t = ParseTimestamp("2026-01-06T15:00:00+05:00");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(FormatTimestamp(*t), "2026-01-06T10:00:00.000Z");
}

TEST(ClockTest, DateAloneIsMidnightUtc) {
  auto t = ParseTimestamp("2026-01-06");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(FormatTimestamp(*t), "2026-01-06T00:00:00.000Z");
}

TEST(ClockTest, RejectsImpossibleOrZonelessTimes) {
  EXPECT_FALSE(ParseTimestamp("2026-02-30T10:00:00Z").ok());
  EXPECT_FALSE(ParseTimestamp("2026-01-06T10:00:00").ok());
  EXPECT_FALSE(ParseTimestamp("06.01.2026").ok());
  EXPECT_FALSE(ParseTimestamp("").ok());
  EXPECT_FALSE(ParseTimestamp("2026-01-06T25:00Z").ok());
}

TEST(ClockTest, FakeClockAdvances) {
  FakeClock clock(*ParseTimestamp("2026-01-06"));
  clock.Advance(std::chrono::hours(1));
  EXPECT_EQ(FormatTimestamp(clock.Now()), "2026-01-06T01:00:00.000Z");
}

}  // namespace
}  // namespace aftermath
