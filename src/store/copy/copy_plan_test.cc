#include "store/copy/copy_plan.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "store/sqlite/sqlite_connection.h"
#include "store/store.h"

namespace aftermath::store_copy {
namespace {

SchemaTable Table(std::string name, std::vector<std::string> refs = {}, std::string type = "TEXT") {
  return {.name = std::move(name),
          .columns = {{.name = "id", .type = type, .key_position = 1}, {.name = "v", .type = type}},
          .references = std::move(refs)};
}

// information_schema's view of the same table.
SchemaTable Target(SchemaTable t, std::string type = "text") {
  for (auto& c : t.columns) {
    c.type = type;
    c.key_position = 0;
  }
  t.references.clear();
  return t;
}

std::vector<std::string> Names(const std::vector<CopyTable>& plan) {
  std::vector<std::string> out;
  for (const auto& t : plan) out.push_back(t.name);
  return out;
}

TEST(CopyPlanTest, ParentsComeFirstAndBookkeepingIsSkipped) {
  std::vector<SchemaTable> source = {Table("callbacks", {"matches", "persons"}),
                                     Table("changes"),
                                     Table("matches", {"persons"}),
                                     Table("persons", {"persons", "sources"}),
                                     Table("schema_migrations"),
                                     Table("sources")};
  std::vector<SchemaTable> target;
  for (const auto& t : source) target.push_back(Target(t));
  auto plan = PlanCopy(source, target);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(Names(*plan), (std::vector<std::string>{"sources", "persons", "matches", "callbacks"}));
  EXPECT_EQ((*plan)[0].key, std::vector<int>{0});
  EXPECT_TRUE((*plan)[0].has_primary_key);
}

TEST(CopyPlanTest, RefusesSchemasThatDiffer) {
  std::vector<SchemaTable> source = {Table("persons"), Table("extra")};
  std::vector<SchemaTable> target = {Target(Table("persons"))};
  auto plan = PlanCopy(source, target);
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("table extra is in the source"), std::string::npos);

  plan = PlanCopy({Table("persons")}, {Target(Table("persons")), Target(Table("pg_only"))});
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("table pg_only is in the target"), std::string::npos);

  SchemaTable narrow = Target(Table("persons"));
  narrow.columns.pop_back();
  plan = PlanCopy({Table("persons")}, {narrow});
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("column persons.v"), std::string::npos);
}

TEST(CopyPlanTest, KindsComeFromTheTargetsTypes) {
  auto plan = PlanCopy({Table("t", {}, "INTEGER")}, {Target(Table("t"), "boolean")});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ((*plan)[0].columns[1].kind, ColumnKind::kBoolean);
  plan = PlanCopy({Table("t")}, {Target(Table("t"), "timestamp with time zone")});
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("t.id has type timestamp"), std::string::npos);
}

TEST(CopyPlanTest, WithoutAPrimaryKeyEveryColumnOrders) {
  SchemaTable t = Table("log");
  t.columns[0].key_position = 0;
  auto plan = PlanCopy({t}, {Target(t)});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ((*plan)[0].key, (std::vector<int>{0, 1}));
  EXPECT_FALSE((*plan)[0].has_primary_key);
}

TEST(CopyPlanTest, RefusesACycle) {
  auto plan =
      PlanCopy({Table("a", {"b"}), Table("b", {"a"})}, {Target(Table("a")), Target(Table("b"))});
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("a, b form a cycle"), std::string::npos);
}

// The registry's real schema, read back from a migrated SQLite file.
TEST(CopyPlanTest, ReadsTheRegistrysSqliteSchema) {
  std::string path = ::testing::TempDir() + "copy_plan_" + std::to_string(getpid()) + ".db";
  std::filesystem::remove(path);
  ASSERT_TRUE(OpenStore("sqlite:" + path).ok());
  auto conn = sql::OpenSqliteConnection(path);
  ASSERT_TRUE(conn.ok());
  auto schema = ReadSqliteSchema(**conn);
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  auto find = [&](std::string_view name) -> const SchemaTable* {
    for (const auto& t : *schema) {
      if (t.name == name) return &t;
    }
    return nullptr;
  };
  const SchemaTable* names = find("person_names");
  ASSERT_NE(names, nullptr);
  EXPECT_EQ(names->columns[0].name, "person_id");
  EXPECT_EQ(names->columns[0].key_position, 1);
  EXPECT_EQ(names->columns[1].key_position, 2);
  EXPECT_EQ(names->references, (std::vector<std::string>{"persons", "sources"}));
  ASSERT_NE(find("audit_log"), nullptr);
  EXPECT_EQ(find("audit_log")->columns[0].key_position, 1);
  for (const auto& t : *schema) EXPECT_FALSE(t.name.starts_with("sqlite_")) << t.name;
  conn->reset();
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace aftermath::store_copy
