// What the generic SQL store needs from a database driver: connections, prepared statements
// with bound parameters, and transactions. SQLite and PostgreSQL each implement it, so every
// query of the registry is written once (sql_store.cc and sql_<aggregate>.cc).
//
// SQL text uses `?` (numbered in order) or `?N` placeholders; a driver rewrites them to its own
// syntax. Write `CAST(?N AS TEXT) IS NULL` where a parameter's type cannot be inferred.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace aftermath::sql {

class Statement {
 public:
  virtual ~Statement() = default;

  // Parameters are numbered from 1.
  virtual Statement& Bind(int i, std::string_view v) = 0;
  virtual Statement& Bind(int i, int64_t v) = 0;
  virtual Statement& Bind(int i, double v) = 0;
  virtual Statement& BindNull(int i) = 0;
  Statement& BindOptional(int i, const std::optional<int>& v);
  Statement& BindNullIfEmpty(int i, std::string_view v);  // NULL for "" (nullable references)

  // Executes on the first call; true while a row is available, false when done.
  // Constraint violations come back as AlreadyExists (unique) or InvalidArgument (others).
  virtual Result<bool> Step() = 0;
  // Executes a statement that returns no rows.
  Status Run();
  // Rows changed by an INSERT/UPDATE/DELETE after it ran.
  virtual int64_t RowsAffected() const = 0;

  virtual std::string Text(int col) const = 0;
  virtual int64_t Int(int col) const = 0;
  virtual double Double(int col) const = 0;
  virtual bool IsNull(int col) const = 0;
  std::optional<int> OptionalInt(int col) const;
};

// The most rows one statement of RowsSql carries; more are split over several statements.
inline constexpr int kMaxRowsPerStatement = 256;

// `head`, then `rows` copies of `row` separated by ", ", then `tail`: one statement over several
// rows (a multi-row VALUES), so that a batch costs a round trip per up to kMaxRowsPerStatement
// rows instead of one per row. The text lives as long as the process (drivers cache prepared
// statements by its address). REQUIRES: head, row and tail have static storage duration;
// rows >= 1. Thread-safe.
const char* RowsSql(const char* head, const char* row, int rows, const char* tail);
// How many of `left` (> 0) rows the next statement takes: kMaxRowsPerStatement, or the largest
// power of two not above `left`, so that a backend prepares at most 9 texts of each statement.
int RowsInNextStatement(size_t left);

// kWrite excludes other writers (PostgreSQL: the writers' advisory lock); kBookkeeping writes
// without that lock where the database allows it (see TransactionMode::kBookkeeping).
enum class BeginMode { kRead, kWrite, kBookkeeping };

class Connection {
 public:
  virtual ~Connection() = default;
  // `sql` must have static storage duration: drivers cache prepared statements by its address.
  virtual Result<std::unique_ptr<Statement>> Prepare(const char* sql) = 0;
  // Runs SQL without parameters (migrations, several statements allowed).
  virtual Status Exec(const std::string& sql) = 0;
  virtual Status Begin(BeginMode mode) = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
  // Serialises schema migrations between processes sharing the database (no-op where the
  // write transaction already does).
  virtual Status LockForMigration() { return Status::Ok(); }
  // False after the server closed the connection; the pool drops such connections.
  virtual bool Healthy() const { return true; }
};

}  // namespace aftermath::sql
