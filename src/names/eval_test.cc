#include "names/eval.h"

#include <gtest/gtest.h>

namespace aftermath::names {
namespace {

TEST(EvalTest, BuildsPositivesAndHardNegatives) {
  auto engine = NameEngine::Create();
  ASSERT_TRUE(engine.ok());
  std::vector<EvalPerson> persons = {
      {"a", {"Иван Петрович Сидоров", "Ivan Petrovich SIDOROV", "Ivan SIDOROV"}},
      {"b", {"Пётр Иванович Сидоров", "Petr Ivanovich SIDOROV"}},
      {"c", {"Иван Петрович Кузьмин", "Ivan Petrovich KUZMIN"}},
      {"d", {"Ерлан Қасымұлы Оспанов", "Yerlan OSPANOV"}},
  };
  int64_t pseudonyms = 0;
  auto pairs = BuildEvalPairs(*engine, persons, 1.0, &pseudonyms);
  int positives = 0, negatives = 0;
  for (const auto& p : pairs) (p.same ? positives : negatives)++;
  EXPECT_EQ(positives, 3 + 1 + 1 + 1);
  EXPECT_GT(negatives, 0);
  auto report = Evaluate(*engine, pairs);
  EXPECT_EQ(report.overall.positives, positives);
  EXPECT_GT(report.by_kind.count("kazakh"), 0u);
  EXPECT_DOUBLE_EQ(report.overall.MatchPrecision(), 1.0);
}

}  // namespace
}  // namespace aftermath::names
