// Rows in one canonical form for the copy's checksums: two values render the same exactly when
// they are equal, whichever backend they were read from (SQLite's 0/1 and PostgreSQL's f/t, a
// double's text forms, NULL and '' kept apart).
#pragma once

#include <sodium.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "common/status.h"
#include "store/copy/copy_plan.h"
#include "store/sql/sql_connection.h"

namespace aftermath::store_copy {

// A value in canonical form: the text itself; an integer in decimal; a boolean as 0 or 1; a
// double in the shortest form that reads back exactly; a blob in lower-case hex. nullopt: NULL.
using Value = std::optional<std::string>;

// Column `col` of an SQLite row whose typeof() is in column `type_col`. InvalidArgument, without
// the value (it may be personal data), when the stored type does not fit `kind`: SQLite stores
// whatever it is given, PostgreSQL would refuse or silently convert it.
Result<Value> FromSqlite(const sql::Statement& row, int col, int type_col, ColumnKind kind);
// Column `col` of a PostgreSQL row, as libpq's text format gives it.
Result<Value> FromPostgres(const sql::Statement& row, int col, ColumnKind kind);
// The text PostgreSQL takes as input for a canonical value.
std::string PostgresInput(const std::string& canonical, ColumnKind kind);

// Row count and SHA-256 over the rows' canonical forms, in the order they are added.
class TableDigest {
 public:
  TableDigest();
  void AddRow(std::span<const Value> row);
  int64_t rows() const { return rows_; }
  // Lower-case hex; call once, after the last row.
  std::string Finish();

 private:
  crypto_hash_sha256_state state_;
  int64_t rows_ = 0;
};

}  // namespace aftermath::store_copy
