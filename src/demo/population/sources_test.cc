#include "demo/population/sources.h"

#include <gtest/gtest.h>

namespace aftermath::population {
namespace {

TEST(SourcesTest, ParsesCsvWithBomAndQuotes) {
  CsvTable t = ParseCsv("\xEF\xBB\xBFname,count\r\n\"Ким, Пак\",3\n\nОмаров,\"4\"\n");
  ASSERT_EQ(t.header.size(), 2u);
  EXPECT_EQ(t.Column("count"), 1);
  EXPECT_EQ(t.Column("nope"), -1);
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0][0], "Ким, Пак");
  EXPECT_EQ(t.rows[1][1], "4");
  EXPECT_EQ(SplitCsvLine("a,\"b\"\"c\",")[1], "b\"c");
}

TEST(SourcesTest, ParsesYamlMaps) {
  auto m = ParseYamlMap("---\nДмитрий: Дмитриевич, Дмитриевна\n# comment\nИван: 8733\n");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].second, "Дмитриевич, Дмитриевна");
  EXPECT_EQ(m[1].first, "Иван");
}

TEST(SourcesTest, MissingFileIsNotFound) {
  auto r = ReadFile("/nonexistent/file.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace aftermath::population
