#include "access/rate_limiter.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace aftermath::access {

std::string ClientKey(std::string_view address) {
  std::string text(address.substr(0, std::min<size_t>(address.size(), 64)));
  // A zone ("fe80::1%eth0") names the interface, not the host.
  std::string bare = text.substr(0, text.find('%'));
  unsigned char bytes[16];
  if (inet_pton(AF_INET, bare.c_str(), bytes) == 1) {
    char out[INET_ADDRSTRLEN];
    return inet_ntop(AF_INET, bytes, out, sizeof out);
  }
  if (inet_pton(AF_INET6, bare.c_str(), bytes) != 1) return text;
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(bytes, kMapped, sizeof kMapped) == 0) {
    // A dual-stack socket shows an IPv4 client as ::ffff:a.b.c.d: the same client as a.b.c.d.
    char out[INET_ADDRSTRLEN];
    return inet_ntop(AF_INET, bytes + 12, out, sizeof out);
  }
  std::memset(bytes + 8, 0, 8);
  char out[INET6_ADDRSTRLEN];
  return std::string(inet_ntop(AF_INET6, bytes, out, sizeof out)) + "/64";
}

RateLimiter::RateLimiter(RateLimit per_client, RateLimit global, const Clock& clock,
                         size_t max_clients)
    : per_client_(per_client),
      global_(global),
      clock_(clock),
      max_clients_(std::max<size_t>(1, max_clients)),
      global_bucket_{global.burst, clock.Now()},
      overflow_bucket_{per_client.burst, clock.Now()} {}

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

RateLimiter::Bucket& RateLimiter::BucketFor(const std::string& key, Timestamp now) {
  if (auto it = clients_.find(key); it != clients_.end()) return it->second;
  // A full table is swept at most once a second, so a flood of new addresses costs no more than
  // one scan a second.
  if (clients_.size() >= max_clients_ && now - last_prune_ >= std::chrono::seconds(1)) {
    last_prune_ = now;
    // Forget clients whose buckets have refilled: they lose nothing by being forgotten.
    for (auto it = clients_.begin(); it != clients_.end();) {
      Refill(it->second, per_client_, now);
      it = it->second.tokens >= per_client_.burst ? clients_.erase(it) : std::next(it);
    }
  }
  if (clients_.size() >= max_clients_) return overflow_bucket_;
  return clients_.try_emplace(key, Bucket{per_client_.burst, now}).first->second;
}

int RateLimiter::Acquire(std::string_view client_address) {
  std::string key = ClientKey(client_address);
  Timestamp now = clock_.Now();
  MutexLock lock(&mu_);
  Bucket& mine = BucketFor(key, now);
  Refill(mine, per_client_, now);
  if (mine.tokens < 1.0) return SecondsUntilToken(mine, per_client_);
  Refill(global_bucket_, global_, now);
  if (global_bucket_.tokens < 1.0) return SecondsUntilToken(global_bucket_, global_);
  mine.tokens -= 1.0;
  global_bucket_.tokens -= 1.0;
  return 0;
}

size_t RateLimiter::clients() const {
  MutexLock lock(&mu_);
  return clients_.size();
}

int LoginThrottle::WaitFor(const Failures& f, int free_failures, Timestamp now) {
  if (f.count < free_failures || now - f.last >= kForgetAfter) return 0;
  int exponent = std::min(f.count - free_failures, 10);
  int delay = std::min(kMaxDelaySeconds, 1 << exponent);
  auto ready = f.last + std::chrono::seconds(delay);
  if (now >= ready) return 0;
  return std::max<int>(
      1, static_cast<int>(std::chrono::ceil<std::chrono::seconds>(ready - now).count()));
}

namespace {

std::string PairKey(const std::string& address_key, std::string_view username) {
  return address_key + '\n' + std::string(username.substr(0, 256));
}

}  // namespace

int LoginThrottle::SecondsToWait(std::string_view username, std::string_view address) {
  std::string address_key = ClientKey(address);
  Timestamp now = clock_.Now();
  MutexLock lock(&mu_);
  int wait = 0;
  if (auto it = by_pair_.find(PairKey(address_key, username)); it != by_pair_.end()) {
    wait = std::max(wait, WaitFor(it->second, kFreeFailures, now));
  }
  if (auto it = by_address_.find(address_key); it != by_address_.end()) {
    wait = std::max(wait, WaitFor(it->second, kFreeAddressFailures, now));
  }
  return wait;
}

void LoginThrottle::Count(Table& table, std::string key, int free_failures, Timestamp now) {
  auto it = table.find(key);
  if (it == table.end()) {
    if (table.size() >= max_entries_) {
      // Never clear everything: that would hand an attacker who floods names a fresh start.
      for (auto i = table.begin(); i != table.end();) {
        bool idle = now - i->second.last >= kForgetAfter || i->second.count < free_failures;
        i = idle ? table.erase(i) : std::next(i);
      }
      if (table.size() >= max_entries_) return;
    }
    it = table.emplace(std::move(key), Failures{}).first;
  } else if (now - it->second.last >= kForgetAfter) {
    it->second.count = 0;
  }
  it->second.count += 1;
  it->second.last = now;
}

void LoginThrottle::RecordFailure(std::string_view username, std::string_view address) {
  std::string address_key = ClientKey(address);
  Timestamp now = clock_.Now();
  MutexLock lock(&mu_);
  Count(by_pair_, PairKey(address_key, username), kFreeFailures, now);
  Count(by_address_, address_key, kFreeAddressFailures, now);
}

void LoginThrottle::RecordSuccess(std::string_view username, std::string_view address) {
  std::string address_key = ClientKey(address);
  MutexLock lock(&mu_);
  // The address's count stays: signing in to one's own account must not reset a spray against
  // others from the same address.
  by_pair_.erase(PairKey(address_key, username));
}

size_t LoginThrottle::entries() const {
  MutexLock lock(&mu_);
  return by_pair_.size() + by_address_.size();
}

}  // namespace aftermath::access
