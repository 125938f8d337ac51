#include "common/ids.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>

namespace aftermath {
namespace {

constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr size_t kIdChars = 16;

void EnsureSodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) throw std::runtime_error("libsodium failed to initialise");
}

}  // namespace

TimeOrderedIdGenerator::TimeOrderedIdGenerator(const Clock& clock) : clock_(clock) {
  EnsureSodium();
}

TimeOrderedIdGenerator::TimeOrderedIdGenerator(const Clock& clock, uint64_t seed)
    : clock_(clock), seeded_(std::in_place, seed) {}

uint64_t TimeOrderedIdGenerator::RandomBits(int bits) {
  uint64_t r = 0;
  if (seeded_) {
    r = (*seeded_)();
  } else {
    randombytes_buf(&r, sizeof r);
  }
  return r & ((uint64_t{1} << bits) - 1);
}

std::string TimeOrderedIdGenerator::NewId(std::string_view prefix) {
  constexpr int kRandomBits = 38;
  constexpr uint64_t kRandomMax = (uint64_t{1} << kRandomBits) - 1;
  constexpr int64_t kEpochMs = 1577836800000;  // 2020-01-01T00:00:00Z
  int64_t now_ms = clock_.Now().time_since_epoch().count() - kEpochMs;
  uint64_t ms = static_cast<uint64_t>(std::max<int64_t>(now_ms, 0));
  uint64_t rnd = 0;
  {
    // Within one millisecond (or when the clock steps back) the next id steps forward by a
    // random amount: no two ids of a generator collide, and their order is their creation order.
    MutexLock lock(&mu_);
    if (ms <= last_ms_) {
      ms = last_ms_;
      rnd = last_rnd_ + 1 + RandomBits(16);
      if (rnd > kRandomMax) {
        ++ms;
        rnd = RandomBits(kRandomBits);
      }
    } else {
      rnd = RandomBits(kRandomBits);
    }
    last_ms_ = ms;
    last_rnd_ = rnd;
  }
  unsigned __int128 value = (static_cast<unsigned __int128>(ms) << kRandomBits) | rnd;
  std::string out(prefix);
  out += '_';
  for (int i = static_cast<int>(kIdChars) - 1; i >= 0; --i) {
    out += kCrockford[static_cast<size_t>(value >> (5 * i)) & 31];
  }
  return out;
}

std::string NewId(std::string_view prefix) {
  static const SystemClock clock;
  static TimeOrderedIdGenerator ids(clock);
  return ids.NewId(prefix);
}

bool IsWellFormedId(std::string_view id, std::string_view prefix) {
  if (id.size() != prefix.size() + 1 + kIdChars) return false;
  if (id.substr(0, prefix.size()) != prefix || id[prefix.size()] != '_') return false;
  for (char c : id.substr(prefix.size() + 1)) {
    if (kCrockford.find(c) == std::string_view::npos) return false;
  }
  return true;
}

std::string RandomHex(size_t bytes) {
  EnsureSodium();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                 raw.size());
  hex.pop_back();
  return hex;
}

}  // namespace aftermath
