// A thin RAII layer over the SQLite C API: a connection with a cache of prepared statements.
// Every query goes through a prepared statement with bound parameters; no SQL is built from data.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace aftermath::sqlite {

class Statement {
 public:
  // REQUIRES: stmt is a prepared statement owned by a Connection's cache.
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~Statement() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are numbered from 1. Empty optional binds NULL.
  Statement& Bind(int i, std::string_view v);
  Statement& Bind(int i, int64_t v);
  Statement& Bind(int i, double v);
  Statement& BindNull(int i);
  Statement& BindOptional(int i, const std::optional<int>& v);
  // Binds NULL for an empty string (for nullable references).
  Statement& BindNullIfEmpty(int i, std::string_view v);

  // Steps once: true with a row, false when done; the error as a Status.
  Result<bool> Step();
  // Steps to completion of a statement that returns no rows.
  Status Run();

  std::string Text(int col) const;
  int64_t Int(int col) const;
  double Double(int col) const;
  bool IsNull(int col) const;
  std::optional<int> OptionalInt(int col) const;

 private:
  sqlite3_stmt* stmt_;
};

class Connection {
 public:
  // Opens (creating if absent) the database file and applies the connection pragmas: WAL,
  // foreign keys, synchronous=FULL, a busy timeout.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path);
  ~Connection();

  // A cached prepared statement for `sql`, reset when the returned Statement dies.
  Result<std::unique_ptr<Statement>> Prepare(const char* sql);
  // Runs SQL without parameters (BEGIN, COMMIT, migrations).
  Status Exec(const std::string& sql);
  int Changes() const { return sqlite3_changes(db_); }
  sqlite3* handle() { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::map<const char*, sqlite3_stmt*> cache_;  // keyed by the literal's address
};

// Maps an SQLite result code to a Status: constraint failures are AlreadyExists or
// InvalidArgument, busy/locked Unavailable, corruption DataLoss, the rest Internal.
Status ErrorStatus(sqlite3* db, int rc, std::string_view what);

}  // namespace aftermath::sqlite
