// `aftermath copy`: moves a whole SQLite registry into an empty PostgreSQL database in one
// target transaction, and commits only when every table's row count and SHA-256 checksum,
// computed from the source as it is read and from the target before COMMIT, agree.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"

namespace aftermath::store_copy {

struct CopyOptions {
  int rows_per_insert = 500;  // rows in one INSERT statement
  // Progress lines ("persons: 200000 of 1000000 rows"), without a newline. May be empty.
  std::function<void(const std::string&)> progress;
};

struct TableResult {
  std::string table;
  int64_t rows = 0;
  std::string sha256;  // hex, over the rows' canonical form in primary-key order
};

struct CopyResult {
  std::vector<TableResult> tables;  // in copy (foreign-key) order
  std::string target;               // the target's URL without credentials
};

// Copies the registry in the SQLite file at `sqlite_path` into the PostgreSQL database at
// `postgres_url`. The target is migrated to this build's schema first and must hold no registry
// data; the source must already be at this build's schema (copy never writes to it) and is read
// in one snapshot. Errors are one line and name the table; on any error nothing is committed.
Result<CopyResult> CopySqliteToPostgres(const std::string& sqlite_path,
                                        const std::string& postgres_url,
                                        const CopyOptions& options = {});

}  // namespace aftermath::store_copy
