// Every column of the schema is classified in store/personal_data.h: personal (purged) or not.
// A migration that adds a column fails here until its author decides which it is.
#include "store/personal_data.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <sstream>

#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_test_database.h"
#include "store/sqlite/sqlite_connection.h"
#include "store/store.h"

namespace aftermath::personal_data {
namespace {

using ColumnSet = std::set<std::pair<std::string, std::string>>;

ColumnSet Listed(bool personal) {
  ColumnSet out;
  if (personal) {
    for (const auto& c : kPersonalColumns)
      out.insert({std::string(c.table), std::string(c.column)});
    return out;
  }
  for (const auto& [table, columns] : kOtherColumns) {
    std::istringstream in{std::string(columns)};
    for (std::string c; in >> c;) out.insert({std::string(table), c});
  }
  return out;
}

ColumnSet Read(sql::Connection& conn, const char* query) {
  ColumnSet out;
  auto s = conn.Prepare(query);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  if (!s.ok()) return out;
  while (true) {
    auto row = (*s)->Step();
    EXPECT_TRUE(row.ok()) << row.status().ToString();
    if (!row.ok() || !*row) break;
    out.insert({(*s)->Text(0), (*s)->Text(1)});
  }
  return out;
}

void ExpectEveryColumnClassified(const ColumnSet& schema) {
  ColumnSet personal = Listed(true), other = Listed(false);
  for (const auto& c : schema) {
    EXPECT_NE(personal.contains(c), other.contains(c))
        << c.first << "." << c.second
        << ": classify it in store/personal_data.h (kPersonalColumns or kOtherColumns), once";
  }
  for (const auto& c : personal)
    EXPECT_TRUE(schema.contains(c)) << "no column " << c.first << "." << c.second;
  for (const auto& c : other)
    EXPECT_TRUE(schema.contains(c)) << "no column " << c.first << "." << c.second;
}

TEST(PersonalDataTest, EverySqliteColumnIsClassified) {
  auto dir = std::filesystem::temp_directory_path() /
             ("aftermath_personal_data_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string path = (dir / "r.db").string();
  ASSERT_TRUE(OpenStore("sqlite:" + path).ok());
  auto conn = sql::OpenSqliteConnection(path, StoreAccess::kReadOnly);
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  ExpectEveryColumnClassified(Read(**conn,
                                   "SELECT m.name, c.name FROM sqlite_master m, "
                                   "pragma_table_info(m.name) c WHERE m.type = 'table' AND "
                                   "m.name NOT LIKE 'sqlite_%'"));
  conn->reset();
  std::filesystem::remove_all(dir);
}

TEST(PersonalDataTest, PurgeStatementsCoverEveryPersonalTable) {
  std::set<std::string> tables;
  for (const auto& c : kPersonalColumns) tables.insert(std::string(c.table));
  for (const auto& t : tables) {
    bool covered = false;
    for (const auto& s : kScopes) covered = covered || s.table == t;
    EXPECT_TRUE(covered) << t << " has personal columns but no purge scope";
  }
  for (Owner owner : {Owner::kInquiry, Owner::kPerson}) {
    for (const auto& s : PurgeStatements(owner)) {
      EXPECT_TRUE(s.sql.starts_with("UPDATE") || s.sql.starts_with("DELETE")) << s.sql;
    }
  }
}

// Named for the `pg` fixture's filter (src/store/CMakeLists.txt).
TEST(PostgresStoreTest, EveryColumnIsClassifiedAsPersonalOrNot) {
  auto url = testing::CreateTestDatabase();
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  ASSERT_TRUE(OpenStore(*url).ok());
  auto conn = sql::OpenPostgresConnection(*url);
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  ExpectEveryColumnClassified(Read(**conn,
                                   "SELECT table_name::text, column_name::text FROM "
                                   "information_schema.columns WHERE table_schema = "
                                   "current_schema()"));
}

}  // namespace
}  // namespace aftermath::personal_data
