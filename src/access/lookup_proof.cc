#include "access/lookup_proof.h"

#include <fmt/format.h>
#include <sodium.h>

#include <array>
#include <charconv>

namespace aftermath::access {
namespace {

constexpr size_t kMaxNonce = 64;

struct ParsedProof {
  std::string_view seconds_text;
  int64_t seconds = 0;
  std::string_view nonce;
};

bool Parse(std::string_view proof, ParsedProof& out) {
  size_t dot = proof.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot > 12) return false;
  out.seconds_text = proof.substr(0, dot);
  out.nonce = proof.substr(dot + 1);
  auto [p, ec] = std::from_chars(out.seconds_text.data(),
                                 out.seconds_text.data() + out.seconds_text.size(), out.seconds);
  if (ec != std::errc() || p != out.seconds_text.data() + out.seconds_text.size()) return false;
  if (out.seconds < 0 || out.nonce.empty() || out.nonce.size() > kMaxNonce) return false;
  for (char c : out.nonce) {
    bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

using Digest = std::array<unsigned char, crypto_hash_sha256_BYTES>;

Digest Hash(std::string_view subject, std::string_view seconds, std::string_view nonce) {
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  auto add = [&](std::string_view s) {
    crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(s.data()), s.size());
  };
  add("aftermath-lookup|");
  add(seconds);
  add("|");
  add(subject);
  add("|");
  add(nonce);
  Digest d;
  crypto_hash_sha256_final(&st, d.data());
  return d;
}

int ZeroBits(const Digest& d) {
  int bits = 0;
  for (unsigned char byte : d) {
    if (byte == 0) {
      bits += 8;
      continue;
    }
    for (int b = 7; b >= 0 && !(byte & (1 << b)); --b) ++bits;
    break;
  }
  return bits;
}

Status Bad(std::string message) { return InvalidArgument(std::move(message), "proof"); }

}  // namespace

std::string LookupProofSubject(std::string_view surname, std::string_view given_name,
                               std::string_view patronymic) {
  return fmt::format("{}\n{}\n{}", surname, given_name, patronymic);
}

int LookupProofZeroBits(std::string_view subject, std::string_view proof) {
  ParsedProof p;
  if (!Parse(proof, p)) return -1;
  return ZeroBits(Hash(subject, p.seconds_text, p.nonce));
}

std::string SolveLookupProof(std::string_view subject, int64_t unix_seconds, int bits) {
  std::string seconds = std::to_string(unix_seconds);
  for (uint64_t n = 0;; ++n) {
    std::string nonce = fmt::format("{:x}", n);
    if (ZeroBits(Hash(subject, seconds, nonce)) >= bits) return seconds + "." + nonce;
  }
}

LookupProofChecker::LookupProofChecker(LookupProofOptions options, const Clock& clock)
    : options_(options), clock_(clock) {}

Status LookupProofChecker::Check(std::string_view subject, std::string_view proof) const {
  if (proof.empty()) {
    return Bad(
        fmt::format("a proof of work is required: see GET /api/v1/public/info "
                    "(bits {})",
                    options_.bits));
  }
  ParsedProof p;
  if (!Parse(proof, p)) return Bad("must be SECONDS.NONCE");
  int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
  if (p.seconds < now - options_.max_skew.count() || p.seconds > now + options_.max_skew.count()) {
    return Bad(fmt::format("is too old or from the future: the server's time is {}", now));
  }
  Digest d = Hash(subject, p.seconds_text, p.nonce);
  if (ZeroBits(d) < options_.bits) {
    return Bad(fmt::format("does not have {} leading zero bits for this name", options_.bits));
  }
  MutexLock lock(&mu_);
  if (seen_.contains(std::string(d.begin(), d.end()))) return Bad("was used already");
  return Status::Ok();
}

void LookupProofChecker::Expire(Timestamp now) {
  while (!order_.empty() &&
         (order_.front().first <= now || order_.size() > options_.max_remembered)) {
    seen_.erase(order_.front().second);
    order_.pop_front();
  }
}

Status LookupProofChecker::Accept(std::string_view subject, std::string_view proof) {
  ParsedProof p;
  if (!Parse(proof, p)) return Bad("must be SECONDS.NONCE");
  Digest d = Hash(subject, p.seconds_text, p.nonce);
  std::string key(d.begin(), d.end());
  Timestamp now = clock_.Now();
  MutexLock lock(&mu_);
  Expire(now);
  if (!seen_.insert(key).second) return Bad("was used already");
  // Every proof still accepted by Check has SECONDS >= now - skew at check time, so after
  // now + 2 * skew (a proof dated up to skew ahead) none of the kept ones could pass again.
  order_.emplace_back(now + 2 * options_.max_skew, std::move(key));
  Expire(now);
  return Status::Ok();
}

size_t LookupProofChecker::remembered() const {
  MutexLock lock(&mu_);
  return order_.size();
}

}  // namespace aftermath::access
