#include "names/normalize.h"

#include "common/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace aftermath::names {
namespace {

std::string Words(std::string_view text) {
  auto words = SplitWords(text);
  if (!words.ok()) return "ERROR " + words.status().message();
  std::string out;
  for (const auto& w : *words) {
    if (!out.empty()) out += ' ';
    out += Utf32ToUtf8(w.text);
    if (w.abbreviated) out += '.';
    if (w.hyphen_next) out += '-';
  }
  return out;
}

TEST(NormalizeTest, FoldsCaseAndStressMarks) {
  EXPECT_EQ(Words("Анатóлий ВÁССЕРМАН"), "анатолий вассерман");
  EXPECT_EQ(Words("İlyas ŞÜKÜROV"), "ilyas şükürov");
}

// Issue #14, item 11: invisible characters must not split a name or hide it from a search.
TEST(NormalizeTest, IgnoresZeroWidthAndBidiCharacters) {
  EXPECT_EQ(Words("Ив\u200bан Пет\u200dров"), "иван петров");
  EXPECT_EQ(Words("\u202eIvan\u202c \ufeffPetrov\u2060"), "ivan petrov");
  EXPECT_EQ(Words("Ivan\u00adov"), "ivanov");  // a soft hyphen too
}

TEST(NormalizeTest, RepairsHomoglyphsByMajorityScript) {
  EXPECT_EQ(Words("Сергeй"), "сергей");          // Latin e in a Cyrillic word
  EXPECT_EQ(Words("ФIЛОНОВ"), "філонов");        // Latin I → Ukrainian і
  EXPECT_EQ(Words("Ivаn"), "ivan");              // Cyrillic а in a Latin word
  EXPECT_EQ(Words("Мiĸалаеўна"), "мікалаеўна");  // kra → к
}

TEST(NormalizeTest, MarksInitialsHyphensAndCommas) {
  EXPECT_EQ(Words("К.-Ж. К. Токаев"), "к.- ж. к. токаев");
  EXPECT_EQ(Words("Kassym-Jomart"), "kassym- jomart");
  auto words = SplitWords("PETROV, Ivan");
  ASSERT_TRUE(words.ok());
  EXPECT_TRUE((*words)[0].comma_after);
  EXPECT_TRUE((*words)[0].all_caps);
}

TEST(NormalizeTest, SplitsChineseAndKoreanNamesAfterTheSurname) {
  auto words = SplitWords("刘洋");
  ASSERT_TRUE(words.ok());
  ASSERT_EQ(words->size(), 2u);
  EXPECT_EQ((*words)[0].text, U"刘");
  EXPECT_TRUE((*words)[0].comma_after);  // native order: surname first
  EXPECT_EQ((*words)[1].text, U"洋");
  EXPECT_EQ(Words("김민준"), "김 민준");
  EXPECT_EQ(Words("Αλεξάντερ"), "αλεξάντερ");  // an alphabet: one word stays one word
  EXPECT_EQ(Words("刘"), "刘");
}

TEST(NormalizeTest, DropsLabels) {
  EXPECT_EQ(Words("a.k.a. Oleksandr KOFMAN"), "oleksandr kofman");
  EXPECT_EQ(Words("Russian: Пётр Ильин"), "пётр ильин");
  EXPECT_EQ(Words("укр. Петро"), "петро");
  EXPECT_EQ(Words("Евгений Примаков-младший"), "евгений примаков");
}

TEST(NormalizeTest, KeepsParenthesisedWordsAsAlternatives) {
  auto words = SplitWords("Галина ХУЛАПОВА (КАШИРСКАЯ)");
  ASSERT_TRUE(words.ok());
  ASSERT_EQ(words->size(), 3u);
  EXPECT_TRUE((*words)[2].alternative);
  EXPECT_FALSE((*words)[1].alternative);
}

TEST(NormalizeTest, RejectsBadInput) {
  EXPECT_FALSE(SplitWords("\xff\xfe").ok());
  EXPECT_FALSE(SplitWords("Ив\xd0").ok());  // truncated sequence
  EXPECT_FALSE(SplitWords(std::string(10 * 1024, 'a')).ok());
  auto empty = SplitWords("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
  auto punct = SplitWords("... ,;-- ()");
  ASSERT_TRUE(punct.ok());
  EXPECT_TRUE(punct->empty());
}

TEST(NormalizeTest, ScriptOfLetters) {
  EXPECT_EQ(ScriptOf(U'a'), Script::kLatin);
  EXPECT_EQ(ScriptOf(U'ş'), Script::kLatin);
  EXPECT_EQ(ScriptOf(U'ә'), Script::kCyrillic);
  EXPECT_EQ(ScriptOf(U'س'), Script::kOther);
  EXPECT_EQ(ScriptOf(U'1'), Script::kUnknown);
}

}  // namespace
}  // namespace aftermath::names
