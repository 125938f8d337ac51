#include "delivery/signature.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>

namespace aftermath::delivery {
namespace {

// crypto_auth_hmacsha256 takes a 32-byte key; a secret of another length is used as HMAC
// defines (hashed when longer than the block, padded otherwise) through the streaming API.
void Mac(std::string_view secret, std::string_view body,
         unsigned char out[crypto_auth_hmacsha256_BYTES]) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()),
                                body.size());
  crypto_auth_hmacsha256_final(&state, out);
}

}  // namespace

std::string SignHex(std::string_view secret, std::string_view body) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  Mac(secret, body, mac);
  char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return hex;
}

bool VerifySignature(std::string_view secret, std::string_view body, std::string_view signature) {
  if (secret.empty()) return false;
  if (signature.size() > 7) {
    std::string prefix(signature.substr(0, 7));
    std::transform(prefix.begin(), prefix.end(), prefix.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (prefix == "sha256=") signature.remove_prefix(7);
  }
  unsigned char given[crypto_auth_hmacsha256_BYTES];
  size_t length = 0;
  if (signature.size() != 2 * sizeof given ||
      sodium_hex2bin(given, sizeof given, signature.data(), signature.size(), nullptr, &length,
                     nullptr) != 0 ||
      length != sizeof given) {
    return false;
  }
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  Mac(secret, body, mac);
  return sodium_memcmp(given, mac, sizeof mac) == 0;
}

}  // namespace aftermath::delivery
