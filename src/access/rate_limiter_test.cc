#include "access/rate_limiter.h"

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

TEST(LoginThrottleTest, SlowsRepeatedFailuresExponentially) {
  FakeClock clock(*ParseTimestamp("2026-01-06"));
  LoginThrottle throttle(clock);
  for (int i = 0; i < LoginThrottle::kFreeFailures; ++i) {
    EXPECT_EQ(throttle.SecondsToWait("admin", "1.1.1.1"), 0);
    throttle.RecordFailure("admin", "1.1.1.1");
  }
  EXPECT_EQ(throttle.SecondsToWait("admin", "9.9.9.9"), 1);  // the username is throttled
  EXPECT_EQ(throttle.SecondsToWait("other", "1.1.1.1"), 1);  // and so is the address
  clock.Advance(std::chrono::seconds(1));
  EXPECT_EQ(throttle.SecondsToWait("admin", "1.1.1.1"), 0);
  throttle.RecordFailure("admin", "1.1.1.1");
  EXPECT_EQ(throttle.SecondsToWait("admin", "1.1.1.1"), 2);
  throttle.RecordFailure("admin", "1.1.1.1");
  EXPECT_EQ(throttle.SecondsToWait("admin", "1.1.1.1"), 4);
  throttle.RecordSuccess("admin", "1.1.1.1");
  EXPECT_EQ(throttle.SecondsToWait("admin", "1.1.1.1"), 0);
}

}  // namespace
}  // namespace aftermath::access
