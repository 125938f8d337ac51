// Sends an SMS through an HTTP gateway, the form most SMS providers take: a POST of a body made
// from a template, HMAC-signed with a shared secret.
//
// Thread-safety: Send may be called from several threads (one curl handle a call).
#pragma once

#include <chrono>
#include <string>

#include "common/status.h"
#include "model/records.h"

namespace aftermath::delivery {

struct SmsGatewayOptions {
  std::string url;  // http:// or https://
  // The request body: {phone}, {text} and {id} are replaced by the recipient, the text and
  // the message id, escaped for the content type (JSON string contents for a JSON type,
  // percent-encoded for a form; as they are otherwise).
  std::string body_template = R"({"to":"{phone}","text":"{text}","id":"{id}"})";
  std::string content_type = "application/json";
  std::string secret;  // signs the body (HMAC-SHA256, hex) in `signature_header`
  std::string signature_header = "X-Aftermath-Signature";
  std::chrono::seconds timeout{20};
};

class SmsGateway {
 public:
  explicit SmsGateway(SmsGatewayOptions options);

  // The body sent for `message` (exposed for tests and docs).
  std::string RenderBody(const OutboxMessage& message) const;
  // POSTs the message; the gateway dedupes by the message id, sent as Idempotency-Key and
  // X-Message-Id too. OK on a 2xx answer; FailedPrecondition on a 4xx other than 408 and 429
  // (the gateway refuses the message: no retry helps); Unavailable naming the HTTP status or
  // the transfer's failure otherwise.
  Status Send(const OutboxMessage& message) const;

 private:
  SmsGatewayOptions options_;
};

}  // namespace aftermath::delivery
