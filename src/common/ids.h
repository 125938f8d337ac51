// Public identifiers: a type prefix and 16 Crockford base32 characters ("per_01JD7M2K9Q4XR1T8"):
// 42 bits of milliseconds since 2020, then 38 random bits. Time first, so a bulk import appends
// to the tables' B-trees instead of writing every row to a random page; 38 random bits, so ids
// still cannot be guessed, nor counted. Ids reveal roughly when a record was created, which
// every record says anyway.
#pragma once

#include <string>
#include <string_view>

namespace aftermath {

// Thread-safe; randomness from libsodium. Strictly increasing within a process.
std::string NewId(std::string_view prefix);

// True when `id` is `prefix` + "_" + 16 Crockford base32 characters.
bool IsWellFormedId(std::string_view id, std::string_view prefix);

// A random token of `bytes` bytes, hex encoded (sessions, API tokens).
std::string RandomHex(size_t bytes);

}  // namespace aftermath
