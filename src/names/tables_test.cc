#include "names/tables.h"

#include <gtest/gtest.h>

#include "names/embedded_data.h"

namespace aftermath::names {
namespace {

TEST(GivenNameTableTest, EmbeddedTableLinksForms) {
  auto t = GivenNameTable::FromTsv(EmbeddedGivenNames());
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  auto group = [&](std::string_view w) { return t->GroupsOfKey(LooseKeyOfWord(w)); };
  ASSERT_FALSE(group("Дмитрий").empty());
  EXPECT_EQ(group("Дмитрий"), group("Dzmitry"));
  EXPECT_EQ(group("Дмитрий"), group("Дмитро"));
  EXPECT_EQ(group("Саша").size(), 2u);  // Александр and Александра
  EXPECT_TRUE(group("Zzyzx").empty());
}

TEST(GivenNameTableTest, RejectsMalformedLines) {
  EXPECT_FALSE(GivenNameTable::FromTsv("x\tИван").ok());
  EXPECT_FALSE(GivenNameTable::FromTsv("m").ok());
  EXPECT_TRUE(GivenNameTable::FromTsv("# comment\n\nm\tИван Ваня\n").ok());
}

TEST(FrequencyTableTest, RareNamesAreRarer) {
  auto t = FrequencyTable::FromTsv(EmbeddedCommonNames());
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  using K = FrequencyTable::Kind;
  EXPECT_LT(t->Rarity(K::kSurname, LooseKeyOfWord("Ivanov")),
            t->Rarity(K::kSurname, LooseKeyOfWord("Zhaksybekov")));
  // The female form shares the male form's frequency.
  EXPECT_EQ(t->Rarity(K::kSurname, LooseKeyOfWord("Ivanova")),
            t->Rarity(K::kSurname, LooseKeyOfWord("Ivanov")));
  EXPECT_LT(t->Rarity(K::kGiven, LooseKeyOfWord("Aleksandr")), 0.1f);
}

TEST(FrequencyTableTest, RejectsMalformedLinesAndMissingDirectory) {
  EXPECT_FALSE(FrequencyTable::FromTsv("s\tИванов\tmany").ok());
  auto t = FrequencyTable::FromTsv("");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->AddPopulationDir("/nonexistent/population").code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace aftermath::names
