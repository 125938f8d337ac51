#include "recovery/rules.h"

#include <gtest/gtest.h>

namespace aftermath::recovery {
namespace {

Programme Business() {
  Programme p;
  p.code = "almaty-2022-business";
  p.name = "Support of looted and burned businesses";
  p.claim_kinds = {ClaimKind::kBusinessProperty};
  p.amount_rule = AmountRule::kAssessed;
  p.cap_per_object = 50'000'000;
  p.valuer_threshold = 10'000'000;
  p.period_start = {2022, 1, 5};
  p.period_end = {2022, 12, 31};
  return p;
}

Claim ShopClaim() {
  Claim c;
  c.kind = ClaimKind::kBusinessProperty;
  c.applicant_name = "Ахметов Ерлан";
  c.applicant_id = "971240001315";
  c.iban = "KZ86125KZT5004100100";
  c.object_id = "obj_1";
  c.documents = {{"id_card", std::string(64, 'a'), "image/jpeg", 1000},
                 {"title_deed", std::string(64, 'b'), "application/pdf", 2000}};
  return c;
}

TEST(RulesTest, MissingListsWhatTheKindNeeds) {
  EXPECT_TRUE(MissingOf(ShopClaim()).empty());
  Claim c = ShopClaim();
  c.iban.clear();
  c.documents.pop_back();
  EXPECT_EQ(MissingOf(c), (std::vector<std::string>{"iban", "document:title_deed"}));
  Claim family;
  family.kind = ClaimKind::kFamilySupport;
  family.person_id = "per_1";
  EXPECT_EQ(MissingOf(family),
            (std::vector<std::string>{"applicant_name", "applicant_id", "iban", "document:id_card",
                                      "document:death_certificate", "relation"}));
  Claim injury;
  injury.kind = ClaimKind::kInjurySupport;
  auto missing = MissingOf(injury);
  EXPECT_NE(std::find(missing.begin(), missing.end(), "severity"), missing.end());
  EXPECT_NE(std::find(missing.begin(), missing.end(), "person"), missing.end());
}

TEST(RulesTest, StatesMoveForwardInOrder) {
  Claim c = ShopClaim();
  EXPECT_TRUE(CheckTransition(c, ClaimState::kIncomplete).ok());
  EXPECT_TRUE(CheckTransition(c, ClaimState::kComplete).ok());
  EXPECT_EQ(CheckTransition(c, ClaimState::kChecked).code(), StatusCode::kFailedPrecondition);
  c.state = ClaimState::kIncomplete;
  EXPECT_TRUE(CheckTransition(c, ClaimState::kComplete).ok());
  c.state = ClaimState::kComplete;
  EXPECT_TRUE(CheckTransition(c, ClaimState::kChecked).ok());
  EXPECT_FALSE(CheckTransition(c, ClaimState::kIncomplete).ok());
  c.state = ClaimState::kChecked;
  EXPECT_TRUE(CheckTransition(c, ClaimState::kInspected).ok());
  EXPECT_FALSE(CheckTransition(c, ClaimState::kValued).ok());  // the object is not inspected
  c.state = ClaimState::kInspected;
  EXPECT_TRUE(CheckTransition(c, ClaimState::kValued).ok());
  EXPECT_FALSE(CheckTransition(c, ClaimState::kReady).ok());
  c.state = ClaimState::kValued;
  EXPECT_TRUE(CheckTransition(c, ClaimState::kReady).ok());
  EXPECT_TRUE(CheckTransition(c, ClaimState::kWithdrawn).ok());
  c.state = ClaimState::kReady;
  Status s = CheckTransition(c, ClaimState::kWithdrawn);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("ready"), std::string::npos) << s.message();
  c.state = ClaimState::kWithdrawn;
  EXPECT_FALSE(CheckTransition(c, ClaimState::kComplete).ok());
}

TEST(RulesTest, ClaimsWithoutAnObjectSkipInspection) {
  Claim c;
  c.kind = ClaimKind::kFamilySupport;
  c.state = ClaimState::kChecked;
  EXPECT_FALSE(CheckTransition(c, ClaimState::kInspected).ok());
  EXPECT_TRUE(CheckTransition(c, ClaimState::kValued).ok());
}

TEST(RulesTest, EligibilityByKindObjectAndPeriod) {
  Programme p = Business();
  Claim c = ShopClaim();
  AffectedObject shop{.kind = ObjectKind::kShop};
  AffectedObject home{.kind = ObjectKind::kHome};
  EXPECT_TRUE(CheckEligible(p, c, &shop).ok());
  EXPECT_FALSE(CheckEligible(p, c, &home).ok());  // a business claim about a home
  p.object_kinds = {ObjectKind::kOffice};
  EXPECT_FALSE(CheckEligible(p, c, &shop).ok());
  p.object_kinds.clear();
  PartialDate inside{2022, 3, 1}, before{2021, 12, 31};
  EXPECT_TRUE(CheckEligible(p, c, &shop, &inside).ok());
  EXPECT_FALSE(CheckEligible(p, c, &shop, &before).ok());
  c.kind = ClaimKind::kHome;
  EXPECT_NE(CheckEligible(p, c, nullptr).message().find("home"), std::string::npos);
  p.active = false;
  c.kind = ClaimKind::kBusinessProperty;
  EXPECT_FALSE(CheckEligible(p, c, &shop).ok());
}

TEST(RulesTest, PeriodsOverlapWhenTheyShareADay) {
  Programme a = Business(), b = Business();
  b.period_start = {2022, 12, 31};
  b.period_end = {2023, 6, 30};
  EXPECT_TRUE(PeriodsOverlap(a, b));
  b.period_start = {2023, 1, 1};
  EXPECT_FALSE(PeriodsOverlap(a, b));
  a.period_end = {};  // open-ended
  EXPECT_TRUE(PeriodsOverlap(a, b));
}

TEST(RulesTest, AmountsFollowTheRuleAndTheCap) {
  Programme p = Business();
  Claim c = ShopClaim();
  EXPECT_EQ(*ScheduledAmount(p, c, 8'000'000), 8'000'000);
  EXPECT_EQ(*ScheduledAmount(p, c, 80'000'000), 50'000'000);  // capped per object
  EXPECT_EQ(MethodFor(p, 8'000'000), ValuationMethod::kSchedule);
  EXPECT_EQ(MethodFor(p, 10'000'001), ValuationMethod::kValuer);
  Programme family;
  family.amount_rule = AmountRule::kFixed;
  family.fixed_amount = 7'000'000;
  Claim f;
  f.kind = ClaimKind::kFamilySupport;
  EXPECT_EQ(*ScheduledAmount(family, f, 0), 7'000'000);
  EXPECT_EQ(MethodFor(family, 7'000'000), ValuationMethod::kFixed);
  Programme injury;
  injury.amount_rule = AmountRule::kBySeverity;
  injury.amount_light = 500'000;
  injury.amount_moderate = 1'000'000;
  injury.amount_severe = 2'000'000;
  Claim i;
  i.kind = ClaimKind::kInjurySupport;
  EXPECT_EQ(ScheduledAmount(injury, i, 0).status().code(), StatusCode::kFailedPrecondition);
  i.severity = InjurySeverity::kModerate;
  EXPECT_EQ(*ScheduledAmount(injury, i, 0), 1'000'000);
}

TEST(RulesTest, CapsPerObjectAndPersonAndTheBudgetLimitAnAmount) {
  Programme p = Business();  // 50 mln per object
  p.cap_per_person = 60'000'000;
  p.budget = 100'000'000;
  Claim c = ShopClaim();
  c.object_id = "obj_x";
  c.applicant_id = "900101300017";
  EXPECT_EQ(*WithinLimits(p, c, 8'000'000, {}), 8'000'000);
  // A co-owner's claim on the object took 45 mln of its 50.
  EXPECT_EQ(*WithinLimits(p, c, 8'000'000, {.on_object = 45'000'000}), 5'000'000);
  // The applicant's other claims took 58 mln of 60.
  EXPECT_EQ(*WithinLimits(p, c, 8'000'000, {.of_person = 58'000'000}), 2'000'000);
  EXPECT_EQ(*WithinLimits(p, c, 8'000'000, {.on_object = 60'000'000}), 0);
  // 95 mln of 100 valued: 5 mln fit, 8 do not.
  EXPECT_EQ(*WithinLimits(p, c, 5'000'000, {.in_programme = 95'000'000}), 5'000'000);
  auto over = WithinLimits(p, c, 8'000'000, {.in_programme = 95'000'000});
  ASSERT_EQ(over.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(over.status().message().find(p.code), std::string::npos);
  EXPECT_NE(over.status().message().find("5000000 of its budget of 100000000"), std::string::npos)
      << over.status().message();
  // No caps, no budget: anything goes.
  Programme open = Business();
  open.cap_per_object = 0;
  EXPECT_EQ(*WithinLimits(open, c, 80'000'000,
                          {.on_object = 1, .of_person = 1, .in_programme = 1'000'000'000}),
            80'000'000);
  // Without an IIN/BIN there is no person to cap.
  c.applicant_id.clear();
  EXPECT_EQ(*WithinLimits(p, c, 8'000'000, {.of_person = 60'000'000}), 8'000'000);
}

TEST(RulesTest, ProgrammeValidationNamesTheField) {
  EXPECT_TRUE(ValidateProgramme(Business()).ok());
  Programme p = Business();
  p.code = "Almaty 2022";
  EXPECT_EQ(ValidateProgramme(p).field(), "code");
  p = Business();
  p.claim_kinds.clear();
  EXPECT_EQ(ValidateProgramme(p).field(), "claim_kinds");
  p = Business();
  p.amount_rule = AmountRule::kFixed;
  EXPECT_EQ(ValidateProgramme(p).field(), "fixed_amount");
  p = Business();
  p.amount_rule = AmountRule::kBySeverity;
  EXPECT_EQ(ValidateProgramme(p).field(), "amount_rule");
  p = Business();
  p.period_end = {2021, 1, 1};
  EXPECT_EQ(ValidateProgramme(p).field(), "period_end");
  p = Business();
  p.period_start = {2022, 1, 0};
  EXPECT_EQ(ValidateProgramme(p).field(), "period_start");
  p = Business();
  p.budget = -1;
  EXPECT_EQ(ValidateProgramme(p).code(), StatusCode::kInvalidArgument);
}

TEST(RulesTest, ObjectValidationChecksSharesAndKeys) {
  AffectedObject o{.kind = ObjectKind::kShop, .address_key = "ab|10|"};
  o.owners = {{"Ахметов Ерлан", "", 6000}, {"Ахметова Айгуль", "", 4000}};
  EXPECT_TRUE(ValidateObject(o).ok());
  o.owners[1].share_bp = 5000;
  EXPECT_EQ(ValidateObject(o).field(), "owners");
  o.owners[1].share_bp = 0;
  EXPECT_EQ(ValidateObject(o).field(), "owners[1].share_bp");
  AffectedObject car{.kind = ObjectKind::kVehicle};
  EXPECT_EQ(ValidateObject(car).field(), "vin");
  AffectedObject nothing{.kind = ObjectKind::kHome};
  EXPECT_EQ(ValidateObject(nothing).field(), "address");
}

TEST(RulesTest, FilesAreNamedByHashAndLimitedInType) {
  EXPECT_TRUE(IsSha256Hex(std::string(64, 'f')));
  EXPECT_FALSE(IsSha256Hex(std::string(64, 'F')));
  EXPECT_FALSE(IsSha256Hex(std::string(63, 'f')));
  EXPECT_TRUE(IsAllowedMediaType("image/jpeg"));
  EXPECT_FALSE(IsAllowedMediaType("text/html"));
}

}  // namespace
}  // namespace aftermath::recovery
