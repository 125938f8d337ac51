#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "index/id_table.h"
#include "index/string_pool.h"
#include "index/text_arena.h"
#include "index/word_list.h"

namespace aftermath::index {
namespace {

TEST(TextArenaTest, KeepsStringsAcrossChunks) {
  TextArena arena;
  std::vector<uint32_t> refs;
  std::string s;
  for (int i = 0; i < 300000; ++i) {
    s = "name-";
    s += std::to_string(i);
    refs.push_back(arena.Add(s));
  }
  EXPECT_EQ(arena.Get(refs[0]), "name-0");
  EXPECT_EQ(arena.Get(refs[299999]), "name-299999");
  EXPECT_EQ(arena.Get(arena.Add("")), "");
  EXPECT_EQ(arena.Get(TextArena::kNone), "");
}

TEST(TextArenaTest, CutsLongStringsOnACharacterBoundary) {
  TextArena arena;
  std::string s;
  for (int i = 0; i < 3000; ++i) s += "ж";  // two bytes each
  std::string_view got = arena.Get(arena.Add(s));
  EXPECT_LE(got.size(), TextArena::kMaxLength);
  EXPECT_EQ(got.size() % 2, 0u);
}

TEST(StringPoolTest, InternsOnce) {
  StringPool pool;
  uint32_t a = pool.Intern("ivanov");
  EXPECT_EQ(pool.Intern("ivanov"), a);
  EXPECT_NE(pool.Intern("petrov"), a);
  char w[16];
  for (int i = 0; i < 10000; ++i) {  // forces growth
    std::snprintf(w, sizeof w, "w%d", i);
    pool.Intern(w);
  }
  EXPECT_EQ(pool.Find("ivanov"), a);
  EXPECT_EQ(pool.Get(pool.Find("w9999")), "w9999");
  EXPECT_EQ(pool.Find("sidorov"), StringPool::kNone);
  EXPECT_EQ(pool.size(), 10002u);
}

TEST(IdTableTest, FindsIdsByTheirKeys) {
  std::vector<std::string> keys;
  IdTable table;
  auto key_of = [&](uint32_t id) { return std::string_view(keys[id]); };
  for (uint32_t i = 0; i < 5000; ++i) {
    keys.push_back("per_");
    keys.back() += std::to_string(i * 7);
    table.Insert(keys.back(), i, key_of);
  }
  EXPECT_EQ(table.Find("per_0", key_of), 0u);
  EXPECT_EQ(table.Find("per_34993", key_of), 4999u);
  EXPECT_EQ(table.Find("per_1", key_of), IdTable::kEmpty);
  EXPECT_EQ(table.size(), 5000u);
}

TEST(WordListTest, CompletesPrefixesFromBaseAndTail) {
  std::vector<std::string> words;
  WordList list;
  auto text_of = [&](uint32_t id) { return std::string_view(words[id]); };
  for (int i = 0; i < 5000; ++i) {  // some merged into the sorted base, some in the tail
    std::string w = i % 2 ? "ka" : "to";
    w += std::to_string(i);
    words.push_back(w);
    list.Add(static_cast<uint32_t>(i), text_of);
  }
  size_t n = 0;
  list.ForEachWithPrefix("ka", 100000, text_of, [&](uint32_t id) {
    EXPECT_TRUE(words[id].starts_with("ka"));
    ++n;
  });
  EXPECT_EQ(n, 2500u);
  n = 0;
  list.ForEachWithPrefix("to49", 100000, text_of, [&](uint32_t) { ++n; });
  EXPECT_EQ(n, 55u);  // even numbers: 490..498 and 4900..4998
  n = 0;
  list.ForEachWithPrefix("ka", 10, text_of, [&](uint32_t) { ++n; });
  EXPECT_EQ(n, 10u);
}

}  // namespace
}  // namespace aftermath::index
