#include "access/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace aftermath::access {

RateLimiter::RateLimiter(RateLimit per_client, RateLimit global, const Clock& clock,
                         size_t max_clients)
    : per_client_(per_client),
      global_(global),
      clock_(clock),
      max_clients_(max_clients),
      global_bucket_{global.burst, clock.Now()} {}

void RateLimiter::Refill(Bucket& b, const RateLimit& limit, Timestamp now) const {
  double seconds = std::chrono::duration<double>(now - b.refreshed).count();
  if (seconds > 0) {
    b.tokens = std::min(limit.burst, b.tokens + seconds * limit.per_second);
    b.refreshed = now;
  }
}

int RateLimiter::SecondsUntilToken(const Bucket& b, const RateLimit& limit) {
  double missing = 1.0 - b.tokens;
  return std::max(1, static_cast<int>(std::ceil(missing / limit.per_second)));
}

int RateLimiter::Acquire(std::string_view client) {
  Timestamp now = clock_.Now();
  std::lock_guard lock(mu_);
  if (clients_.size() >= max_clients_) {
    // Forget clients whose buckets have refilled: they lose nothing by being forgotten.
    for (auto it = clients_.begin(); it != clients_.end();) {
      Refill(it->second, per_client_, now);
      it = it->second.tokens >= per_client_.burst ? clients_.erase(it) : std::next(it);
    }
  }
  auto [it, inserted] = clients_.try_emplace(std::string(client), Bucket{per_client_.burst, now});
  Bucket& mine = it->second;
  Refill(mine, per_client_, now);
  Refill(global_bucket_, global_, now);
  if (mine.tokens < 1.0) return SecondsUntilToken(mine, per_client_);
  if (global_bucket_.tokens < 1.0) return SecondsUntilToken(global_bucket_, global_);
  mine.tokens -= 1.0;
  global_bucket_.tokens -= 1.0;
  return 0;
}

int LoginThrottle::WaitFor(const Failures& f, Timestamp now) const {
  if (f.count < kFreeFailures) return 0;
  int exponent = std::min(f.count - kFreeFailures, 10);
  int delay = std::min(900, 1 << exponent);
  auto ready = f.last + std::chrono::seconds(delay);
  if (now >= ready) return 0;
  return std::max<int>(
      1, static_cast<int>(std::chrono::ceil<std::chrono::seconds>(ready - now).count()));
}

int LoginThrottle::SecondsToWait(std::string_view username, std::string_view address) {
  Timestamp now = clock_.Now();
  std::lock_guard lock(mu_);
  int wait = 0;
  for (const std::string& key : {"u:" + std::string(username), "a:" + std::string(address)}) {
    auto it = by_key_.find(key);
    if (it != by_key_.end()) wait = std::max(wait, WaitFor(it->second, now));
  }
  return wait;
}

void LoginThrottle::RecordFailure(std::string_view username, std::string_view address) {
  Timestamp now = clock_.Now();
  std::lock_guard lock(mu_);
  if (by_key_.size() > 100000) by_key_.clear();  // bounded memory under a flood of names
  for (const std::string& key : {"u:" + std::string(username), "a:" + std::string(address)}) {
    auto& f = by_key_[key];
    f.count += 1;
    f.last = now;
  }
}

void LoginThrottle::RecordSuccess(std::string_view username, std::string_view address) {
  std::lock_guard lock(mu_);
  by_key_.erase("u:" + std::string(username));
  by_key_.erase("a:" + std::string(address));
}

}  // namespace aftermath::access
