#include "model/enums.h"

#include <gtest/gtest.h>

namespace aftermath {
namespace {

TEST(EnumsTest, StatusNamesRoundTrip) {
  for (auto s : {PersonStatus::kUnknown, PersonStatus::kMissing, PersonStatus::kHospitalised,
                 PersonStatus::kDetained, PersonStatus::kDeceased, PersonStatus::kSafe}) {
    EXPECT_EQ(ParsePersonStatus(ToString(s)), s);
  }
  EXPECT_EQ(ParsePersonStatus("dead"), std::nullopt);
  EXPECT_EQ(ParsePersonStatus("Hospitalised"), std::nullopt);
}

TEST(EnumsTest, SexAcceptsShortForms) {
  EXPECT_EQ(ParseSex("m"), Sex::kMale);
  EXPECT_EQ(ParseSex("f"), Sex::kFemale);
  EXPECT_EQ(ParseSex("female"), Sex::kFemale);
  EXPECT_EQ(ParseSex("x"), std::nullopt);
}

TEST(EnumsTest, CustodiansOutrankHearsay) {
  EXPECT_GT(DefaultTrust(SourceKind::kMorgue), DefaultTrust(SourceKind::kFamily));
  EXPECT_GT(DefaultTrust(SourceKind::kHospital), DefaultTrust(SourceKind::kPublic));
  EXPECT_GT(DefaultTrust(SourceKind::kFamily), DefaultTrust(SourceKind::kPublic));
}

}  // namespace
}  // namespace aftermath
