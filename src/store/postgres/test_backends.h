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
// TempSqliteUrlIn names the directory instead.
inline std::string TempSqliteUrlIn(const std::filesystem::path& base, const std::string& prefix) {
  static int n = 0;
  auto dir = base / ("aftermath_" + prefix + "_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / (std::to_string(++n) + ".db");
  for (const char* extra : {"", "-wal", "-shm", ".lock"}) {
    std::filesystem::remove(path.string() + extra);
  }
  return "sqlite:" + path.string();
}
inline std::string TempSqliteUrl(const std::string& prefix) {
  const char* dir_env = std::getenv("AFTERMATH_TEST_SQLITE_DIR");
  return TempSqliteUrlIn(dir_env && *dir_env ? std::filesystem::path(dir_env)
                                             : std::filesystem::temp_directory_path(),
                         prefix);
}

// As TempSqliteUrl, but in RAM (/dev/shm) when the machine has that tmpfs and
// $AFTERMATH_TEST_SQLITE_DIR is not set: for long property runs, where the store's fsync per
// commit (synchronous=FULL) on a disk would be most of the time and durability across power
// loss is not what they test. The database is real SQLite all the same (WAL, the same pragmas).
// Remove it with RemoveSqliteFiles when done: it takes memory.
inline std::string TempSqliteUrlInRam(const std::string& prefix) {
  const char* dir_env = std::getenv("AFTERMATH_TEST_SQLITE_DIR");
  std::error_code ec;
  if ((!dir_env || !*dir_env) && std::filesystem::is_directory("/dev/shm", ec) &&
      ::access("/dev/shm", W_OK) == 0) {
    return TempSqliteUrlIn("/dev/shm", prefix);
  }
  return TempSqliteUrl(prefix);
}

// Deletes the files of a "sqlite:<path>" database (and its -wal, -shm), and its directory
// when that is then empty. Does nothing for other URLs.
inline void RemoveSqliteFiles(const std::string& url) {
  if (url.rfind("sqlite:", 0) != 0) return;
  std::filesystem::path path = url.substr(7);
  std::error_code ec;
  for (const char* extra : {"", "-wal", "-shm", ".lock"}) {
    std::filesystem::remove(path.string() + extra, ec);
  }
  if (std::filesystem::is_empty(path.parent_path(), ec)) {
    std::filesystem::remove(path.parent_path(), ec);
  }
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
