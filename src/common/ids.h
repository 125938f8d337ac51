// Public identifiers: a type prefix and 16 Crockford base32 characters of randomness (80 bits), so
// ids reveal neither counts nor order and cannot be guessed ("per_7M2K9Q4XR1T8VZ3D").
#pragma once

#include <string>
#include <string_view>

namespace aftermath {

// Thread-safe; randomness from libsodium.
std::string NewId(std::string_view prefix);

// True when `id` is `prefix` + "_" + 16 Crockford base32 characters.
bool IsWellFormedId(std::string_view id, std::string_view prefix);

// A random token of `bytes` bytes, hex encoded (sessions, API tokens).
std::string RandomHex(size_t bytes);

}  // namespace aftermath
