// Token buckets per client key (an IP address) and one for everybody, so the public lookup
// cannot be scraped by one client nor by many together.
//
// Thread-safe.
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/clock.h"

namespace aftermath::access {

struct RateLimit {
  double per_second = 1.0;  // refill rate
  double burst = 10.0;      // bucket size
};

class RateLimiter {
 public:
  RateLimiter(RateLimit per_client, RateLimit global, const Clock& clock,
              size_t max_clients = 100000);

  // Takes one token from the client's bucket and the global one. Returns 0 when allowed,
  // otherwise the whole seconds to wait before the next attempt can succeed (Retry-After).
  int Acquire(std::string_view client);

 private:
  struct Bucket {
    double tokens;
    Timestamp refreshed;
  };
  void Refill(Bucket& b, const RateLimit& limit, Timestamp now) const;
  static int SecondsUntilToken(const Bucket& b, const RateLimit& limit);

  const RateLimit per_client_, global_;
  const Clock& clock_;
  const size_t max_clients_;
  std::mutex mu_;
  Bucket global_bucket_;
  std::unordered_map<std::string, Bucket> clients_;
};

// Slows password guessing: after kFreeFailures failed sign-ins for one username or one address,
// each further attempt must wait twice as long as the last (up to 15 minutes).
// Thread-safe.
class LoginThrottle {
 public:
  static constexpr int kFreeFailures = 5;
  explicit LoginThrottle(const Clock& clock) : clock_(clock) {}

  // 0 when an attempt may proceed, else the seconds to wait.
  int SecondsToWait(std::string_view username, std::string_view address);
  void RecordFailure(std::string_view username, std::string_view address);
  void RecordSuccess(std::string_view username, std::string_view address);

 private:
  struct Failures {
    int count = 0;
    Timestamp last;
  };
  int WaitFor(const Failures& f, Timestamp now) const;

  const Clock& clock_;
  std::mutex mu_;
  std::unordered_map<std::string, Failures> by_key_;
};

}  // namespace aftermath::access
