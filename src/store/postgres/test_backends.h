// Test support: a fresh store URL on each backend, for tests parameterised over SQLite and the
// test PostgreSQL server (scripts/pg-test-cluster.sh). Header-only; link pg_test_database.cc.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>

#include "store/postgres/pg_test_database.h"

namespace aftermath::testing {

struct Backend {
  std::string name;
  std::function<std::string()> make_url;
};
inline void PrintTo(const Backend& backend, std::ostream* os) { *os << backend.name; }

// "sqlite:<dir>/aftermath_<prefix>_<pid>/<n>.db", removed first. <dir> is
// $AFTERMATH_TEST_SQLITE_DIR when set (a tmpfs for long runs), else the temporary directory.
inline std::string TempSqliteUrl(const std::string& prefix) {
  static int n = 0;
  const char* dir_env = std::getenv("AFTERMATH_TEST_SQLITE_DIR");
  std::filesystem::path base = dir_env && *dir_env ? std::filesystem::path(dir_env)
                                                   : std::filesystem::temp_directory_path();
  auto dir = base / ("aftermath_" + prefix + "_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / (std::to_string(++n) + ".db");
  for (const char* extra : {"", "-wal", "-shm", ".lock"}) {
    std::filesystem::remove(path.string() + extra);
  }
  return "sqlite:" + path.string();
}

// A fresh database on the test PostgreSQL server. Fails the test (never skips) without one.
inline std::string TempPostgresUrl() {
  auto url = CreateTestDatabase();
  if (!url.ok()) {
    ADD_FAILURE() << url.status().ToString();
    return "";
  }
  return *url;
}

}  // namespace aftermath::testing
