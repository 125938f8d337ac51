#include "names/engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>
#include <vector>

namespace aftermath::names {
namespace {

TEST(EngineTest, KeysShareAcrossSpellings) {
  auto engine = NameEngine::Create();
  ASSERT_TRUE(engine.ok());
  auto a = engine->Parse("Нурсултан Абишевич Назарбаев");
  auto b = engine->Parse("N. Nazarbayev");
  ASSERT_TRUE(a.ok() && b.ok());
  const auto ka = engine->Keys(*a).All(), kb = engine->Keys(*b).All();
  EXPECT_NE(std::find(ka.begin(), ka.end(), "i:n|nazarbaev"), ka.end());
  EXPECT_NE(std::find(kb.begin(), kb.end(), "i:n|nazarbaev"), kb.end());
  EXPECT_NE(std::find(ka.begin(), ka.end(), "s:nazarbaev"), ka.end());
  const auto keys = engine->Keys(*a);
  EXPECT_FALSE(keys.given_groups.empty());
  EXPECT_EQ(keys.patronymic_stems.size(), 1u);
}

TEST(EngineTest, BalticEndingIsFiledWithoutItToo) {
  auto engine = NameEngine::Create();
  ASSERT_TRUE(engine.ok());
  auto a = engine->Parse("Dmitrijus Sokolovas");
  auto b = engine->Parse("Дмитрий Соколов");
  auto c = engine->Parse("Dmitry SOKOLOV");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  const auto ka = engine->Keys(*a).All(), kb = engine->Keys(*b).All();
  EXPECT_NE(std::find(ka.begin(), ka.end(), "s:sokolovas"), ka.end());
  EXPECT_NE(std::find(ka.begin(), ka.end(), "s:sokolov"), ka.end());
  EXPECT_NE(std::find(kb.begin(), kb.end(), "s:sokolov"), kb.end());
  EXPECT_NE(engine->Compare(*a, *b).decision, Decision::kNonMatch);
  // Words without such an ending get no extra key.
  EXPECT_EQ(engine->Keys(*c).All(), engine->Keys(*b).All());
}

TEST(EngineTest, CustomTablesAndErrors) {
  EngineOptions options;
  options.given_names_tsv = "m\tЯромир Jaromir\n";
  options.frequency_tsv = "s\tНовак\t100\n";
  auto engine = NameEngine::Create(options);
  ASSERT_TRUE(engine.ok());
  EXPECT_EQ(engine->given_names().size(), 1u);
  options.given_names_tsv = "bad line";
  EXPECT_FALSE(NameEngine::Create(options).ok());
  EngineOptions missing;
  missing.population_dir = "/nonexistent";
  EXPECT_EQ(NameEngine::Create(missing).status().code(), StatusCode::kNotFound);
}

TEST(EngineTest, ConstMethodsAreSafeFromManyThreads) {
  auto engine = NameEngine::Create();
  ASSERT_TRUE(engine.ok());
  const NameEngine& e = *engine;
  std::vector<std::thread> threads;
  std::vector<int> matches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&e, &matches, t] {
      for (int i = 0; i < 200; ++i) {
        auto r = e.Compare("Қасым-Жомарт Тоқаев", "Kassym-Jomart Tokayev");
        if (r.ok() && r->decision == Decision::kMatch) ++matches[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int m : matches) EXPECT_EQ(m, 200);
}

TEST(EngineTest, OtherScriptsFromManyThreads) {
  auto engine = NameEngine::Create();
  ASSERT_TRUE(engine.ok());
  const NameEngine& e = *engine;
  e.PrepareOtherScripts();
  std::vector<std::thread> threads;
  std::vector<int> matches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&e, &matches, t] {
      for (int i = 0; i < 50; ++i) {
        auto r = e.Compare(t % 2 ? "刘洋" : "Γεώργιος Παπαδόπουλος",
                           t % 2 ? "Liu Yang" : "Georgios Papadopoulos");
        if (r.ok() && r->decision == Decision::kMatch) ++matches[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int m : matches) EXPECT_EQ(m, 50);
}

TEST(EngineTest, OffersTheOtherLayoutOnlyForImplausibleQueries) {
  auto engine = NameEngine::Create();
  ASSERT_TRUE(engine.ok());
  const ParseOptions query{.forms = QueryForms::kWithSecondReadings};
  auto typed = engine->Parse("Njrftd", query);
  ASSERT_TRUE(typed.ok());
  ASSERT_NE(typed->other_layout, nullptr);
  EXPECT_EQ(typed->other_layout->tokens.at(0).loose, "tokaev");
  const auto keys = engine->Keys(*typed).All();
  EXPECT_NE(std::find(keys.begin(), keys.end(), "l:tokaev"), keys.end());
  auto sergey = engine->Parse("Ыукпун Зуекщм", query);
  ASSERT_TRUE(sergey.ok() && sergey->other_layout);
  EXPECT_EQ(sergey->other_layout->tokens.at(0).loose, "sergei");
  // Stored names are parsed as written: no second reading.
  EXPECT_EQ(engine->Parse("Njrftd")->other_layout, nullptr);
  // Names that read well as typed, in either script, get none.
  for (const char* name : {"Иван Петров", "Sergey Ivanov", "Тоқаев Қасым-Жомарт", "Nguyen Van An",
                           "Ким Ен", "Ли Ан", "Zhumabek Zhanar", "Ыбырай Алтынсарин"}) {
    auto p = engine->Parse(name, query);
    ASSERT_TRUE(p.ok()) << name;
    EXPECT_EQ(p->other_layout, nullptr) << name;
  }
  // The other reading scores below the written one, and never "match".
  auto written = engine->Parse("Токаев", query);
  auto tokaev = engine->Parse("Тоқаев", query);
  const Comparison as_typed = engine->Compare(*typed, *tokaev);
  const Comparison as_written = engine->Compare(*written, *tokaev);
  EXPECT_EQ(as_typed.decision, Decision::kPossible) << as_typed.explain;
  EXPECT_LT(as_typed.score, as_written.score);
  EXPECT_NE(as_typed.explain.find("other keyboard layout"), std::string::npos);
}

TEST(EngineTest, QueriesAlsoCarryWordsJoinedAcrossASpace) {
  auto engine = NameEngine::Create();
  ASSERT_TRUE(engine.ok());
  const ParseOptions query{.forms = QueryForms::kWithSecondReadings};
  auto split = engine->Parse("ПУ ТИН Влади мир", query);
  ASSERT_TRUE(split.ok());
  const auto keys = engine->Keys(*split).All();
  EXPECT_NE(std::find(keys.begin(), keys.end(), "l:putin"), keys.end());
  EXPECT_NE(std::find(keys.begin(), keys.end(), "l:vladimir"), keys.end());
  // Two names the tables know are not joined; stored names get no joined keys.
  const auto plain = engine->Keys(*engine->Parse("Иван Петров", query)).All();
  EXPECT_EQ(plain, engine->Keys(*engine->Parse("Иван Петров")).All());
  const auto stored = engine->Keys(*engine->Parse("ПУ ТИН")).All();
  EXPECT_EQ(std::find(stored.begin(), stored.end(), "l:putin"), stored.end());
}

}  // namespace
}  // namespace aftermath::names
