#include "demo/population/text.h"

#include <gtest/gtest.h>

namespace aftermath::population {
namespace {

TEST(TextTest, RoundTripsUtf8) {
  std::string s = "Жұмабекұлы Şyñğys Ä";
  EXPECT_EQ(Utf32ToUtf8(Utf8ToU32(s)), s);
  EXPECT_EQ(Utf8ToU32("\xFF").size(), 1u);
}

TEST(TextTest, CasesKazakhAndLatinLetters) {
  EXPECT_EQ(Utf32ToUtf8(UpperCase(U"әсел ғалым ұлы şyñğys")), "ӘСЕЛ ҒАЛЫМ ҰЛЫ ŞYÑĞYS");
  EXPECT_EQ(Utf32ToUtf8(TitleCase(U"ЖҰМАБЕКҰЛЫ")), "Жұмабекұлы");
  EXPECT_EQ(Utf32ToUtf8(TitleCase(U"КАССЫМ-ЖОМАРТ")), "Кассым-Жомарт");
  EXPECT_EQ(Utf32ToUtf8(TitleCase(U"іЛЕС")), "Ілес");
}

TEST(TextTest, CleanNameDropsStressMarks) {
  EXPECT_EQ(Utf32ToUtf8(CleanName(Utf8ToU32(" Смирно\u0301в "))), "Смирнов");
}

}  // namespace
}  // namespace aftermath::population
