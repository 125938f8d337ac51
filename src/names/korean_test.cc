#include "names/korean.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "names/engine.h"

namespace aftermath::names {
namespace {

TEST(KoreanTest, RomanizesHangulSyllableBySyllable) {
  EXPECT_EQ(RomanizeHangul(U"김"), "-kim");
  EXPECT_EQ(RomanizeHangul(U"영복"), "-yong-bok");  // ㅂ after ng is voiced: Yong Bok
  EXPECT_EQ(RomanizeHangul(U"정은"), "-jong-un");
  EXPECT_EQ(RomanizeHangul(U"리"), "-ri");
  EXPECT_EQ(RomanizeHangul(U"최룡해"), "-choe-ryong-hae");
  EXPECT_TRUE(IsHangulLatin(RomanizeHangul(U"박")));
  EXPECT_FALSE(IsHangulLatin("kim"));
}

TEST(KoreanTest, RomanizationsOfOneNameShareAKey) {
  const auto key = [](std::string_view latin) {
    const auto keys = KoreanKeys(latin);
    return keys.empty() ? std::string() : keys[0];
  };
  EXPECT_EQ(key(RomanizeHangul(U"영복")), "yogpok");
  for (auto spelling : {"yongbok", "yeongbok", "youngbok", "yongpok"}) {
    const auto keys = KoreanKeys(spelling);
    EXPECT_NE(std::find(keys.begin(), keys.end(), "yogpok"), keys.end()) << spelling;
  }
  for (auto [hangul, latin] : {std::pair{U"이", "lee"}, {U"이", "yi"}, {U"리", "rhee"},
                               {U"박", "park"}, {U"박", "bak"}, {U"최", "choi"},
                               {U"최", "choe"}, {U"최", "tsoy"}, {U"정", "chung"},
                               {U"정", "jeong"}, {U"김", "gim"}, {U"오", "oh"},
                               {U"안", "ahn"}, {U"임", "lim"}, {U"류", "yoo"}}) {
    EXPECT_FLOAT_EQ(KoreanSimilarity(RomanizeHangul(hangul), latin), 0.95f) << latin;
  }
}

TEST(KoreanTest, OtherSyllablesAreOtherNames) {
  EXPECT_LT(KoreanSimilarity(RomanizeHangul(U"영복"), "yongchol"), 0.72f);
  EXPECT_LT(KoreanSimilarity(RomanizeHangul(U"정은"), "jongil"), 0.72f);
  EXPECT_LT(KoreanSimilarity(RomanizeHangul(U"김"), "kang"), 0.72f);
  EXPECT_LT(KoreanSimilarity(RomanizeHangul(U"김"), "sergei"), 0.f);  // no Korean reading
}

TEST(KoreanTest, SpellingKeysCoverTheUsualLatinForms) {
  const auto keys = KoreanSpellingKeys("영복");
  for (auto k : {"eongbok", "ong", "bok"}) {
    EXPECT_NE(std::find(keys.begin(), keys.end(), k), keys.end()) << k;
  }
  const auto lee = KoreanSpellingKeys("이");
  EXPECT_NE(std::find(lee.begin(), lee.end(), "le"), lee.end());
  EXPECT_TRUE(KoreanSpellingKeys("Ivan").empty());
}

// The index files a Hangul name under keys its Latin spellings have: every usual spelling of
// the name shares a surname key and a given-name key with it.
TEST(KoreanTest, HangulNamesShareIndexKeysWithTheirLatinSpellings) {
  const NameEngine engine = NameEngine::Create().value();
  const auto keys = [&](std::string_view name) {
    return engine.Keys(engine.Parse(name).value()).All();
  };
  const auto shared = [&](std::string_view a, std::string_view b, std::string_view prefix) {
    const auto ka = keys(a), kb = keys(b);
    int n = 0;
    for (const auto& k : ka)
      n += k.starts_with(prefix) && std::find(kb.begin(), kb.end(), k) != kb.end();
    return n;
  };
  // The surname word and a given-name word each share a loose key (which role a Latin
  // spelling's words get is the parse's guess, so the role keys are not asserted).
  for (auto latin : {"Kim Yong Bok", "Gim Yeong-bok", "KIM Young-bok", "Kim Yongbok"}) {
    EXPECT_GE(shared("김영복", latin, "l:"), 2) << latin;
  }
  EXPECT_GE(shared("김영복", "Kim Yong Bok", "s:"), 1);
  for (auto latin : {"Park Chung-hee", "Pak Jong Hui", "Bak Jeong-hui"}) {
    EXPECT_GE(shared("박정희", latin, "l:"), 2) << latin;
  }
  for (auto latin : {"Lee Sun-sin", "Yi Sun-sin", "Ri Sun Sin"}) {
    EXPECT_GE(shared("이순신", latin, "l:"), 2) << latin;
  }
  // Latin names get no Korean keys: only a word written in Hangul does.
  const auto latin = keys("Kim Yong Bok");
  EXPECT_EQ(std::find(latin.begin(), latin.end(), "l:gim"), latin.end());
  EXPECT_EQ(std::find(latin.begin(), latin.end(), "l:eongbok"), latin.end());
}

}  // namespace
}  // namespace aftermath::names
