// Password hashing with Argon2id (libsodium's crypto_pwhash_str): salted, memory-hard, with the
// parameters stored inside the hash so they can be raised later without breaking old hashes.
// And the policy for new passwords.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace aftermath::access {

inline constexpr size_t kMinPasswordLength = 12;   // characters (UTF-8 code points)
inline constexpr size_t kMaxPasswordLength = 256;  // bytes

// Ok, or InvalidArgument (field "password") when the password is shorter than
// kMinPasswordLength characters or longer than kMaxPasswordLength bytes, too simple (fewer than
// 5 distinct characters), a common password (IsCommonPassword), or the username or holds it
// (an empty username skips that check).
Status CheckPasswordPolicy(std::string_view password, std::string_view username = {});

// True when the password, in lower case (latin and Cyrillic) and with digits, symbols and
// spaces before and after it dropped ("Password2024!" -> "password"), or the unit it repeats
// ("qwertyqwerty" -> "qwerty"), is on the list of common passwords built into the binary from
// data/passwords/ (no file is read at run time).
bool IsCommonPassword(std::string_view password);

Result<std::string> HashPassword(std::string_view password);
// True when `password` matches `hash`; false for any malformed hash.
bool VerifyPassword(std::string_view hash, std::string_view password);

// Hex SHA-256, for storing session and token secrets.
std::string Sha256Hex(std::string_view data);

}  // namespace aftermath::access
