#include "names/similarity.h"

#include <gtest/gtest.h>

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

TEST(SimilarityTest, Symmetric) {
  EXPECT_FLOAT_EQ(KeySimilarity("tokaev", "tokaiev"), KeySimilarity("tokaiev", "tokaev"));
}

TEST(SimilarityTest, Prefix) {
  EXPECT_GT(PrefixSimilarity("nazar", "nazarbaev"), 0.99f);
  EXPECT_LT(PrefixSimilarity("petr", "nazarbaev"), 0.5f);
}

TEST(SimilarityTest, LongKeysAreTruncatedNotOverflowing) {
  const std::string a(200, 'a'), b(300, 'b');
  EXPECT_GE(KeySimilarity(a, b), 0.f);
}

}  // namespace
}  // namespace aftermath::names
