#include "names/calibration.h"

#include <gtest/gtest.h>

#include "names/engine.h"

namespace aftermath::names {
namespace {

TEST(CalibrationTest, InterpolatesBetweenPointsAndIsFlatBeyond) {
  auto c = Calibration::FromTsv(
      "# comment\nlatin\t0.2\t0.1\nlatin\t0.6\t0.5\nlatin\t0.9\t0.98\nall\t0.5\t0.4\n");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_FLOAT_EQ(c->Probability(PairClass::kLatin, 0.0f), 0.1f);
  EXPECT_FLOAT_EQ(c->Probability(PairClass::kLatin, 0.4f), 0.3f);
  EXPECT_FLOAT_EQ(c->Probability(PairClass::kLatin, 0.9f), 0.98f);
  EXPECT_FLOAT_EQ(c->Probability(PairClass::kLatin, 1.0f), 0.98f);
  // A kind without points of its own takes "all".
  EXPECT_FLOAT_EQ(c->Probability(PairClass::kCyrillic, 0.9f), 0.4f);
}

TEST(CalibrationTest, WithoutATableTheScoreStands) {
  auto c = Calibration::FromTsv("");
  ASSERT_TRUE(c.ok());
  EXPECT_FLOAT_EQ(c->Probability(PairClass::kCrossScript, 0.55f), 0.55f);
}

TEST(CalibrationTest, RefusesMalformedLinesNamingThem) {
  auto bad_kind = Calibration::FromTsv("latin\t0.2\t0.1\ngreek\t0.3\t0.2\n");
  ASSERT_FALSE(bad_kind.ok());
  EXPECT_NE(bad_kind.status().message().find("line 2"), std::string::npos);
  EXPECT_NE(bad_kind.status().message().find("greek"), std::string::npos);
  EXPECT_FALSE(Calibration::FromTsv("latin\t0.2\n").ok());
  EXPECT_FALSE(Calibration::FromTsv("latin\t0.2\t1.5\n").ok());
  // Falling probabilities or scores out of order are no calibration.
  EXPECT_FALSE(Calibration::FromTsv("latin\t0.2\t0.5\nlatin\t0.3\t0.4\n").ok());
  EXPECT_FALSE(Calibration::FromTsv("latin\t0.3\t0.4\nlatin\t0.2\t0.5\n").ok());
}

TEST(CalibrationTest, PairClassByScriptAndPatronymic) {
  auto engine = NameEngine::Create();
  ASSERT_TRUE(engine.ok());
  auto parse = [&](std::string_view s) { return engine->Parse(s).value(); };
  EXPECT_EQ(PairClassOf(parse("Иван Петров"), parse("Ivan Petrov")), PairClass::kCrossScript);
  EXPECT_EQ(PairClassOf(parse("Иван Петров"), parse("Иван Петров")), PairClass::kCyrillic);
  EXPECT_EQ(PairClassOf(parse("Ivan Petrov"), parse("Iwan Petroff")), PairClass::kLatin);
  EXPECT_EQ(PairClassOf(parse("Петров Иван Сергеевич"), parse("Petrov Ivan Sergeevich")),
            PairClass::kCrossScriptPatronymic);
  // One patronymic only: it was not compared.
  EXPECT_EQ(PairClassOf(parse("Петров Иван Сергеевич"), parse("Петров Иван")),
            PairClass::kCyrillic);
  EXPECT_EQ(PairClassName(PairClass::kLatinPatronymic), "latin+patronymic");
}

TEST(CalibrationTest, EngineComparisonCarriesTheProbability) {
  EngineOptions options;
  options.calibration_tsv = "all\t0.0\t0.01\nall\t1.0\t0.99\n";
  auto engine = NameEngine::Create(options);
  ASSERT_TRUE(engine.ok());
  auto c = engine->Compare("Иван Петров", "Ivan Petrov");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->pair_class, PairClass::kCrossScript);
  EXPECT_NEAR(c->probability, 0.01f + 0.98f * c->score, 1e-5);
  // The embedded table is monotone: a higher score never reads as less likely.
  auto embedded = NameEngine::Create();
  ASSERT_TRUE(embedded.ok());
  auto same = embedded->Compare("Иван Сергеевич Петров", "Ivan Sergeevich Petrov");
  auto other = embedded->Compare("Иван Сергеевич Петров", "Ivan Nikolaevich Petrov");
  ASSERT_TRUE(same.ok() && other.ok());
  EXPECT_GE(same->probability, other->probability);
  EXPECT_GT(same->probability, 0.9f);
}

}  // namespace
}  // namespace aftermath::names
