// Time: every timestamp is UTC, milliseconds since the epoch; text form is RFC 3339 with 'Z'.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace aftermath {

using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

// Injected wherever "now" matters so tests can control it.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
};

// Thread-safe manual clock for tests.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Timestamp start) : ms_(start.time_since_epoch().count()) {}
  Timestamp Now() const override { return Timestamp(std::chrono::milliseconds(ms_.load())); }
  void Advance(std::chrono::milliseconds d) { ms_ += d.count(); }

 private:
  std::atomic<int64_t> ms_;
};

// "2026-01-06T10:00:00.000Z"
std::string FormatTimestamp(Timestamp t);

// Accepts "YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)" and "YYYY-MM-DD" (midnight UTC).
Result<Timestamp> ParseTimestamp(std::string_view text);

}  // namespace aftermath
