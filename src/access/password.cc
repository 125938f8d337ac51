#include "access/password.h"

#include <fmt/format.h>
#include <sodium.h>

#include <set>

namespace aftermath::access {

Status CheckPasswordPolicy(std::string_view password) {
  if (password.size() < kMinPasswordLength) {
    return InvalidArgument(fmt::format("must be at least {} characters", kMinPasswordLength),
                           "password");
  }
  if (password.size() > kMaxPasswordLength) {
    return InvalidArgument(fmt::format("must be at most {} characters", kMaxPasswordLength),
                           "password");
  }
  std::set<char> distinct(password.begin(), password.end());
  if (distinct.size() < 5) return InvalidArgument("is too simple", "password");
  return Status::Ok();
}

Result<std::string> HashPassword(std::string_view password) {
  if (sodium_init() < 0) return Internal("libsodium failed to initialise");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return ResourceExhausted("out of memory while hashing a password");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  if (sodium_init() < 0 || hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  std::string h(hash);
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

}  // namespace aftermath::access
