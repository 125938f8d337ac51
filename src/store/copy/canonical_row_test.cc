#include "store/copy/canonical_row.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "store/sqlite/sqlite_connection.h"

namespace aftermath::store_copy {
namespace {

class CanonicalRowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = ::testing::TempDir() + "canonical_row_" + std::to_string(getpid()) + ".db";
    std::filesystem::remove(path_);
    auto conn = sql::OpenSqliteConnection(path_);
    ASSERT_TRUE(conn.ok());
    conn_ = std::move(*conn);
    // SQLite keeps what it is given: 'abc' in an INTEGER column stays text.
    ASSERT_TRUE(conn_
                    ->Exec("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB);"
                           "INSERT INTO t VALUES (42, 0.1 + 0.2, 'Ерлан', x'00ff');"
                           "INSERT INTO t VALUES (NULL, 1, '', 'text');"
                           "INSERT INTO t VALUES ('abc', 'x', x'41', NULL);")
                    .ok());
  }
  void TearDown() override {
    conn_.reset();
    std::filesystem::remove(path_);
  }

  // Every row's values read as `kinds`.
  std::vector<std::vector<Result<Value>>> Read(std::vector<ColumnKind> kinds) {
    auto s = conn_->Prepare(
        "SELECT i, r, s, b, typeof(i), typeof(r), typeof(s), typeof(b) FROM t ORDER BY rowid");
    EXPECT_TRUE(s.ok());
    std::vector<std::vector<Result<Value>>> rows;
    while (*(*s)->Step()) {
      auto& row = rows.emplace_back();
      for (int c = 0; c < 4; ++c) row.push_back(FromSqlite(**s, c, c + 4, kinds[c]));
    }
    return rows;
  }

  std::string path_;
  std::unique_ptr<sql::Connection> conn_;
};

TEST_F(CanonicalRowTest, RendersEachKindOneWay) {
  auto rows = Read({ColumnKind::kInteger, ColumnKind::kReal, ColumnKind::kText, ColumnKind::kBlob});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(*rows[0][0], Value("42"));
  EXPECT_EQ(*rows[0][1], Value("0.30000000000000004"));  // exact, not SQLite's 15 digits
  EXPECT_EQ(*rows[0][2], Value("Ерлан"));
  EXPECT_EQ(*rows[0][3], Value("00ff"));
  EXPECT_EQ(*rows[1][0], Value());  // NULL and '' stay apart
  EXPECT_EQ(*rows[1][1], Value("1"));
  EXPECT_EQ(*rows[1][2], Value(""));
  EXPECT_EQ(*rows[1][3], Value("74657874"));
  EXPECT_EQ(PostgresInput("00ff", ColumnKind::kBlob), "\\x00ff");
  EXPECT_EQ(PostgresInput("42", ColumnKind::kInteger), "42");
}

TEST_F(CanonicalRowTest, RefusesStoredTypesThatDoNotFit) {
  auto rows = Read({ColumnKind::kInteger, ColumnKind::kReal, ColumnKind::kText, ColumnKind::kBlob});
  ASSERT_FALSE(rows[2][0].ok());
  EXPECT_EQ(rows[2][0].status().message(), "holds text where an integer is expected");
  EXPECT_FALSE(rows[2][1].ok());
  ASSERT_FALSE(rows[2][2].ok());  // bytes in a TEXT column
  EXPECT_EQ(rows[2][2].status().message(), "holds blob where text is expected");  // no value

  ASSERT_TRUE(conn_->Exec("UPDATE t SET s = 'a' || char(0) || 'b' WHERE rowid = 1").ok());
  auto nul = Read({ColumnKind::kInteger, ColumnKind::kReal, ColumnKind::kText, ColumnKind::kBlob});
  ASSERT_FALSE(nul[0][2].ok());
  EXPECT_NE(nul[0][2].status().message().find("NUL"), std::string::npos);

  auto booleans =
      Read({ColumnKind::kBoolean, ColumnKind::kReal, ColumnKind::kText, ColumnKind::kBlob});
  EXPECT_FALSE(booleans[0][0].ok());  // 42 is no boolean
}

TEST(TableDigestTest, DistinguishesNullEmptyAndBoundaries) {
  auto hash = [](std::vector<std::vector<Value>> rows) {
    TableDigest d;
    for (const auto& r : rows) d.AddRow(r);
    return d.Finish();
  };
  std::string a = hash({{Value("ab"), Value("c")}});
  EXPECT_EQ(a, hash({{Value("ab"), Value("c")}}));
  EXPECT_EQ(a.size(), 64u);
  EXPECT_NE(a, hash({{Value("a"), Value("bc")}}));
  EXPECT_NE(hash({{Value(), Value("")}}), hash({{Value(""), Value()}}));
  EXPECT_NE(hash({{Value("x")}, {Value("y")}}), hash({{Value("y")}, {Value("x")}}));
  TableDigest d;
  d.AddRow(std::vector<Value>{Value("x")});
  EXPECT_EQ(d.rows(), 1);
}

}  // namespace
}  // namespace aftermath::store_copy
