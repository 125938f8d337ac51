// Public identifiers: a type prefix and 16 Crockford base32 characters ("per_01JD7M2K9Q4XR1T8"):
// 42 bits of milliseconds since 2020, then 38 random bits. Time first, so a bulk import appends
// to the tables' B-trees instead of writing every row to a random page; 38 random bits, so ids
// still cannot be guessed, nor counted. Ids reveal roughly when a record was created, which
// every record says anyway.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/mutex.h"

namespace aftermath {

// Makes the ids of new records. Injected, like the Clock, into whatever creates records.
class IdGenerator {
 public:
  virtual ~IdGenerator() = default;
  // `prefix` + "_" + 16 Crockford base32 characters. Thread-safe.
  virtual std::string NewId(std::string_view prefix) = 0;
};

// The ids described above: the time from `clock`, the random bits from libsodium or, seeded,
// from a generator that repeats them for the same seed (tests only: such ids can be guessed).
// Strictly increasing across every id one generator makes, so a process shares one.
// Thread-safe.
class TimeOrderedIdGenerator final : public IdGenerator {
 public:
  // REQUIRES: clock outlives the generator.
  explicit TimeOrderedIdGenerator(const Clock& clock);
  TimeOrderedIdGenerator(const Clock& clock, uint64_t seed);

  std::string NewId(std::string_view prefix) override EXCLUDES(mu_);

 private:
  uint64_t RandomBits(int bits) REQUIRES(mu_);

  const Clock& clock_;
  Mutex mu_;
  std::optional<std::mt19937_64> seeded_ GUARDED_BY(mu_);
  uint64_t last_ms_ GUARDED_BY(mu_) = 0;
  uint64_t last_rnd_ GUARDED_BY(mu_) = 0;
};

// What a component holds when it may be given an IdGenerator (an `IdGenerator* ids = nullptr`
// option): the one given, or else a TimeOrderedIdGenerator of its own over its clock.
// REQUIRES: `given` (when not null) and `clock` outlive it.
class GivenOrOwnIdGenerator {
 public:
  GivenOrOwnIdGenerator(IdGenerator* given, const Clock& clock)
      : own_(given ? nullptr : std::make_unique<TimeOrderedIdGenerator>(clock)),
        ids_(given ? *given : *own_) {}
  std::string NewId(std::string_view prefix) { return ids_.NewId(prefix); }

 private:
  std::unique_ptr<IdGenerator> own_;
  IdGenerator& ids_;
};

// Tests and tools only: an id from one generator over the system clock shared by the process.
// Components take an IdGenerator instead.
std::string NewId(std::string_view prefix);

// True when `id` is `prefix` + "_" + 16 Crockford base32 characters.
bool IsWellFormedId(std::string_view id, std::string_view prefix);

// A random token of `bytes` bytes, hex encoded (sessions, API tokens).
std::string RandomHex(size_t bytes);

}  // namespace aftermath
