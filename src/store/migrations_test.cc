// Every backend carries every migration: a schema change for SQLite needs its PostgreSQL twin,
// under the same number and name.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>

namespace aftermath {
namespace {

namespace fs = std::filesystem;

fs::path MigrationsDir() {
  const char* root = std::getenv("AFTERMATH_SOURCE_DIR");
  return fs::path(root && *root ? root : ".") / "src" / "store" / "migrations";
}

std::set<std::string> SqlFiles(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".sql") names.insert(entry.path().filename().string());
  }
  return names;
}

TEST(MigrationsTest, EveryBackendHasTheSameMigrations) {
  fs::path dir = MigrationsDir();
  ASSERT_TRUE(fs::is_directory(dir / "sqlite")) << dir << " (run from the repository root)";
  ASSERT_TRUE(fs::is_directory(dir / "postgres")) << dir;
  std::set<std::string> sqlite = SqlFiles(dir / "sqlite");
  std::set<std::string> postgres = SqlFiles(dir / "postgres");
  EXPECT_FALSE(sqlite.empty());
  for (const auto& name : sqlite) {
    EXPECT_TRUE(postgres.contains(name))
        << "migrations/sqlite/" << name
        << " has no PostgreSQL counterpart: add migrations/postgres/" << name
        << " with the same change in PostgreSQL's dialect";
  }
  for (const auto& name : postgres) {
    EXPECT_TRUE(sqlite.contains(name))
        << "migrations/postgres/" << name << " has no SQLite counterpart in migrations/sqlite/";
  }
}

}  // namespace
}  // namespace aftermath
