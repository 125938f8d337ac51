#include "registry/match_reasons.h"

#include <gtest/gtest.h>

#include "index/evidence.h"
#include "names/engine.h"

namespace aftermath {
namespace {

std::string Codes(const std::vector<MatchReason>& reasons) {
  std::string out;
  for (const auto& r : reasons) out += (out.empty() ? "" : " ") + r.code;
  return out;
}

std::string Param(const MatchReason& r, std::string_view key) {
  for (const auto& [k, v] : r.params) {
    if (k == key) return v;
  }
  return "<none>";
}

TEST(MatchReasonsTest, ReadsTheEnginesWordPairs) {
  auto reasons = ParseMatchExplanation(
      "surname jakupov~jakupov same rare; given marat~murat different, unmatched; "
      "patronymic a+b~ab close");
  ASSERT_EQ(Codes(reasons), "name_pair name_pair name_unmatched name_pair");
  EXPECT_EQ(Param(reasons[0], "role"), "surname");
  EXPECT_EQ(Param(reasons[0], "left"), "jakupov");
  EXPECT_EQ(Param(reasons[0], "right"), "jakupov");
  EXPECT_EQ(Param(reasons[0], "how"), "same");
  EXPECT_EQ(Param(reasons[0], "rare"), "yes");
  EXPECT_EQ(Param(reasons[1], "how"), "different");
  EXPECT_EQ(Param(reasons[1], "rare"), "no");
  EXPECT_EQ(Param(reasons[2], "role"), "given");
  EXPECT_EQ(Param(reasons[3], "left"), "a+b");
}

TEST(MatchReasonsTest, ReadsTheEvidenceAndTheMatchersClauses) {
  auto reasons = ParseMatchExplanation(
      "same person? other keyboard layout: surname x~x same (maiden name?); name 0.87; same sex; "
      "born 3 years apart (rank -0.02)");
  EXPECT_EQ(Codes(reasons),
            "same_person other_layout name_pair maiden_name name_score same_sex born_apart rank");
  EXPECT_EQ(Param(reasons[4], "score"), "0.87");
  EXPECT_EQ(Param(reasons[6], "years"), "3");
  EXPECT_EQ(Param(reasons[7], "adjustment"), "-0.02");
  EXPECT_EQ(Codes(ParseMatchExplanation(
                "unidentified; same sex; age within 2 years; features overlap 50%; place agrees")),
            "unidentified same_sex age_within features_overlap place_agrees");
  EXPECT_EQ(Codes(ParseMatchExplanation("born 1 year apart")), "born_apart");
}

TEST(MatchReasonsTest, KeepsWhatItDoesNotKnowAsText) {
  auto reasons = ParseMatchExplanation("surname x~y fuzzy; the moon agrees");
  ASSERT_EQ(Codes(reasons), "text text");
  EXPECT_EQ(Param(reasons[0], "text"), "surname x~y fuzzy");
  EXPECT_EQ(Param(reasons[1], "text"), "the moon agrees");
  EXPECT_TRUE(ParseMatchExplanation("").empty());
}

// The writers themselves: whatever the engine and the evidence write reads back without a
// "text" reason, so a clause reworded there shows up here, not as English in a Kazakh console.
TEST(MatchReasonsTest, EveryClauseTheEngineWritesHasACode) {
  auto engine = names::NameEngine::Create();
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  const std::pair<const char*, const char*> kPairs[] = {
      {"Жакупов Марат", "Zhakupov Marat"},
      {"Жакупов Марат Ахметович", "Жакупов Мурат Ахмедович"},
      {"Иванова Ольга Николаевна", "Петрова Ольга Николаевна"},
      {"Тоқаев Қасым", "Tokaev K."},
      {"Nurlan Abenov", "Aigerim Tursynbek"},
      {"Ivanov", "Ivanov Ivan"},
      {"Njrftd", "Токаев"},
      {"Сергей Петров", "Мария Петрова"},
      {"Владимир Ли", "Влад Ли"},
  };
  for (const auto& [a, b] : kPairs) {
    auto c = engine->Compare(a, b);
    ASSERT_TRUE(c.ok()) << a;
    for (const auto& r : ParseMatchExplanation(c->explain)) {
      EXPECT_NE(r.code, "text") << a << " ~ " << b << ": " << c->explain;
    }
  }
  for (auto [sought, record] : {std::pair{index::LifeFacts{Sex::kMale, 1990},
                                          index::LifeFacts{Sex::kMale, 1990}},
                                {index::LifeFacts{Sex::kMale, 1990},
                                 index::LifeFacts{Sex::kFemale, 1985}},
                                {index::LifeFacts{Sex::kUnknown, 1990},
                                 index::LifeFacts{Sex::kUnknown, 1991}}}) {
    std::string why = "name 0.90" + index::WeighEvidence(sought, record).why;
    for (const auto& r : ParseMatchExplanation(why)) EXPECT_NE(r.code, "text") << why;
  }
}

}  // namespace
}  // namespace aftermath
