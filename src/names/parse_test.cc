#include "names/parse.h"

#include <gtest/gtest.h>

#include "names/embedded_data.h"
#include "names/normalize.h"

namespace aftermath::names {
namespace {

class ParseTest : public ::testing::Test {
 protected:
  ParseTest()
      : given_(GivenNameTable::FromTsv(EmbeddedGivenNames()).value()),
        frequency_(FrequencyTable::FromTsv(EmbeddedCommonNames()).value()) {}
  Result<ParsedName> Parse(std::string_view s, PrefixMode prefix = PrefixMode::kWholeWords) {
    ParseOptions options;
    options.prefix = prefix;
    return ParseName(s, given_, frequency_, options);
  }
  GivenNameTable given_;
  FrequencyTable frequency_;
};

TEST_F(ParseTest, PatronymicGivesOrderAndSex) {
  auto p = Parse("Иванова Мария Петровна");
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->tokens.size(), 3u);
  EXPECT_EQ(p->tokens[0].role, Role::kSurname);
  EXPECT_EQ(p->tokens[1].role, Role::kGiven);
  EXPECT_EQ(p->tokens[2].role, Role::kPatronymic);
  EXPECT_EQ(p->sex, Sex::kFemale);
  EXPECT_TRUE(p->surname_first);
}

TEST_F(ParseTest, SeparateUlyJoinsThePatronymic) {
  auto p = Parse("Aidos Zhumabek uly Ospanov");
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->tokens.size(), 3u);
  EXPECT_EQ(p->tokens[1].role, Role::kPatronymic);
  EXPECT_EQ(p->tokens[1].stem, "jumabek");
  EXPECT_EQ(p->sex, Sex::kMale);
}

TEST_F(ParseTest, InflectedSurname) {
  auto p = Parse("Назарбаевтың");
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->tokens[0].inflected);
  EXPECT_EQ(p->tokens[0].loose, "nazarbaev");
}

TEST_F(ParseTest, ChineseSyllableIsANameNotAnInitial) {
  auto p = Parse("王明");
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->tokens.size(), 2u);
  EXPECT_FALSE(p->tokens[0].is_initial);
  EXPECT_EQ(p->tokens[0].role, Role::kSurname);
  EXPECT_EQ(p->tokens[0].latin, "wang");
  EXPECT_EQ(p->tokens[1].role, Role::kGiven);
  // A single Latin or Cyrillic letter still is an initial.
  auto q = Parse("Wang M");
  ASSERT_TRUE(q.ok());
  EXPECT_TRUE(q->tokens[1].is_initial);
}

TEST_F(ParseTest, PrefixFlagOnLastToken) {
  auto p = Parse("Ivan Naz", PrefixMode::kLastTokenIsPrefix);
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(p->tokens[0].is_prefix);
  EXPECT_TRUE(p->tokens[1].is_prefix);
}

TEST_F(ParseTest, BadInputIsAnErrorNotACrash) {
  EXPECT_EQ(Parse("").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Parse("?!.,").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Parse("\xc3\x28").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Parse(std::string(10240, 'x')).status().code(), StatusCode::kInvalidArgument);
  // Long but acceptable text: parsed, words capped.
  std::string many;
  for (int i = 0; i < 50; ++i) many += "Иван ";
  auto p = Parse(many);
  ASSERT_TRUE(p.ok());
  EXPECT_LE(p->tokens.size(), kMaxWords);
  // Mixed scripts in one word with no homoglyph: kept, still parsed.
  EXPECT_TRUE(Parse("Asangazyқyzy Orazkul").ok());
  EXPECT_TRUE(Parse("سهيل الحسن").ok());
}

}  // namespace
}  // namespace aftermath::names
