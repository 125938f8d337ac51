// Proof of work for the public lookup: before each lookup the client spends a fraction of a
// second finding a nonce, so sweeping the registry name by name costs real computing time,
// while the server checks a proof with one SHA-256. Stateless apart from a bounded memory of
// recently accepted proofs, so servers behind one proxy need nothing shared (a proof may then be
// used once on each server).
//
// A proof is "SECONDS.NONCE": SECONDS is the client's unix time, NONCE 1 to 64 characters of
// [0-9A-Za-z_-], and sha256("aftermath-lookup|" + SECONDS + "|" + subject + "|" + NONCE) must
// begin with `bits` zero bits. The subject is what is looked up (LookupProofSubject), so one
// proof answers one name only.
//
// Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_set>

#include "common/clock.h"
#include "common/mutex.h"

namespace aftermath::access {

struct LookupProofOptions {
  int bits = 15;                       // leading zero bits; 0 turns proofs off
  std::chrono::seconds max_skew{120};  // how far SECONDS may be from the server's time
  size_t max_remembered = 100000;      // accepted proofs kept to refuse replays
};

// What a proof covers: the surname, the given name and the patronymic exactly as sent (before
// any trimming), one per line.
std::string LookupProofSubject(std::string_view surname, std::string_view given_name,
                               std::string_view patronymic);

// The leading zero bits of the proof's hash; -1 when `proof` is not "SECONDS.NONCE".
int LookupProofZeroBits(std::string_view subject, std::string_view proof);

// A proof for `subject` at `unix_seconds` with at least `bits` zero bits (2^bits hashes on
// average). For tests and tools; the public page does the same in web/js/public.js.
std::string SolveLookupProof(std::string_view subject, int64_t unix_seconds, int bits);

class LookupProofChecker {
 public:
  LookupProofChecker(LookupProofOptions options, const Clock& clock);

  // Ok when `proof` is well formed, its SECONDS within max_skew of now, its hash has at least
  // `bits` zero bits and it was not accepted before. Does not remember it (Accept does), so a
  // request refused later (rate limit) leaves no trace. InvalidArgument (field "proof") with a
  // message a client can act on otherwise.
  Status Check(std::string_view subject, std::string_view proof) const;
  // Remembers a checked proof until it can no longer pass the time check. InvalidArgument when
  // it was accepted already (a replay that raced the first use). When max_remembered proofs are
  // kept the oldest is forgotten.
  Status Accept(std::string_view subject, std::string_view proof);

  int bits() const { return options_.bits; }
  size_t remembered() const;

 private:
  void Expire(Timestamp now) REQUIRES(mu_);

  const LookupProofOptions options_;
  const Clock& clock_;
  mutable Mutex mu_;
  std::unordered_set<std::string> seen_ GUARDED_BY(mu_);  // digests of accepted proofs
  // (forget at, digest), oldest first
  std::deque<std::pair<Timestamp, std::string>> order_ GUARDED_BY(mu_);
};

}  // namespace aftermath::access
