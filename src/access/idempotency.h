// Idempotency-Key for creates: a client that lost an answer (a timeout, a dropped connection, a
// crash of either side) sends the same request with the same key again and gets the first
// answer back instead of a second record. Keys are per caller and remembered for a day.
//
// Thread-safe (each call is one store transaction).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/status.h"
#include "store/store.h"

namespace aftermath::access {

class IdempotencyKeys {
 public:
  static constexpr auto kRemembered = std::chrono::hours(24);
  static constexpr size_t kMaxKeyLength = 128;

  IdempotencyKeys(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // What Reserve found.
  struct Reservation {
    enum class Kind {
      kNew,           // reserved: run the request, then Complete or Release
      kReplay,        // answered before: `status` and `response` are that answer
      kOtherRequest,  // the key was used for a different request (method, path or body)
      kUnfinished,    // the first request is still running, or was interrupted after it began:
                      // it may or may not have taken effect
    };
    Kind kind = Kind::kNew;
    int status = 0;
    std::string response;
  };

  // InvalidArgument when the key is empty, longer than kMaxKeyLength or not printable ASCII.
  Result<Reservation> Reserve(std::string_view actor, std::string_view key, std::string_view method,
                              std::string_view path, std::string_view body);
  // Stores the answer to replay.
  Status Complete(std::string_view actor, std::string_view key, int status,
                  std::string_view response);
  // Forgets a reservation whose request failed without effect, so a retry runs it again.
  Status Release(std::string_view actor, std::string_view key);

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace aftermath::access
