#include "common/ids.h"

#include <gtest/gtest.h>

#include <set>

namespace aftermath {
namespace {

TEST(IdsTest, NewIdsAreWellFormedAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = NewId("per");
    EXPECT_TRUE(IsWellFormedId(id, "per")) << id;
    EXPECT_TRUE(seen.insert(id).second) << "duplicate " << id;
  }
}

TEST(IdsTest, RejectsMalformedIds) {
  EXPECT_FALSE(IsWellFormedId("per_123", "per"));
  EXPECT_FALSE(IsWellFormedId("rep_0123456789ABCDEF", "per"));
  EXPECT_FALSE(IsWellFormedId("per_0123456789ABCDEI", "per"));  // I is not Crockford
  EXPECT_TRUE(IsWellFormedId("per_0123456789ABCDEF", "per"));
}

TEST(IdsTest, RandomHexHasTwoCharsPerByte) {
  EXPECT_EQ(RandomHex(32).size(), 64u);
  EXPECT_NE(RandomHex(16), RandomHex(16));
}

}  // namespace
}  // namespace aftermath
