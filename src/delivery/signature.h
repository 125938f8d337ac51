// The HMAC-SHA256 that signs what aftermath sends a gateway and what a gateway sends back.
#pragma once

#include <string>
#include <string_view>

namespace aftermath::delivery {

// The lower-case hex HMAC-SHA256 of `body` keyed with `secret` (any length).
std::string SignHex(std::string_view secret, std::string_view body);
// Whether `signature` ("sha256=<hex>" or "<hex>", either case) is `body`'s HMAC under
// `secret`. Compared in constant time; false for an empty secret.
bool VerifySignature(std::string_view secret, std::string_view body, std::string_view signature);

}  // namespace aftermath::delivery
