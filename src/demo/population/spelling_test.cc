#include "demo/population/spelling.h"

#include <gtest/gtest.h>

#include <set>

#include "demo/population/text.h"

namespace aftermath::population {
namespace {

PersonName Zhumabekov() {
  return {Group::kKazakh, PersonSex::kMale, U"Жұмабеков", U"Ерлан", U"Маратұлы"};
}

TEST(SpellingTest, VariesScriptOrderCaseAndInitials) {
  Rng rng(1);
  std::set<std::string> forms;
  int latin = 0, initials = 0, all_caps = 0;
  const int n = 4000;
  for (int i = 0; i < n; ++i) {
    std::string s = SpellName(Zhumabekov(), rng);
    forms.insert(s);
    std::u32string u = Utf8ToU32(s);
    latin += !IsCyrillic(u[0]) && IsLetter(u[0]);
    initials += s.find('.') != std::string::npos;
    all_caps += UpperCase(u) == u;
  }
  EXPECT_GT(forms.size(), 50u);
  EXPECT_TRUE(forms.contains("Жұмабеков Ерлан Маратұлы"));
  EXPECT_TRUE(forms.contains("Ерлан Жұмабеков"));
  EXPECT_TRUE(forms.contains("ЖУМАБЕКОВ ЕРЛАН МАРАТУЛЫ"));
  EXPECT_TRUE(forms.contains("Zhumabekov Yerlan"));
  EXPECT_NEAR(latin / double(n), 0.20, 0.03);
  EXPECT_NEAR(initials / double(n), 0.07, 0.02);
  EXPECT_NEAR(all_caps / double(n), 0.25, 0.04);
}

TEST(SpellingTest, SameSeedSameSpelling) {
  Rng a(9), b(9);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(SpellName(Zhumabekov(), a), SpellName(Zhumabekov(), b));
}

TEST(SpellingTest, OneEditChangesOneLetterInTheWordsScript) {
  Rng rng(3);
  for (int i = 0; i < 200; ++i) {
    std::u32string w = OneEdit(U"ИВАНОВ", rng);
    EXPECT_GE(w.size(), 5u);
    EXPECT_LE(w.size(), 7u);
    for (char32_t c : w) EXPECT_TRUE(IsCyrillic(c) && ToUpper(c) == c);
  }
  EXPECT_EQ(OneEdit(U"Ли", rng), U"Ли");
}

}  // namespace
}  // namespace aftermath::population
