#include "names/compare.h"

#include <gtest/gtest.h>

#include "names/engine.h"

namespace aftermath::names {
namespace {

class CompareTest : public ::testing::Test {
 protected:
  CompareTest() : engine_(NameEngine::Create().value()) {}
  Comparison Cmp(std::string_view a, std::string_view b) {
    auto r = engine_.Compare(a, b);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : Comparison{};
  }
  NameEngine engine_;
};

TEST_F(CompareTest, ScoreInRangeAndSymmetric) {
  for (auto [a, b] : {std::pair{"Иван Петров", "Ivan Petrov"},
                      {"Ivan Petrov", "Olga Sidorova"},
                      {"N. Nazarbayev", "Nursultan Nazarbayev"}}) {
    const auto x = Cmp(a, b), y = Cmp(b, a);
    EXPECT_GE(x.score, 0.f);
    EXPECT_LE(x.score, 1.f);
    EXPECT_FLOAT_EQ(x.score, y.score) << a << " ~ " << b;
    EXPECT_EQ(x.decision, y.decision);
  }
}

TEST_F(CompareTest, RareSurnameCountsMoreThanCommon) {
  EXPECT_GT(Cmp("Аскар Жаксыбеков", "Askar Zhaksybekov").score,
            Cmp("Иван Иванов", "Ivan Ivanov").score);
}

TEST_F(CompareTest, InitialIsCompatibleNeverConfirming) {
  const auto c = Cmp("N. Nazarbayev", "Nursultan Nazarbayev");
  EXPECT_EQ(c.decision, Decision::kPossible);
  EXPECT_EQ(Cmp("B. Nazarbayev", "Nursultan Nazarbayev").decision, Decision::kNonMatch);
}

TEST_F(CompareTest, ExplainsWhichPartsAgreed) {
  const auto c = Cmp("Иван Петрович Сидоров", "Ivan Sergeevich Sidorov");
  EXPECT_EQ(c.decision, Decision::kNonMatch);
  EXPECT_NE(c.explain.find("patronymic"), std::string::npos) << c.explain;
  EXPECT_TRUE(c.explain.find("different") != std::string::npos ||
              c.explain.find("unmatched") != std::string::npos)
      << c.explain;
}

TEST_F(CompareTest, NoExplanationWhenNotAsked) {
  auto a = engine_.Parse("Ivan Petrov"), b = engine_.Parse("Иван Петров");
  ASSERT_TRUE(a.ok() && b.ok());
  CompareOptions options;
  options.explain = Explain::kNone;
  const auto c = engine_.Compare(*a, *b, options);
  EXPECT_TRUE(c.explain.empty());
  EXPECT_EQ(c.decision, Decision::kMatch);
}

TEST_F(CompareTest, PrefixQuery) {
  ParseOptions prefix;
  prefix.prefix = PrefixMode::kLastTokenIsPrefix;
  auto q = engine_.Parse("Nursultan Nazar", prefix);
  auto s = engine_.Parse("Нурсултан Назарбаев");
  ASSERT_TRUE(q.ok() && s.ok());
  EXPECT_NE(engine_.Compare(*q, *s).decision, Decision::kNonMatch);
  auto whole = engine_.Parse("Nursultan Nazar");
  EXPECT_EQ(engine_.Compare(*whole, *s).decision, Decision::kNonMatch);
}

TEST_F(CompareTest, EmptyParsedNamesDoNotMatch) {
  ParsedName empty;
  auto s = engine_.Parse("Ivan Petrov");
  EXPECT_EQ(engine_.Compare(empty, *s).decision, Decision::kNonMatch);
}

}  // namespace
}  // namespace aftermath::names
