#include "common/ids.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>
#include <vector>

namespace aftermath {
namespace {

TEST(IdsTest, NewIdsAreWellFormedAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = NewId("per");
    EXPECT_TRUE(IsWellFormedId(id, "per")) << id;
    EXPECT_TRUE(seen.insert(id).second) << "duplicate " << id;
  }
}

TEST(IdsTest, IdsFollowCreationOrderAcrossThreads) {
  // Sorted as text they are sorted by creation: inserts append to the tables' B-trees.
  std::string previous = NewId("per");
  for (int i = 0; i < 100000; ++i) {
    std::string id = NewId("per");
    ASSERT_LT(previous, id);
    previous = id;
  }
  std::vector<std::thread> threads;
  std::vector<std::vector<std::string>> made(4);
  for (auto& ids : made) {
    threads.emplace_back([&ids] {
      for (int i = 0; i < 20000; ++i) ids.push_back(NewId("rep"));
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> all;
  for (const auto& ids : made) {
    EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
    all.insert(ids.begin(), ids.end());
  }
  EXPECT_EQ(all.size(), 80000u);
}

TEST(IdsTest, IdsStartWithTheTimeAndEndRandom) {
  std::string a = NewId("per"), b = NewId("per");
  // The first 42 of the 80 bits: milliseconds since 2020-01-01.
  unsigned __int128 value = 0;
  const std::string digits = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  for (char c : a.substr(4)) value = (value << 5) | digits.find(c);
  int64_t ms = static_cast<int64_t>(value >> 38) + 1577836800000;
  int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  EXPECT_LE(ms, now);
  EXPECT_GT(ms, now - 60000);
  EXPECT_NE(a.substr(4 + 9), b.substr(4 + 9));  // the random tail differs
}

// The milliseconds since the Unix epoch an id starts with.
int64_t IdMillis(std::string_view id, std::string_view prefix) {
  const std::string_view digits = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  unsigned __int128 value = 0;
  for (char c : id.substr(prefix.size() + 1)) value = (value << 5) | digits.find(c);
  return static_cast<int64_t>(value >> 38) + 1577836800000;
}

TEST(IdsTest, GeneratorTakesItsTimeFromTheInjectedClock) {
  FakeClock clock(*ParseTimestamp("2031-03-04T05:06:07.089Z"));
  TimeOrderedIdGenerator ids(clock);
  std::string id = ids.NewId("per");
  EXPECT_TRUE(IsWellFormedId(id, "per")) << id;
  EXPECT_EQ(IdMillis(id, "per"), clock.Now().time_since_epoch().count());
}

TEST(IdsTest, SeededGeneratorsRepeatTheirIdsAndShareNoState) {
  FakeClock clock(*ParseTimestamp("2026-01-06T10:00:00Z"));
  TimeOrderedIdGenerator a(clock, 42), b(clock, 42), c(clock, 43);
  std::vector<std::string> from_a, from_b, from_c;
  // Interleaved: were their state shared, b would step on from a's last id.
  for (int i = 0; i < 1000; ++i) {
    from_a.push_back(a.NewId("rep"));
    from_b.push_back(b.NewId("rep"));
    from_c.push_back(c.NewId("rep"));
    if (i % 100 == 0) clock.Advance(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(from_a, from_b);
  EXPECT_NE(from_a, from_c);
  // Within one millisecond the ids still follow creation order.
  EXPECT_TRUE(std::is_sorted(from_a.begin(), from_a.end()));
  EXPECT_EQ(std::set<std::string>(from_a.begin(), from_a.end()).size(), from_a.size());
}

TEST(IdsTest, GivenOrOwnUsesTheGivenGenerator) {
  FakeClock clock(*ParseTimestamp("2026-01-06T10:00:00Z"));
  TimeOrderedIdGenerator given(clock, 7), same(clock, 7);
  GivenOrOwnIdGenerator holder(&given, clock);
  EXPECT_EQ(holder.NewId("per"), same.NewId("per"));
  GivenOrOwnIdGenerator own(nullptr, clock);
  EXPECT_TRUE(IsWellFormedId(own.NewId("per"), "per"));
}

TEST(IdsTest, RejectsMalformedIds) {
  EXPECT_FALSE(IsWellFormedId("per_123", "per"));
  EXPECT_FALSE(IsWellFormedId("rep_0123456789ABCDEF", "per"));
  EXPECT_FALSE(IsWellFormedId("per_0123456789ABCDEI", "per"));  // I is not Crockford
  EXPECT_TRUE(IsWellFormedId("per_0123456789ABCDEF", "per"));
}

TEST(IdsTest, RandomHexHasTwoCharsPerByte) {
  EXPECT_EQ(RandomHex(32).size(), 64u);
  EXPECT_NE(RandomHex(16), RandomHex(16));
}

}  // namespace
}  // namespace aftermath
