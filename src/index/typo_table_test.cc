#include "index/typo_table.h"

#include <gtest/gtest.h>

namespace aftermath::index {
namespace {

TEST(EditDistanceTest, CountsInsertDeleteSubstituteAndSwap) {
  EXPECT_EQ(EditDistance("nazarbaev", "nazarbaev", 2), 0);
  EXPECT_EQ(EditDistance("nazarbaev", "nazrbaev", 2), 1);
  EXPECT_EQ(EditDistance("nazarbaev", "nazarabaev", 2), 1);
  EXPECT_EQ(EditDistance("nazarbaev", "nazarbaef", 2), 1);
  EXPECT_EQ(EditDistance("nazarbaev", "anzarbaev", 2), 1);
  EXPECT_EQ(EditDistance("tokaev", "kotaev", 2), 2);
  EXPECT_EQ(EditDistance("ivanov", "petrov", 2), 3);  // limit + 1
}

TEST(TypoTableTest, FindsWordsOneAndTwoEditsAway) {
  TypoTable t;
  t.Add("nazarbaev", 1);
  t.Add("tokaev", 2);
  t.Add("serikov", 3);
  std::vector<uint32_t> out;
  t.Candidates("nazrbaev", out);  // deletion
  EXPECT_NE(std::find(out.begin(), out.end(), 1u), out.end());
  out.clear();
  t.Candidates("tokaef", out);  // substitution
  EXPECT_NE(std::find(out.begin(), out.end(), 2u), out.end());
  out.clear();
  t.Candidates("sreikov", out);  // transposition
  EXPECT_NE(std::find(out.begin(), out.end(), 3u), out.end());
  out.clear();
  t.Candidates("tokaev", out);
  EXPECT_EQ(std::find(out.begin(), out.end(), 1u), out.end());
}

TEST(TypoTableTest, SurvivesMergesOfItsTail) {
  TypoTable t;
  for (uint32_t i = 0; i < 20000; ++i) t.Add("word" + std::to_string(i), i);
  std::vector<uint32_t> out;
  t.Candidates("word12345", out);
  EXPECT_NE(std::find(out.begin(), out.end(), 12345u), out.end());
}

TEST(AllowedEditsTest, GrowsWithLength) {
  EXPECT_EQ(AllowedEdits(3), 0);
  EXPECT_EQ(AllowedEdits(4), 1);
  EXPECT_EQ(AllowedEdits(6), 1);
  EXPECT_EQ(AllowedEdits(7), 2);
}

}  // namespace
}  // namespace aftermath::index
