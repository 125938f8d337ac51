#include "names/engine.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace aftermath::names
