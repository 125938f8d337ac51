// A gateway's delivery receipt, as POST /api/v1/outbox/receipts takes it: a JSON body
// {"id": "msg_…", "status": "delivered" | "failed", "error": "…"} signed with the shared secret
// (HMAC-SHA256 of the raw body, hex, in the signature header; docs/api.md).
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace aftermath::delivery {

struct Receipt {
  std::string message_id;
  bool delivered = false;
  std::string error;  // the gateway's reason when not delivered
};

// The receipt in `body` when `signature` is its HMAC under `secret`. Unauthenticated for a
// missing or wrong signature (checked before the body is read); InvalidArgument naming the
// field for a body that is not such a receipt.
Result<Receipt> ParseSignedReceipt(std::string_view secret, std::string_view body,
                                   std::string_view signature);

}  // namespace aftermath::delivery
