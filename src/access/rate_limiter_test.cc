#include "access/rate_limiter.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace aftermath::access {
namespace {

TEST(RateLimiterTest, BurstThenRefill) {
  FakeClock clock(*ParseTimestamp("2026-01-06"));
  RateLimiter limiter({.per_second = 1, .burst = 3}, {.per_second = 100, .burst = 100}, clock);
  EXPECT_EQ(limiter.Acquire("1.2.3.4"), 0);
  EXPECT_EQ(limiter.Acquire("1.2.3.4"), 0);
  EXPECT_EQ(limiter.Acquire("1.2.3.4"), 0);
  EXPECT_EQ(limiter.Acquire("1.2.3.4"), 1);  // empty: wait a second
  EXPECT_EQ(limiter.Acquire("5.6.7.8"), 0);  // another client is not affected
  clock.Advance(std::chrono::seconds(1));
  EXPECT_EQ(limiter.Acquire("1.2.3.4"), 0);
}

TEST(RateLimiterTest, GlobalBucketLimitsManyClients) {
  FakeClock clock(*ParseTimestamp("2026-01-06"));
  RateLimiter limiter({.per_second = 10, .burst = 10}, {.per_second = 0.5, .burst = 5}, clock);
  int allowed = 0;
  for (int i = 0; i < 50; ++i) allowed += limiter.Acquire("client-" + std::to_string(i)) == 0;
  EXPECT_EQ(allowed, 5);
  EXPECT_EQ(limiter.Acquire("client-new"), 2);
}

TEST(RateLimiterTest, ForgetsIdleClientsWhenFull) {
  FakeClock clock(*ParseTimestamp("2026-01-06"));
  RateLimiter limiter({.per_second = 1, .burst = 1}, {.per_second = 1e6, .burst = 1e6}, clock, 10);
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(limiter.Acquire("c" + std::to_string(i)), 0);
    clock.Advance(std::chrono::seconds(2));
  }
}

