#include "index/evidence.h"

#include <gtest/gtest.h>

namespace aftermath::index {
namespace {

TEST(EvidenceTest, NothingKnownIsNoEvidence) {
  EXPECT_EQ(EvidenceAdjustment({}, {}), 0.f);
  EXPECT_EQ(EvidenceAdjustment({.sex = Sex::kMale, .birth_year = 1985}, {}), 0.f);
  EXPECT_EQ(EvidenceAdjustment({}, {.sex = Sex::kFemale, .birth_year = 1960}), 0.f);
  EXPECT_EQ(WeighEvidence({.birth_year = 1985}, {.sex = Sex::kMale}).why, "");
  EXPECT_EQ(RankScore(0.83f, 0.f), 0.83f);
}

TEST(EvidenceTest, BirthYearGradesFromAgreementToFarApart) {
  auto year = [](int a, int b, int spread = 0) {
    return EvidenceAdjustment({.birth_year = a, .year_spread = spread}, {.birth_year = b});
  };
  EXPECT_GT(year(1985, 1985), year(1985, 1986));
  EXPECT_GT(year(1985, 1986), 0.f);  // a year or two off still ranks well
  EXPECT_GT(year(1985, 1987), 0.f);
  EXPECT_EQ(year(1985, 1990), 0.f);
  EXPECT_LT(year(1985, 1991), 0.f);
  EXPECT_LT(year(1985, 2005), year(1985, 1995));
  EXPECT_GE(year(1985, 1905), -0.2f);  // bounded: it ranks lower, it does not drop
  EXPECT_EQ(year(1985, 1986, 1), year(1985, 1985));  // an age: give or take a year
  EXPECT_EQ(year(1985, 1986), year(1986, 1985));
}

TEST(EvidenceTest, SexAgreesOrDiffers) {
  EXPECT_GT(EvidenceAdjustment({.sex = Sex::kMale}, {.sex = Sex::kMale}), 0.f);
  EXPECT_LT(EvidenceAdjustment({.sex = Sex::kMale}, {.sex = Sex::kFemale}), -0.1f);
  EXPECT_EQ(WeighEvidence({.sex = Sex::kMale}, {.sex = Sex::kFemale}).why,
            "; sex differs (rank -0.15)");
  EXPECT_EQ(WeighEvidence({.sex = Sex::kMale, .birth_year = 1985},
                          {.sex = Sex::kMale, .birth_year = 1985}).why,
            "; same sex; birth year agrees (rank +0.06)");
  EXPECT_EQ(WeighEvidence({.birth_year = 1985}, {.birth_year = 1965}).why,
            "; born 20 years apart (rank -0.19)");
}

}  // namespace
}  // namespace aftermath::index
