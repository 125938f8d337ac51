#include "demo/population/morphology.h"

#include <gtest/gtest.h>

#include "demo/population/text.h"

namespace aftermath::population {
namespace {

std::string S(std::u32string_view w) { return Utf32ToUtf8(w); }
constexpr PersonSex kM = PersonSex::kMale;
constexpr PersonSex kF = PersonSex::kFemale;

TEST(MorphologyTest, GendersSurnames) {
  EXPECT_EQ(S(GenderedSurname(U"Иванов", kF)), "Иванова");
  EXPECT_EQ(S(GenderedSurname(U"АХМЕТОВ", kF)), "АХМЕТОВА");
  EXPECT_EQ(S(GenderedSurname(U"Пушкин", kF)), "Пушкина");
  EXPECT_EQ(S(GenderedSurname(U"Вишневский", kF)), "Вишневская");
  EXPECT_EQ(S(GenderedSurname(U"Ержанұлы", kF)), "Ержанқызы");
  EXPECT_EQ(S(GenderedSurname(U"Ким", kF)), "Ким");
  EXPECT_EQ(S(GenderedSurname(U"Цой", kF)), "Цой");
  EXPECT_EQ(S(GenderedSurname(U"Шевченко", kF)), "Шевченко");
  EXPECT_EQ(S(GenderedSurname(U"Серікбай", kF)), "Серікбай");
  EXPECT_EQ(S(GenderedSurname(U"Иванов", kM)), "Иванов");
}

TEST(MorphologyTest, MasculineSurnames) {
  EXPECT_EQ(S(MasculineSurname(U"Колесникова")), "Колесников");
  EXPECT_EQ(S(MasculineSurname(U"Вишневская")), "Вишневский");
  EXPECT_EQ(S(MasculineSurname(U"Сапарқызы")), "Сапарұлы");
  EXPECT_EQ(S(MasculineSurname(U"Шмидт")), "Шмидт");
}

TEST(MorphologyTest, SexFromWords) {
  PersonSex sex;
  ASSERT_TRUE(SexFromPatronymic(U"Маратұлы", &sex));
  EXPECT_EQ(sex, kM);
  ASSERT_TRUE(SexFromPatronymic(U"ҚАНАТҚЫЗЫ", &sex));
  EXPECT_EQ(sex, kF);
  ASSERT_TRUE(SexFromPatronymic(U"Никитична", &sex));
  EXPECT_EQ(sex, kF);
  ASSERT_TRUE(SexFromSurname(U"Ахметова", &sex));
  EXPECT_EQ(sex, kF);
  EXPECT_FALSE(SexFromSurname(U"Серікбай", &sex));
}

TEST(MorphologyTest, BuildsPatronymics) {
  EXPECT_EQ(S(SlavicPatronymic(U"Марат", kM)), "Маратович");
  EXPECT_EQ(S(SlavicPatronymic(U"Марат", kF)), "Маратовна");
  EXPECT_EQ(S(SlavicPatronymic(U"Сергей", kM)), "Сергеевич");
  EXPECT_EQ(S(SlavicPatronymic(U"Юрий", kF)), "Юрьевна");
  EXPECT_EQ(S(SlavicPatronymic(U"Дмитрий", kM)), "Дмитриевич");
  EXPECT_EQ(S(SlavicPatronymic(U"Игорь", kM)), "Игоревич");
  EXPECT_EQ(S(SlavicPatronymic(U"Никита", kF)), "Никитична");
  EXPECT_EQ(S(SlavicPatronymic(U"Илья", kM)), "Ильич");
  EXPECT_EQ(S(SlavicPatronymic(U"Абдулла", kM)), "Абдуллаевич");
  EXPECT_EQ(S(KazakhPatronymic(U"Серік", kF)), "Серікқызы");
  EXPECT_EQ(S(KazakhPatronymic(U"Марат", kM)), "Маратұлы");
}

TEST(MorphologyTest, DropsKazakhLetters) {
  EXPECT_EQ(S(DropKazakhLetters(U"ЕРЖАНҰЛЫ")), "ЕРЖАНУЛЫ");
  EXPECT_EQ(S(DropKazakhLetters(U"Әсел Ғалымқызы")), "Асел Галымкызы");
  EXPECT_TRUE(HasKazakhLetters(U"Қасым"));
  EXPECT_FALSE(HasKazakhLetters(U"Касым"));
}

}  // namespace
}  // namespace aftermath::population
