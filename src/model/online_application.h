// An application made online on the public page (issue #18), before it is a claim: the phone a
// one-time code was sent to, the code's hash and tries, the short-lived token a confirmed code
// buys, the documents uploaded under it, and the claim it became. Plain values; the rules are
// recovery/online_application.h's, persistence store/application_records.h's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "model/recovery.h"

namespace aftermath {

inline constexpr const char* kApplicationIdPrefix = "apl";

// code_sent -> confirmed -> submitted; code_sent -> void (expired or out of tries).
enum class ApplicationState { kCodeSent, kConfirmed, kSubmitted, kVoid };

inline std::string_view ToString(ApplicationState s) {
  switch (s) {
    case ApplicationState::kCodeSent: return "code_sent";
    case ApplicationState::kConfirmed: return "confirmed";
    case ApplicationState::kSubmitted: return "submitted";
    case ApplicationState::kVoid: return "void";
  }
  return "void";
}

inline std::optional<ApplicationState> ParseApplicationState(std::string_view s) {
  for (auto v : {ApplicationState::kCodeSent, ApplicationState::kConfirmed,
                 ApplicationState::kSubmitted, ApplicationState::kVoid}) {
    if (ToString(v) == s) return v;
  }
  return std::nullopt;
}

struct OnlineApplication {
  std::string id;
  int64_t version = 1;
  ApplicationState state = ApplicationState::kCodeSent;
  std::string phone;     // canonical (+7...), the number the code went to
  std::string language;  // kk, ru or en: the SMS's and the page's
  // The one-time code is never stored: only a keyed BLAKE2b of it under a random salt (hex).
  std::string code_salt;
  std::string code_hash;
  Timestamp code_expires_at;
  int tries = 0;  // wrong codes so far
  std::string message_id;  // the outbox message that carried the code
  // The token a confirmed code buys, as a hash (hex); empty before confirmation.
  std::string token_hash;
  std::optional<Timestamp> token_expires_at;
  // Files uploaded under the token (kind empty until the claim names it).
  std::vector<ClaimDocument> documents;
  std::string claim_id;  // set once submitted
  Timestamp created_at;
  Timestamp updated_at;
};

}  // namespace aftermath
