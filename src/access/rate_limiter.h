// Token buckets per client and one for everybody, so the public lookup cannot be scraped by one
// client nor by many together; and the sign-in throttle.
//
// Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "common/clock.h"
#include "common/mutex.h"

namespace aftermath::access {

// The key that rate limits and the sign-in throttle count a client address under: an IPv4
// address (also written IPv4-mapped, "::ffff:1.2.3.4") as itself, an IPv6 address by its /64
// ("2001:db8:1:2::/64"), since one host or home usually holds a whole /64 and rotating inside it
// must not buy fresh buckets. Text that is no address is kept as it is, cut to 64 bytes.
std::string ClientKey(std::string_view address);

struct RateLimit {
  double per_second = 1.0;  // refill rate
  double burst = 10.0;      // bucket size
};

class RateLimiter {
 public:
  // At most `max_clients` clients are remembered; when that many hold partly used buckets, new
  // clients share one overflow bucket until some refill.
  RateLimiter(RateLimit per_client, RateLimit global, const Clock& clock,
              size_t max_clients = 100000);

  // Takes one token from the bucket of the client's key (ClientKey(client_address)) and then one
  // from the global bucket. A client whose own bucket is empty is refused without touching the
  // global bucket, so one busy client cannot spend everybody's share by being refused. Returns 0
  // when allowed, otherwise the whole seconds to wait (Retry-After).
  int Acquire(std::string_view client_address);

  size_t clients() const;

 private:
  struct Bucket {
    double tokens;
    Timestamp refreshed;
  };
  void Refill(Bucket& b, const RateLimit& limit, Timestamp now) const;
  static int SecondsUntilToken(const Bucket& b, const RateLimit& limit);
  Bucket& BucketFor(const std::string& key, Timestamp now) REQUIRES(mu_);

  const RateLimit per_client_, global_;
  const Clock& clock_;
  const size_t max_clients_;
  mutable Mutex mu_;
  Bucket global_bucket_ GUARDED_BY(mu_);
  Bucket overflow_bucket_ GUARDED_BY(mu_);  // for new clients while the table is full
  Timestamp last_prune_ GUARDED_BY(mu_){};
  std::unordered_map<std::string, Bucket> clients_ GUARDED_BY(mu_);
};

// Slows password guessing without letting anyone lock a user out:
// - per (username, client key): after kFreeFailures failures each further attempt for that
//   username from that address waits twice as long as the last (up to kMaxDelaySeconds);
// - per client key: after kFreeAddressFailures failures for any usernames (password spraying),
//   the same for every username from that address.
// Failures from one address never slow the same username from another address, so the right
// password from an address with no failures always gets in. A success clears its (username,
// address) count but not the address's count. Counts are forgotten kForgetAfter after their last
// failure; each table holds at most kMaxEntries keys (entries that throttle nobody go first when
// full; when it is full of throttled keys a new key is not counted there).
// Thread-safe.
class LoginThrottle {
 public:
  static constexpr int kFreeFailures = 5;
  static constexpr int kFreeAddressFailures = 20;
  static constexpr int kMaxDelaySeconds = 900;
  static constexpr std::chrono::hours kForgetAfter{24};
  static constexpr size_t kMaxEntries = 100000;

  explicit LoginThrottle(const Clock& clock, size_t max_entries = kMaxEntries)
      : clock_(clock), max_entries_(max_entries) {}

  // 0 when an attempt may proceed, else the seconds to wait.
  int SecondsToWait(std::string_view username, std::string_view address);
  void RecordFailure(std::string_view username, std::string_view address);
  void RecordSuccess(std::string_view username, std::string_view address);

  size_t entries() const;

 private:
  struct Failures {
    int count = 0;
    Timestamp last;
  };
  using Table = std::unordered_map<std::string, Failures>;
  static int WaitFor(const Failures& f, int free_failures, Timestamp now);
  void Count(Table& table, std::string key, int free_failures, Timestamp now) REQUIRES(mu_);

  const Clock& clock_;
  const size_t max_entries_;
  mutable Mutex mu_;
  Table by_pair_ GUARDED_BY(mu_);     // ClientKey + '\n' + username
  Table by_address_ GUARDED_BY(mu_);  // ClientKey
};

}  // namespace aftermath::access
