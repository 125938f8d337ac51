#include "store/postgres/pg_connection.h"

#include <gtest/gtest.h>

#include "store/postgres/pg_store.h"
#include "store/postgres/pg_test_database.h"

namespace aftermath {
namespace {

std::string Rewrite(std::string_view sql, int expected_count) {
  int count = -1;
  std::string out = sql::RewritePlaceholders(sql, &count);
  EXPECT_EQ(count, expected_count) << sql;
  return out;
}

TEST(RewritePlaceholdersTest, NumbersBarePlaceholdersInOrder) {
  EXPECT_EQ(Rewrite("INSERT INTO t (a, b) VALUES (?, ?)", 2),
            "INSERT INTO t (a, b) VALUES ($1, $2)");
  EXPECT_EQ(Rewrite("SELECT 1", 0), "SELECT 1");
}

TEST(RewritePlaceholdersTest, KeepsExplicitNumbers) {
  EXPECT_EQ(Rewrite("WHERE (CAST(?1 AS TEXT) IS NULL OR s = ?1) LIMIT ?12", 12),
            "WHERE (CAST($1 AS TEXT) IS NULL OR s = $1) LIMIT $12");
  // As in SQLite, a bare `?` after `?N` is one more than the highest number so far.
  EXPECT_EQ(Rewrite("?3, ?, ?1, ?", 5), "$3, $4, $1, $5");
}

TEST(RewritePlaceholdersTest, LeavesLiteralsIdentifiersAndCommentsAlone) {
  EXPECT_EQ(Rewrite("SELECT '?', 'it''s ?', \"odd?\" FROM t WHERE a = ?", 1),
            "SELECT '?', 'it''s ?', \"odd?\" FROM t WHERE a = $1");
  EXPECT_EQ(Rewrite("SELECT ? -- why?\n, ? /* ?2 */", 2), "SELECT $1 -- why?\n, $2 /* ?2 */");
  EXPECT_EQ(Rewrite("SELECT 'unterminated ?", 0), "SELECT 'unterminated ?");
}

TEST(DescribePostgresUrlTest, DropsPasswordAndOptions) {
  auto d = DescribePostgresUrl("postgresql://reg:s3cret@db.example:6543/aftermath?sslmode=require");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(*d, "postgresql://reg@db.example:6543/aftermath");
  EXPECT_EQ(*DescribePostgresUrl("postgres://db.example/x?password=s3cret"),
            "postgresql://db.example/x");
  EXPECT_EQ(DescribePostgresUrl("postgresql://h/db?no_such_option=1").status().code(),
            StatusCode::kInvalidArgument);
}

TEST(WithDatabaseTest, ReplacesTheDatabaseName) {
  using testing::WithDatabase;
  EXPECT_EQ(WithDatabase("postgresql://u@h:5/postgres", "t1"), "postgresql://u@h:5/t1");
  EXPECT_EQ(WithDatabase("postgresql://u@h:5", "t1"), "postgresql://u@h:5/t1");
  EXPECT_EQ(WithDatabase("postgresql://u@h/p?sslmode=disable", "t1"),
            "postgresql://u@h/t1?sslmode=disable");
  EXPECT_EQ(WithDatabase("postgresql://u@h?sslmode=disable", "t1"),
            "postgresql://u@h/t1?sslmode=disable");
}

}  // namespace
}  // namespace aftermath
