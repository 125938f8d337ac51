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

TEST_F(CompareTest, SharedSurnameEndingIsNoEvidence) {
  // Different surnames sharing a common morpheme, same given name: below "possible".
  const auto c = Cmp("Bekturbayev Bolat", "Mukhtarbayev Bolat");
  EXPECT_EQ(c.decision, Decision::kNonMatch) << c.score << " " << c.explain;
  EXPECT_EQ(Cmp("Бектұрбаев Болат", "Мұхтарбаев Болат").decision, Decision::kNonMatch);
  EXPECT_EQ(Cmp("Нурбаев Ерлан", "Сарбаев Ерлан").decision, Decision::kNonMatch);
  EXPECT_EQ(Cmp("Жаксыбеков Серик", "Жунусбеков Серик").decision, Decision::kNonMatch);
  // The same surname across scripts and spellings, and a typo in its stem, still agree.
  EXPECT_EQ(Cmp("Бектұрбаев Болат", "Bolat BEKTURBAYEV").decision, Decision::kMatch);
  EXPECT_EQ(Cmp("Bolat Bekturbayev", "Bolat Bekturbaev").decision, Decision::kMatch);
  EXPECT_NE(Cmp("Bolat Bekturbayev", "Bolat Bektyrbayev").decision, Decision::kNonMatch);
}

TEST_F(CompareTest, GenderedSurnameIsAnotherPerson) {
  // Tokayev and Tokayeva: one surname, two persons (the ending says the sex).
  EXPECT_EQ(Cmp("Kassym-Jomart Tokayev", "Tokayeva").decision, Decision::kNonMatch);
  EXPECT_EQ(Cmp("Тоқаев", "Токаева").decision, Decision::kNonMatch);
  EXPECT_EQ(Cmp("Асель Токаева", "Asel TOKAYEV").decision, Decision::kNonMatch);
  // The morpheme weighting leaves the cross-script forms of one surname alone.
  EXPECT_EQ(Cmp("Қасым-Жомарт Тоқаев", "Kassym-Jomart Tokayev").decision, Decision::kMatch);
  EXPECT_EQ(Cmp("Қасым Тоқаев", "Qasym Toqaev").decision, Decision::kMatch);
}

TEST_F(CompareTest, MarriedWomanWithPatronymicOnOneSide) {
  // A woman's surname may change: the same given name with a patronymic on one side only (which
  // can't contradict) stays "possible", below the matcher's review threshold of 0.5.
  const auto c = Cmp("Ольга Николаевна Амельченкова", "Ольга Занко");
  EXPECT_EQ(c.decision, Decision::kPossible) << c.score << " " << c.explain;
  EXPECT_LT(c.score, 0.5f);
  EXPECT_LT(c.score, Cmp("Ольга Николаевна Амельченкова", "Ольга Николаевна Занко").score);
  // Not for men, not without any patronymic, not with a different one.
  EXPECT_EQ(Cmp("Олег Николаевич Амельченко", "Олег Занко").decision, Decision::kNonMatch);
  EXPECT_EQ(Cmp("Ольга Амельченкова", "Ольга Занко").decision, Decision::kNonMatch);
  EXPECT_EQ(Cmp("Ольга Николаевна Амельченкова", "Ольга Петровна Занко").decision,
            Decision::kNonMatch);
  EXPECT_EQ(Cmp("Ольга Николаевна Амельченкова", "Ирина Занко").decision, Decision::kNonMatch);
}

TEST_F(CompareTest, OtherScriptsMeetTheirLatinSpellings) {
  EXPECT_EQ(Cmp("Georgios Papadopoulos", "Γεώργιος Παπαδόπουλος").decision, Decision::kMatch);
  EXPECT_EQ(Cmp("LIU Yang", "刘洋").decision, Decision::kMatch);
  EXPECT_EQ(Cmp("Wang Ming", "王明").decision, Decision::kMatch);
  EXPECT_NE(Cmp("Kim Minjun", "김민준").decision, Decision::kNonMatch);
  EXPECT_EQ(Cmp("Liu Yang", "王洋").decision, Decision::kNonMatch);
  EXPECT_EQ(Cmp("Nikos Papadopoulos", "Γεώργιος Παπαδόπουλος").decision, Decision::kNonMatch);
}

TEST_F(CompareTest, AbjadWordsMeetLatinOnesByTheirConsonants) {
  // Arabic and Persian script write no short vowels: علیرضا is "lyrda", حبیب الله "hbyb allh".
  EXPECT_EQ(Cmp("علیرضا بلالی", "Ali Reza BALALI").decision, Decision::kMatch);
  EXPECT_EQ(Cmp("حبیب الله اغا", "Habibullah AGHA").decision, Decision::kMatch);
  EXPECT_EQ(Cmp("مدلل خوري", "Mudalal KHOURY").decision, Decision::kMatch);
  EXPECT_NE(Cmp("سهيل الحسن", "Suhayl AL-HASAN").decision, Decision::kNonMatch);
  EXPECT_NE(Cmp("فاطمة", "Fatima").decision, Decision::kNonMatch);  // ة is not a t
  // Other consonants are other names.
  EXPECT_EQ(Cmp("علیرضا بلالی", "Ali Reza TANGSIRI").decision, Decision::kNonMatch);
  EXPECT_EQ(Cmp("مدلل خوري", "Mahmud KHOURY").decision, Decision::kNonMatch);
}

TEST_F(CompareTest, KoreanInitialRieulIsR) {
  // ICU writes 리 as "li"; Korean names in Latin letters write Ri (and Yong Gil for 영길).
  EXPECT_EQ(Cmp("리영길", "RI Yong Gil").decision, Decision::kMatch);
}

TEST_F(CompareTest, EmptyParsedNamesDoNotMatch) {
  ParsedName empty;
  auto s = engine_.Parse("Ivan Petrov");
  EXPECT_EQ(engine_.Compare(empty, *s).decision, Decision::kNonMatch);
}

}  // namespace
}  // namespace aftermath::names
