#include "access/password.h"

#include <fmt/format.h>
#include <sodium.h>

#include <cctype>
#include <set>
#include <span>
#include <unordered_set>

namespace aftermath::access {
namespace common_passwords {
struct EmbeddedFile {
  std::string_view name;
  std::string_view content;
};
std::span<const EmbeddedFile> CommonPasswordFiles();  // generated from data/passwords/
}  // namespace common_passwords

namespace {

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Lower case for ASCII and the basic Cyrillic block (А-Я, Ё and Kazakh letters are the ones
// people type here); other bytes are kept as they are.
std::string Fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = s[i];
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if (c >= 0xD0 && c <= 0xD3 && i + 1 < s.size() &&
               (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) {
      unsigned cp = ((c & 0x1F) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3F);
      if (cp >= 0x410 && cp <= 0x42F) {
        cp += 0x20;  // А-Я
      } else if (cp >= 0x400 && cp <= 0x40F) {
        cp += 0x50;  // Ѐ-Џ (Ё, Ї, Ў, ...)
      } else if (cp >= 0x460 && cp <= 0x4FF && cp % 2 == 0) {
        cp += 1;  // Ғ Қ Ң Ү Ұ Һ Ә Ө and the rest of the extended block: upper case is even
      }
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Digits, ASCII symbols and spaces around a word: what people add to meet a length rule.
std::string_view Core(std::string_view s) {
  auto filler = [](unsigned char c) { return c < 0x80 && !std::isalpha(c); };
  while (!s.empty() && filler(s.front())) s.remove_prefix(1);
  while (!s.empty() && filler(s.back())) s.remove_suffix(1);
  return s;
}

// The shortest unit `s` is a repetition of ("abcabc" -> "abc"), or `s` itself.
std::string_view RepeatedUnit(std::string_view s) {
  for (size_t unit = 1; unit <= s.size() / 2; ++unit) {
    if (s.size() % unit != 0) continue;
    bool repeats = true;
    for (size_t i = unit; i < s.size() && repeats; ++i) repeats = s[i] == s[i - unit];
    if (repeats) return s.substr(0, unit);
  }
  return s;
}

const std::unordered_set<std::string>& CommonPasswords() {
  static const auto* set = [] {
    auto* out = new std::unordered_set<std::string>();
    for (const auto& file : common_passwords::CommonPasswordFiles()) {
      std::string_view rest = file.content;
      while (!rest.empty()) {
        size_t end = rest.find('\n');
        std::string_view line = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || line.starts_with("#!comment")) continue;
        out->insert(Fold(line));
      }
    }
    return out;
  }();
  return *set;
}

}  // namespace

bool IsCommonPassword(std::string_view password) {
  const auto& common = CommonPasswords();
  std::string folded = Fold(password);
  for (std::string_view candidate : {std::string_view(folded), Core(folded), RepeatedUnit(folded),
                                     RepeatedUnit(Core(folded)), Core(RepeatedUnit(folded))}) {
    if (!candidate.empty() && common.contains(std::string(candidate))) return true;
  }
  return false;
}

Status CheckPasswordPolicy(std::string_view password, std::string_view username) {
  if (CodePoints(password) < kMinPasswordLength) {
    return InvalidArgument(fmt::format("must be at least {} characters", kMinPasswordLength),
                           "password");
  }
  if (password.size() > kMaxPasswordLength) {
    return InvalidArgument(fmt::format("must be at most {} characters", kMaxPasswordLength),
                           "password");
  }
  std::set<char> distinct(password.begin(), password.end());
  if (distinct.size() < 5) return InvalidArgument("is too simple", "password");
  if (!username.empty()) {
    std::string folded = Fold(password), user = Fold(username);
    // Short usernames ("li") may appear inside a good password by chance; longer ones not.
    bool holds = user.size() >= 4 ? folded.find(user) != std::string::npos : Core(folded) == user;
    if (holds) return InvalidArgument("must not be or contain the username", "password");
  }
  if (IsCommonPassword(password)) {
    return InvalidArgument("is one of the most common passwords; choose another", "password");
  }
  return Status::Ok();
}

Result<std::string> HashPassword(std::string_view password) {
  if (sodium_init() < 0) return Internal("libsodium failed to initialise");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
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
