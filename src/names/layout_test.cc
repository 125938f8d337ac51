#include "names/layout.h"

#include <gtest/gtest.h>

namespace aftermath::names {
namespace {

TEST(LayoutTest, ReadsQwertyKeysAsJcuken) {
  EXPECT_EQ(OtherLayoutText("Njrftd", Script::kLatin), "Токаев");
  // Punctuation keys are letters there (б ж ю), '/' is the dot.
  EXPECT_EQ(OtherLayoutText("Ifv,ftd :fyyf R/", Script::kLatin), "Шамбаев Жанна К.");
  EXPECT_EQ(OtherLayoutText(">kbz <jqrj", Script::kLatin), "Юлия Бойко");
  // The Kazakh letters on the number row, ө on the key a word cannot open with.
  EXPECT_EQ(OtherLayoutText("Nj0ftd C2hctyjdf -vbhpfr", Script::kLatin),
            "Тоқаев Сәрсенова өмирзак");
}

TEST(LayoutTest, ReadsJcukenKeysAsQwerty) {
  EXPECT_EQ(OtherLayoutText("Ыукпун Зуекщм", Script::kCyrillic), "Sergey Petrov");
  EXPECT_EQ(OtherLayoutText("Фшпукшь, Е.", Script::kCyrillic), "Aigerim, T.");
  // х ж э б ю ё and the Kazakh letters are no Latin letter's key: no reading.
  EXPECT_EQ(OtherLayoutText("Жанна", Script::kCyrillic), "");
  EXPECT_EQ(OtherLayoutText("Әлия", Script::kCyrillic), "");
  EXPECT_EQ(OtherLayoutText("周大创", Script::kOther), "");
}

TEST(LayoutTest, CountsLetterPairsNoNameHas) {
  LetterPairs pairs;
  for (std::u32string_view w : {U"токаев", U"иванов", U"tokaev", U"ivanov", U"sergey"}) {
    pairs.Learn(w);
  }
  EXPECT_EQ(pairs.Unseen(U"токаев"), 0);
  EXPECT_EQ(pairs.Unseen(U"ivan"), 1);    // n at the end
  EXPECT_EQ(pairs.Unseen(U"njrftd"), 7);  // every pair and both ends
  EXPECT_EQ(pairs.Unseen(U"ыукпун"), 7);
  EXPECT_EQ(pairs.Unseen(U"周"), 0);  // no slot: nothing to say
}

}  // namespace
}  // namespace aftermath::names
