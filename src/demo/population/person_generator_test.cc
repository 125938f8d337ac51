#include "demo/population/person_generator.h"

#include <gtest/gtest.h>

#include <map>

#include "demo/population/text.h"

namespace aftermath::population {
namespace {

// A pool built in memory: one or two names per group.
NamePool SmallPool() {
  NamePool pool;
  for (size_t i = 0; i < kGroupCount; ++i) {
    GroupNames& g = pool.groups[i];
    g.surnames.Add(U"Ахметов", 2);
    g.surnames.Add(U"Ким", 1);
    g.given[0].Add(U"Марат", 1);
    g.given[1].Add(U"Әсел", 1);
  }
  pool.of(Group::kKazakh).patronymics[0].Add(U"Серікұлы", 1);
  pool.ru_patronymics[U"Марат"] = {U"Маратович", U"Маратовна"};
  return pool;
}

TEST(PersonGeneratorTest, DeterministicForASeed) {
  NamePool pool = SmallPool();
  PersonGenerator a(pool, 5), b(pool, 5), c(pool, 6);
  std::string sa, sc;
  for (int i = 0; i < 50; ++i) {
    std::string line = ToJsonLine(a.Next());
    EXPECT_EQ(line, ToJsonLine(b.Next()));
    sa += line;
    sc += ToJsonLine(c.Next());
  }
  EXPECT_NE(sa, sc);
}

TEST(PersonGeneratorTest, SharesOfGroupsSexesAndGenderedSurnames) {
  NamePool pool = SmallPool();
  PersonGenerator gen(pool, 1);
  std::map<Group, int> groups;
  int female = 0, with_patronymic = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    PersonName p = gen.DrawName();
    ++groups[p.group];
    female += p.sex == PersonSex::kFemale;
    with_patronymic += !p.patronymic.empty();
    if (p.surname.starts_with(U"Ахмет")) {
      EXPECT_EQ(p.surname, p.sex == PersonSex::kFemale ? U"Ахметова" : U"Ахметов");
    }
  }
  EXPECT_NEAR(groups[Group::kKazakh] / double(n), 0.70, 0.02);
  EXPECT_NEAR(groups[Group::kRussian] / double(n), 0.18, 0.02);
  EXPECT_NEAR(female / double(n), 0.515, 0.02);
  EXPECT_GT(with_patronymic, n * 0.8);
}

TEST(PersonGeneratorTest, WritesImportableJsonLines) {
  NamePool pool = SmallPool();
  PersonGenerator gen(pool, 1);
  GeneratedPerson p = gen.Next();
  EXPECT_EQ(p.external_id, "gen-0000001");
  std::string line = ToJsonLine(p);
  EXPECT_TRUE(line.starts_with("{\"external_id\": \"gen-0000001\", \"full_name\": \""));
  EXPECT_NE(line.find("\"status\": \""), std::string::npos);
  EXPECT_NE(line.find("\"sex\": \""), std::string::npos);
  p.full_name = "a\"b\\c";
  EXPECT_NE(ToJsonLine(p).find("a\\\"b\\\\c"), std::string::npos);
}

}  // namespace
}  // namespace aftermath::population
