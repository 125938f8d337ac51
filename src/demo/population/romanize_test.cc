#include "demo/population/romanize.h"

#include <gtest/gtest.h>

#include "demo/population/text.h"

namespace aftermath::population {
namespace {

std::string R(std::u32string_view w, LatinSystem s) { return Utf32ToUtf8(Romanize(w, s)); }

TEST(RomanizeTest, RussianSystems) {
  EXPECT_EQ(R(U"Юрий", LatinSystem::kIcao), "Iurii");
  EXPECT_EQ(R(U"Юрий", LatinSystem::kBgn), "Yuriy");
  EXPECT_EQ(R(U"Щербаков", LatinSystem::kIcao), "Shcherbakov");
  EXPECT_EQ(R(U"Соловьёв", LatinSystem::kBgn), "Solovyov");
  EXPECT_EQ(R(U"Елена", LatinSystem::kBgn), "Yelena");
  EXPECT_EQ(R(U"СЕРГЕЕВ", LatinSystem::kBgn), "SERGEYEV");
}

TEST(RomanizeTest, KazakhSystems) {
  EXPECT_EQ(R(U"Қасым", LatinSystem::kKzPassport), "Kassym");
  EXPECT_EQ(R(U"Әсел", LatinSystem::kKzPassport), "Assel");
  EXPECT_EQ(R(U"Ерлан", LatinSystem::kKzPassport), "Yerlan");
  EXPECT_EQ(R(U"Жомарт", LatinSystem::kKzPassport), "Zhomart");
  EXPECT_EQ(R(U"Қасым", LatinSystem::kKazakh2021), "Qasym");
  EXPECT_EQ(R(U"Жомарт", LatinSystem::kKazakh2021), "Jomart");
  EXPECT_EQ(R(U"Шыңғыс", LatinSystem::kKazakh2021), "Şyñğys");
}

TEST(RomanizeTest, GermanAndPassThrough) {
  EXPECT_EQ(R(U"Шмидт", LatinSystem::kGerman), "Schmidt");
  EXPECT_EQ(R(U"Вольф", LatinSystem::kGerman), "Wolf");
  EXPECT_EQ(R(U"Müller", LatinSystem::kGerman), "Müller");
}

}  // namespace
}  // namespace aftermath::population
