// Password hashing with Argon2id (libsodium's crypto_pwhash_str): salted, memory-hard, with the
// parameters stored inside the hash so they can be raised later without breaking old hashes.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace aftermath::access {

inline constexpr size_t kMinPasswordLength = 10;
inline constexpr size_t kMaxPasswordLength = 256;

// InvalidArgument (field "password") when the password is too short, too long or too simple.
Status CheckPasswordPolicy(std::string_view password);
Result<std::string> HashPassword(std::string_view password);
// True when `password` matches `hash`; false for any malformed hash.
bool VerifyPassword(std::string_view hash, std::string_view password);

// Hex SHA-256, for storing session and token secrets.
std::string Sha256Hex(std::string_view data);

}  // namespace aftermath::access
