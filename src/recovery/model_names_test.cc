// The wire names of model/recovery.h's vocabularies: every value has one, and each reads back.
#include <gtest/gtest.h>

#include "model/commission.h"
#include "model/payment.h"
#include "model/recovery.h"

namespace aftermath {
namespace {

template <typename E, typename Parse>
void ExpectRoundTrip(int count, Parse parse) {
  for (int i = 0; i < count; ++i) {
    E v = static_cast<E>(i);
    std::string_view name = ToString(v);
    EXPECT_NE(name, "unknown") << "value " << i << " has no wire name";
    EXPECT_EQ(parse(name), v) << name;
  }
  EXPECT_EQ(parse("no-such-name"), std::nullopt);
}

TEST(RecoveryNamesTest, EveryValueRoundTrips) {
  ExpectRoundTrip<ObjectKind>(7, ParseObjectKind);
  ExpectRoundTrip<DamageGrade>(6, ParseDamageGrade);
  ExpectRoundTrip<ClaimKind>(5, ParseClaimKind);
  ExpectRoundTrip<ClaimChannel>(6, ParseClaimChannel);
  ExpectRoundTrip<ClaimState>(12, ParseClaimState);
  ExpectRoundTrip<ValuationMethod>(4, ParseValuationMethod);
  ExpectRoundTrip<AmountRule>(3, ParseAmountRule);
  ExpectRoundTrip<ConflictReason>(7, ParseConflictReason);
  ExpectRoundTrip<ConflictState>(3, ParseConflictState);
  ExpectRoundTrip<KinState>(4, ParseKinState);
  ExpectRoundTrip<FemaCategory>(5, ParseFemaCategory);
  EXPECT_EQ(ParseInjurySeverity("severe"), InjurySeverity::kSevere);
}

TEST(RecoveryNamesTest, EveryCommissionValueRoundTrips) {
  ExpectRoundTrip<CommissionRole>(3, ParseCommissionRole);
  ExpectRoundTrip<SessionState>(2, ParseSessionState);
  ExpectRoundTrip<VoteChoice>(3, ParseVoteChoice);
  ExpectRoundTrip<Decision>(3, ParseDecision);
  ExpectRoundTrip<RecusalReason>(4, ParseRecusalReason);
  ExpectRoundTrip<SignOffRole>(2, ParseSignOffRole);
  ExpectRoundTrip<PaymentState>(4, ParsePaymentState);
  ExpectRoundTrip<PaymentListState>(3, ParsePaymentListState);
}

TEST(RecoveryNamesTest, DamageGradesMapToFemaCategories) {
  EXPECT_EQ(FemaOf(DamageGrade::kD0), FemaCategory::kNone);
  EXPECT_EQ(FemaOf(DamageGrade::kD1), FemaCategory::kAffected);
  EXPECT_EQ(FemaOf(DamageGrade::kD2), FemaCategory::kMinor);
  EXPECT_EQ(FemaOf(DamageGrade::kD3), FemaCategory::kMajor);
  EXPECT_EQ(FemaOf(DamageGrade::kD4), FemaCategory::kMajor);
  EXPECT_EQ(FemaOf(DamageGrade::kD5), FemaCategory::kDestroyed);
  EXPECT_EQ(ParseDamageGrade("d3"), DamageGrade::kD3);
  EXPECT_EQ(ParseDamageGrade("3"), DamageGrade::kD3);
  EXPECT_EQ(ParseDamageGrade("D6"), std::nullopt);
}

}  // namespace
}  // namespace aftermath
