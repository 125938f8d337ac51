#include "names/similarity.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <utility>

namespace aftermath::names {
namespace {

TEST(SimilarityTest, EqualAndEmpty) {
  EXPECT_FLOAT_EQ(KeySimilarity("ivanov", "ivanov"), 1.f);
  EXPECT_FLOAT_EQ(KeySimilarity("", ""), 0.f);
  EXPECT_FLOAT_EQ(KeySimilarity("ivanov", ""), 0.f);
}

TEST(SimilarityTest, CheapSubstitutionsScoreHigh) {
  EXPECT_GT(KeySimilarity("Cemodanova", "Camadanava"), 0.85f);  // Belarusian akanye
  EXPECT_GT(KeySimilarity("gerasimov", "herasimov"), 0.9f);     // г as h
  EXPECT_GT(KeySimilarity("nazarbaev", "mazarbaev"), 0.9f);     // typo at the start
  EXPECT_LT(KeySimilarity("petrov", "sidorov"), 0.72f);
}

TEST(SimilarityTest, AbjadWordsCompareByConsonants) {
  EXPECT_GE(AbjadSimilarity("hmid", "hamid"), 0.9f);      // حمید
  EXPECT_GE(AbjadSimilarity("mdl", "mudalal"), 0.9f);     // مدلل: doubled letters are one
  EXPECT_GE(AbjadSimilarity("hvri", "huri"), 0.9f);       // خوري: waw is a vowel here
  EXPECT_GE(AbjadSimilarity("ravri", "ravari"), 0.9f);    // راوری: and a consonant there
  EXPECT_GE(AbjadSimilarity("Sil", "suhail"), 0.9f);      // سهيل: s+h, not sh
  EXPECT_GE(AbjadSimilarity("bdlh", "abdola"), 0.9f);     // a final h may go unwritten
  EXPECT_GE(AbjadSimilarity("alhsn", "hasan"), 0.9f);     // الحسن: the article
  EXPECT_GE(AbjadSimilarity("jmal", "jamal"), 0.9f);      // جمال
  EXPECT_GE(AbjadSimilarity("ivsf", "iusuf"), 0.9f);      // يوسف
  EXPECT_GE(AbjadSimilarity("hn", "Cen"), 0.9f);          // חן: ch is kh
  EXPECT_GE(AbjadSimilarity("brhm", "avraham"), 0.9f);    // אברהם: ב is b or v
  EXPECT_GE(AbjadSimilarity("pridmn", "fridman"), 0.9f);  // פרידמן: פ is p or f
  EXPECT_GE(AbjadSimilarity("kz", "kac"), 0.9f);          // כץ: צ is ts
  EXPECT_LT(AbjadSimilarity("jmal", "amal"), 0.8f);
  EXPECT_LT(AbjadSimilarity("vhivn", "ohana"), 0.8f);  // two consonants, more letters
  EXPECT_LT(AbjadSimilarity("mara", "omar"), 0.8f);
  EXPECT_LT(AbjadSimilarity("mhmd", "ahmad"), 0.8f);
  EXPECT_LT(AbjadSimilarity("hmid", "hamza"), 0.8f);
  EXPECT_FLOAT_EQ(AbjadSimilarity("a", "abdola"), 0.f);  // too few consonants to say
}

TEST(SimilarityTest, LongVowelsOfAnAbjadWordMustBeWritten) {
  // Loose keys of the script side (ICU's reading): حسین hsin, حسن hsn, محمد mhmd, محمود mhmvd.
  EXPECT_TRUE(LongVowelsAgree("hsin", "hossein"));
  EXPECT_TRUE(LongVowelsAgree("hsin", "husayn"));
  EXPECT_FALSE(LongVowelsAgree("hsin", "hassan"));  // the yeh is not there
  EXPECT_TRUE(LongVowelsAgree("hsn", "hasan"));
  EXPECT_FALSE(LongVowelsAgree("hsn", "hussein"));  // a long vowel the script does not write
  EXPECT_TRUE(LongVowelsAgree("mhmd", "mohammad"));
  EXPECT_TRUE(LongVowelsAgree("mhmd", "mahmud"));  // a short u may be a long one: undecided
  EXPECT_FALSE(LongVowelsAgree("mhmd", "mahmoud"));
  EXPECT_FALSE(LongVowelsAgree("mhmvd", "muhammad"));
  EXPECT_TRUE(LongVowelsAgree("mhmvd", "mahmoud"));
  EXPECT_TRUE(LongVowelsAgree("bdalh", "abdullah"));  // the article's alef
  EXPECT_TRUE(LongVowelsAgree("fatmh", "fatemeh"));
}

TEST(SimilarityTest, AbjadArticleInsideACompound) {
  // عبدالرحمن, نورالدین: the article's l is assimilated (Abdurrahman) or not written.
  EXPECT_GE(AbjadSimilarity("bdalrhmn", "abdurahman"), 0.85f);
  EXPECT_GE(AbjadSimilarity("nvraldin", "nuredin"), 0.85f);
  EXPECT_LT(AbjadSimilarity("bdalrhmn", "abdulah"), 0.72f);
}

TEST(SimilarityTest, Symmetric) {
  EXPECT_FLOAT_EQ(KeySimilarity("tokaev", "tokaiev"), KeySimilarity("tokaiev", "tokaev"));
}

TEST(SimilarityTest, Prefix) {
  EXPECT_GT(PrefixSimilarity("nazar", "nazarbaev"), 0.99f);
  EXPECT_LT(PrefixSimilarity("petr", "nazarbaev"), 0.5f);
}

TEST(SimilarityTest, SurnamesWeighOnTheDistinctiveStem) {
  // A shared -baev is no evidence: Bekturbaev and Muhtarbaev are different surnames.
  EXPECT_GE(KeySimilarity("bekturbaev", "muhtarbaev"), 0.72f);
  EXPECT_LT(SurnameSimilarity("bekturbaev", "muhtarbaev"), 0.72f);
  EXPECT_LT(SurnameSimilarity("kovalenko", "kovalCenko"), KeySimilarity("kovalenko", "kovalCenko"));
  // A spelling or typo in the stem stays close; equal keys stay equal.
  EXPECT_GE(SurnameSimilarity("nazarbaev", "mazarbaev"), 0.9f);
  EXPECT_GE(SurnameSimilarity("tohtahunov", "toCtaCunov"), 0.86f);
  EXPECT_FLOAT_EQ(SurnameSimilarity("tokaev", "tokaev"), 1.f);
  // Without a shared ending it is KeySimilarity; never above it.
  EXPECT_FLOAT_EQ(SurnameSimilarity("kuandikov", "kuaniSev"), KeySimilarity("kuandikov", "kuaniSev"));
  for (auto [a, b] : {std::pair{"serikbaev", "serikbai"}, {"petrov", "utrov"}, {"iC", "ovskiiC"}}) {
    EXPECT_LE(SurnameSimilarity(a, b), KeySimilarity(a, b)) << a << " " << b;
    EXPECT_FLOAT_EQ(SurnameSimilarity(a, b), SurnameSimilarity(b, a));
  }
}

TEST(SimilarityTest, SharedSurnameEnding) {
  EXPECT_EQ(SharedSurnameEnding("bekturbaev", "muhtarbaev"), 4u);  // -baev, not just -ev
  EXPECT_EQ(SharedSurnameEnding("Sevcenko", "kovalenko"), 4u);
  EXPECT_EQ(SharedSurnameEnding("ivanov", "petrov"), 2u);
  EXPECT_EQ(SharedSurnameEnding("ivanov", "ivanin"), 0u);
  EXPECT_EQ(SharedSurnameEnding("baev", "nurbaev"), 0u);  // no stem left on one side
}

TEST(SimilarityTest, LongKeysAreTruncatedNotOverflowing) {
  const std::string a(200, 'a'), b(300, 'b');
  EXPECT_GE(KeySimilarity(a, b), 0.f);
  EXPECT_GE(SurnameSimilarity(a + "baev", b + "baev"), 0.f);
}

// A floor spares the work on words far apart; at or above it every similarity is exact, below
// it the result stays below. Words drawn from a small alphabet of loose-key letters, so that
// many pairs land near the floor.
TEST(SimilarityTest, AFloorChangesNothingAtOrAboveIt) {
  std::mt19937 rng(7);
  const std::string letters = "aeioubvdgkSCjzsnmrlhtc";
  auto word = [&] {
    std::string w(3 + rng() % 9, 'a');
    for (char& c : w) c = letters[rng() % letters.size()];
    if (rng() % 3 == 0) w += "baev";
    return w;
  };
  int near_floor = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::string a = word();
    std::string b = a;
    for (int edits = rng() % 6; edits > 0 && !b.empty(); --edits) {
      b[rng() % b.size()] = letters[rng() % letters.size()];
      if (rng() % 4 == 0) b.erase(rng() % b.size(), 1);
    }
    if (rng() % 5 == 0) b = word();
    for (float floor : {0.55f, 0.58f, 0.611f}) {
      const std::pair<float, float> pairs[] = {
          {KeySimilarity(a, b), KeySimilarity(a, b, floor)},
          {SurnameSimilarity(a, b), SurnameSimilarity(a, b, floor)},
          {PrefixSimilarity(a.substr(0, 4), b), PrefixSimilarity(a.substr(0, 4), b, floor)},
          {AbjadSimilarity(a, b), AbjadSimilarity(a, b, floor)}};
      for (const auto& [exact, floored] : pairs) {
        if (exact >= floor) {
          ASSERT_EQ(floored, exact) << a << " ~ " << b << " floor " << floor;
        } else {
          ASSERT_LT(floored, floor) << a << " ~ " << b << " floor " << floor;
        }
        near_floor += exact >= floor - 0.05f && exact < floor + 0.05f;
      }
    }
  }
  EXPECT_GT(near_floor, 1000);
}

}  // namespace
}  // namespace aftermath::names