TEST(ClientKeyTest, Ipv4ByAddressIpv6BySlash64) {
  EXPECT_EQ(ClientKey("1.2.3.4"), "1.2.3.4");
  EXPECT_EQ(ClientKey("::ffff:1.2.3.4"), "1.2.3.4");  // IPv4-mapped: the same client
  EXPECT_EQ(ClientKey("::FFFF:0102:0304"), "1.2.3.4");
  EXPECT_EQ(ClientKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
  EXPECT_EQ(ClientKey("2001:0db8:0001:0002::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(ClientKey("fe80::1%eth0"), "fe80::/64");
  EXPECT_NE(ClientKey("2001:db8:1:3::1"), ClientKey("2001:db8:1:2::1"));
  EXPECT_EQ(ClientKey("::1"), "::/64");
  EXPECT_EQ(ClientKey("not an address"), "not an address");
  EXPECT_EQ(ClientKey(std::string(1000, 'x')).size(), 64u);
}

// Issue #14 item 8: every address inside one /64 was a new client with a full bucket.
TEST(RateLimiterTest, RotatingInsideOneIpv6Slash64IsOneClient) {
  FakeClock clock(*ParseTimestamp("2026-01-06"));
  RateLimiter limiter({.per_second = 0.2, .burst = 10}, {.per_second = 50, .burst = 200}, clock);
  int allowed = 0;
  for (int i = 0; i < 100; ++i) {
    allowed += limiter.Acquire(fmt::format("2001:db8:5:6::{:x}", i + 1)) == 0;
  }
  EXPECT_EQ(allowed, 10);
  EXPECT_EQ(limiter.Acquire("2001:db8:5:7::1"), 0);  // the next /64 is someone else
}

TEST(RateLimiterTest, Ipv4MappedAddressIsTheSameClient) {
  FakeClock clock(*ParseTimestamp("2026-01-06"));
  RateLimiter limiter({.per_second = 0.2, .burst = 2}, {.per_second = 50, .burst = 200}, clock);
  EXPECT_EQ(limiter.Acquire("10.1.2.3"), 0);
  EXPECT_EQ(limiter.Acquire("::ffff:10.1.2.3"), 0);
  EXPECT_GT(limiter.Acquire("10.1.2.3"), 0);
  EXPECT_GT(limiter.Acquire("::ffff:10.1.2.3"), 0);
}

// A scraper hammering from one /64 is refused by its own bucket and spends nothing of the global
// one: a family arriving afterwards is answered.
TEST(RateLimiterTest, AScraperDoesNotStarveFamilies) {
  FakeClock clock(*ParseTimestamp("2026-01-06"));
  RateLimiter limiter({.per_second = 0.2, .burst = 10}, {.per_second = 1, .burst = 20}, clock);
  int answered = 0;
  for (int i = 0; i < 1000; ++i) {
    answered += limiter.Acquire(fmt::format("2001:db8:bad:1:{:x}::1", i + 1)) == 0;
    if (i % 10 == 0) clock.Advance(std::chrono::milliseconds(100));
  }
  EXPECT_LE(answered, 12);  // its burst and what 10 s of refill gives it
  for (int family = 0; family < 5; ++family) {
    EXPECT_EQ(limiter.Acquire(fmt::format("192.0.2.{}", family + 1)), 0) << family;
  }
}

TEST(RateLimiterTest, MemoryStaysBoundedUnderAFloodOfAddresses) {
  FakeClock clock(*ParseTimestamp("2026-01-06"));
  RateLimiter limiter({.per_second = 0.01, .burst = 5}, {.per_second = 1e6, .burst = 1e6}, clock,
                      10);
  for (int i = 0; i < 1000; ++i) (void)limiter.Acquire(fmt::format("2001:db8:{:x}::1", i));
  EXPECT_LE(limiter.clients(), 10u);
  // Newcomers then share one overflow bucket rather than each getting a fresh one.
  int allowed = 0;
  for (int i = 0; i < 100; ++i) allowed += limiter.Acquire(fmt::format("198.51.100.{}", i)) == 0;
  EXPECT_LE(allowed, 5);
}

TEST(LoginThrottleTest, SlowsRepeatedFailuresExponentially) {
  FakeClock clock(*ParseTimestamp("2026-01-06"));
  LoginThrottle throttle(clock);
  for (int i = 0; i < LoginThrottle::kFreeFailures; ++i) {
    EXPECT_EQ(throttle.SecondsToWait("admin", "1.1.1.1"), 0);
    throttle.RecordFailure("admin", "1.1.1.1");
  }
  EXPECT_EQ(throttle.SecondsToWait("admin", "1.1.1.1"), 1);
  clock.Advance(std::chrono::seconds(1));
  EXPECT_EQ(throttle.SecondsToWait("admin", "1.1.1.1"), 0);
  throttle.RecordFailure("admin", "1.1.1.1");
  EXPECT_EQ(throttle.SecondsToWait("admin", "1.1.1.1"), 2);
  throttle.RecordFailure("admin", "1.1.1.1");
  EXPECT_EQ(throttle.SecondsToWait("admin", "1.1.1.1"), 4);
  for (int i = 0; i < 10; ++i) throttle.RecordFailure("admin", "1.1.1.1");
  EXPECT_EQ(throttle.SecondsToWait("admin", "1.1.1.1"), LoginThrottle::kMaxDelaySeconds);
  throttle.RecordSuccess("admin", "1.1.1.1");
  EXPECT_EQ(throttle.SecondsToWait("admin", "1.1.1.1"), 0);
}

// Issue #14 item 3: wrong passwords from one address locked the user out everywhere.
TEST(LoginThrottleTest, FailuresFromOneAddressDoNotLockTheUserOutElsewhere) {
  FakeClock clock(*ParseTimestamp("2026-01-06"));
  LoginThrottle throttle(clock);
  for (int i = 0; i < 50; ++i) throttle.RecordFailure("admin", "203.0.113.66");
  EXPECT_GT(throttle.SecondsToWait("admin", "203.0.113.66"), 0);
  EXPECT_GT(throttle.SecondsToWait("admin", "::ffff:203.0.113.66"), 0);  // same client
  EXPECT_EQ(throttle.SecondsToWait("admin", "198.51.100.7"), 0);
  EXPECT_EQ(throttle.SecondsToWait("admin", "2001:db8::7"), 0);
}

TEST(LoginThrottleTest, RotatingInsideOneIpv6Slash64IsOneAddress) {
  FakeClock clock(*ParseTimestamp("2026-01-06"));
  LoginThrottle throttle(clock);
  for (int i = 0; i < LoginThrottle::kFreeFailures; ++i) {
    throttle.RecordFailure("admin", fmt::format("2001:db8:1:1::{:x}", i + 1));
  }
  EXPECT_GT(throttle.SecondsToWait("admin", "2001:db8:1:1::ffff"), 0);
  EXPECT_EQ(throttle.SecondsToWait("admin", "2001:db8:1:2::1"), 0);
}

TEST(LoginThrottleTest, SprayingManyUsernamesFromOneAddressIsSlowed) {
  FakeClock clock(*ParseTimestamp("2026-01-06"));
  LoginThrottle throttle(clock);
  for (int i = 0; i < LoginThrottle::kFreeAddressFailures; ++i) {
    EXPECT_EQ(throttle.SecondsToWait(fmt::format("user{}", i), "1.1.1.1"), 0);
    throttle.RecordFailure(fmt::format("user{}", i), "1.1.1.1");
  }
  EXPECT_GT(throttle.SecondsToWait("someone-else", "1.1.1.1"), 0);
  EXPECT_EQ(throttle.SecondsToWait("someone-else", "2.2.2.2"), 0);
  // Signing in to an own account from there does not wipe the address's record.
  throttle.RecordSuccess("user0", "1.1.1.1");
  EXPECT_GT(throttle.SecondsToWait("someone-else", "1.1.1.1"), 0);
}

TEST(LoginThrottleTest, CountsAreForgottenADayAfterTheLastFailure) {
  FakeClock clock(*ParseTimestamp("2026-01-06"));
  LoginThrottle throttle(clock);
  for (int i = 0; i < 30; ++i) throttle.RecordFailure("admin", "1.1.1.1");
  clock.Advance(LoginThrottle::kForgetAfter);
  EXPECT_EQ(throttle.SecondsToWait("admin", "1.1.1.1"), 0);
  throttle.RecordFailure("admin", "1.1.1.1");  // counts from one again
  EXPECT_EQ(throttle.SecondsToWait("admin", "1.1.1.1"), 0);
}

// The old table was cleared whole at 100,000 keys: a flood of names wiped every throttle.
TEST(LoginThrottleTest, AFloodOfNamesNeitherGrowsTheTablesNorWipesThrottles) {
  FakeClock clock(*ParseTimestamp("2026-01-06"));
  LoginThrottle throttle(clock, 50);
  for (int i = 0; i < 10; ++i) throttle.RecordFailure("admin", "1.1.1.1");
  for (int i = 0; i < 5000; ++i) {
    throttle.RecordFailure(fmt::format("name{}", i), fmt::format("10.0.{}.{}", i / 250, i % 250));
  }
  EXPECT_LE(throttle.entries(), 100u);
  EXPECT_GT(throttle.SecondsToWait("admin", "1.1.1.1"), 0);
}

}  // namespace
}  // namespace aftermath::access
