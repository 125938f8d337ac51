#include "demo/population/weighted_list.h"

#include <gtest/gtest.h>

namespace aftermath::population {
namespace {

TEST(WeightedListTest, DrawsInProportionToWeights) {
  WeightedList list;
  list.Add(U"a", 3);
  list.Add(U"b", 1);
  list.Add(U"a", 0);   // ignored
  list.Add(U"c", -1);  // ignored
  ASSERT_EQ(list.size(), 2u);
  Rng rng(7);
  int a = 0;
  for (int i = 0; i < 10000; ++i) a += list.Sample(rng) == U"a";
  EXPECT_NEAR(a / 10000.0, 0.75, 0.02);
}

TEST(WeightedListTest, AccumulatesAndMergesScaled) {
  WeightedList x, y;
  x.Add(U"a", 1, 5);
  x.Add(U"a", 2);
  EXPECT_DOUBLE_EQ(x.weight(0), 3);
  EXPECT_EQ(x.tag(0), 5);
  x.Normalize(1);
  y.Add(U"b", 10);
  y.Merge(x, 10);
  EXPECT_DOUBLE_EQ(y.total(), 20);
}

TEST(RngTest, SameSeedSameSequence) {
  Rng a(42), b(42), c(43);
  uint64_t x = a.Next();
  EXPECT_EQ(x, b.Next());
  EXPECT_NE(x, c.Next());
  for (int i = 0; i < 1000; ++i) EXPECT_LT(a.Below(10), 10u);
}

}  // namespace
}  // namespace aftermath::population
