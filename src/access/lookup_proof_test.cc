#include "access/lookup_proof.h"

#include <gtest/gtest.h>

namespace aftermath::access {
namespace {

constexpr int kBits = 10;

int64_t Seconds(const Clock& c) {
  return std::chrono::duration_cast<std::chrono::seconds>(c.Now().time_since_epoch()).count();
}

TEST(LookupProofTest, ASolvedProofPassesOnceForItsNameOnly) {
  FakeClock clock(*ParseTimestamp("2026-01-06T10:00:00Z"));
  LookupProofChecker checker({.bits = kBits}, clock);
  std::string subject = LookupProofSubject("Серіков", "Ерлан", "");
  std::string proof = SolveLookupProof(subject, Seconds(clock), kBits);
  EXPECT_GE(LookupProofZeroBits(subject, proof), kBits);
  ASSERT_TRUE(checker.Check(subject, proof).ok()) << checker.Check(subject, proof).ToString();
  // Another name with the same proof: the work was for one name.
  EXPECT_EQ(checker.Check(LookupProofSubject("Серіков", "Ерлан", "Маратұлы"), proof).field(),
            "proof");
  ASSERT_TRUE(checker.Accept(subject, proof).ok());
  // A replay is refused by Check (before it costs the rate limiter anything) and by Accept
  // (a replay racing the first use).
  EXPECT_EQ(checker.Check(subject, proof).field(), "proof");
  EXPECT_FALSE(checker.Accept(subject, proof).ok());
}

TEST(LookupProofTest, RefusesMissingMalformedWeakAndStaleProofs) {
  FakeClock clock(*ParseTimestamp("2026-01-06T10:00:00Z"));
  LookupProofChecker checker({.bits = kBits, .max_skew = std::chrono::seconds(120)}, clock);
  std::string subject = LookupProofSubject("Ivanov", "Ivan", "");
  for (std::string_view bad :
       {"", "abc", "123", ".abc", "123.", "12.a b", "-5.abc", "1.é", "99999999999999999999.a"}) {
    Status s = checker.Check(subject, bad);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(s.field(), "proof") << bad;
  }
  EXPECT_FALSE(checker.Check(subject, std::string(12, '1') + "." + std::string(65, 'a')).ok());
  // A nonce without the work behind it.
  std::string weak;
  for (int n = 0; weak.empty(); ++n) {
    std::string p = std::to_string(Seconds(clock)) + "." + std::to_string(n);
    if (LookupProofZeroBits(subject, p) < kBits) weak = p;
  }
  EXPECT_FALSE(checker.Check(subject, weak).ok());
  // Computed long ago (a stockpile) or far ahead.
  EXPECT_FALSE(checker.Check(subject, SolveLookupProof(subject, Seconds(clock) - 121, kBits)).ok());
  EXPECT_FALSE(checker.Check(subject, SolveLookupProof(subject, Seconds(clock) + 121, kBits)).ok());
  EXPECT_TRUE(checker.Check(subject, SolveLookupProof(subject, Seconds(clock) - 119, kBits)).ok());
  EXPECT_TRUE(checker.Check(subject, SolveLookupProof(subject, Seconds(clock) + 119, kBits)).ok());
}

TEST(LookupProofTest, RemembersProofsOnlyAsLongAsTheyCouldPassAndBoundedly) {
  FakeClock clock(*ParseTimestamp("2026-01-06T10:00:00Z"));
  LookupProofChecker checker(
      {.bits = 4, .max_skew = std::chrono::seconds(60), .max_remembered = 50}, clock);
  for (int i = 0; i < 200; ++i) {
    std::string subject = LookupProofSubject("Name", std::to_string(i), "");
    std::string proof = SolveLookupProof(subject, Seconds(clock), 4);
    ASSERT_TRUE(checker.Check(subject, proof).ok());
    ASSERT_TRUE(checker.Accept(subject, proof).ok());
  }
  EXPECT_EQ(checker.remembered(), 50u);
  clock.Advance(std::chrono::seconds(121));
  std::string subject = LookupProofSubject("Name", "x", "");
  ASSERT_TRUE(checker.Accept(subject, SolveLookupProof(subject, Seconds(clock), 4)).ok());
  EXPECT_EQ(checker.remembered(), 1u);
}

// The same hash as the browser computes (web/js/public.js): a fixed vector guards against the
// two drifting apart.
TEST(LookupProofTest, HashMatchesTheDocumentedConstruction) {
  std::string subject = LookupProofSubject("Serikov", "Yerlan", "");
  EXPECT_EQ(subject, "Serikov\nYerlan\n");
  // sha256("aftermath-lookup|1767693600|Serikov\nYerlan\n|108") = 00f12915..., computed with
  // Python's hashlib: 8 zero bits; nonce "0" gives 5609471d...: 1 zero bit.
  EXPECT_EQ(LookupProofZeroBits(subject, "1767693600.108"), 8);
  EXPECT_EQ(LookupProofZeroBits(subject, "1767693600.0"), 1);
}

}  // namespace
}  // namespace aftermath::access
