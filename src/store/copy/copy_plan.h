// Which tables `aftermath copy` moves and in what order. Both schemas are read from the databases
// themselves, not from a list in the code, so a table added by a future migration is copied too
// (or the copy refuses, naming it, when the two schemas disagree).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "store/sql/sql_connection.h"

namespace aftermath::store_copy {

// How a value travels from SQLite to PostgreSQL and is rendered for the checksum; chosen by the
// target column's type.
enum class ColumnKind { kText, kInteger, kBoolean, kReal, kBlob };

// One table as a database describes it.
struct SchemaColumn {
  std::string name;
  std::string type;          // as declared (SQLite) or information_schema's data_type
  int key_position = 0;      // 1-based position in the primary key; 0: not in it
  bool is_sequence = false;  // PostgreSQL: an identity column or one defaulting to nextval()
};
struct SchemaTable {
  std::string name;
  std::vector<SchemaColumn> columns;
  std::vector<std::string> references;  // tables its foreign keys point to
};

// Every table of the SQLite database (internal sqlite_* tables left out), in name order.
Result<std::vector<SchemaTable>> ReadSqliteSchema(sql::Connection& conn);
// Every base table of the PostgreSQL connection's current schema, in name order (keys and
// references are not read: the source's are used).
Result<std::vector<SchemaTable>> ReadPostgresSchema(sql::Connection& conn);

// A table to copy.
struct CopyColumn {
  std::string name;
  ColumnKind kind = ColumnKind::kText;
  bool is_sequence = false;
};
struct CopyTable {
  std::string name;
  std::vector<CopyColumn> columns;  // in the source's order
  std::vector<int> key;             // indexes into columns: the primary key, else every column
  bool has_primary_key = false;
  bool seeded = false;  // see IsSeeded()
};

// Bookkeeping rather than registry data, so never copied or checked: the schema version (the
// target has its own) and the change feed (rebuilt by each server).
bool IsSkipped(std::string_view table);
// Tables the migrations fill with a starting row (the audit chain's head): the target's row is
// replaced by the source's.
bool IsSeeded(std::string_view table);

// ColumnKind for a PostgreSQL data_type; FailedPrecondition for a type copy cannot carry.
Result<ColumnKind> KindOfPostgresType(std::string_view table, const SchemaColumn& column);

// Matches the source's tables to the target's by table and column name and orders them so that
// each comes after the tables it references. FailedPrecondition naming the first difference
// between the schemas, an unknown column type or a cycle of references.
Result<std::vector<CopyTable>> PlanCopy(const std::vector<SchemaTable>& source,
                                        const std::vector<SchemaTable>& target);

}  // namespace aftermath::store_copy
