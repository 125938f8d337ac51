// The PostgreSQL (libpq) driver for the generic SQL store.
//
// Unlike SQLite, PostgreSQL refuses every statement after a failed one until ROLLBACK, and a
// COMMIT there rolls back (reported as Aborted): a transaction must not carry on after an error.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "store/sql/sql_connection.h"

namespace aftermath::sql {

// The advisory lock every write transaction holds until it ends: writers exclude each other
// across servers, as store.h promises (SQLite's single writer). Matching two servers at once then
// proposes a pair once, and the change feed's seq order is the commit order. Bookkeeping
// transactions (audit rows of reads, sessions) do not take it.
inline constexpr int64_t kWriterLockKey = 0x61667465726d6175;

// Connects to a libpq connection string or URI ("postgresql://user@host:5432/db").
// Unavailable when the server cannot be reached or refuses the login.
Result<std::unique_ptr<Connection>> OpenPostgresConnection(const std::string& url);

// Rewrites `?` (numbered in order of appearance, as SQLite does: one more than the highest number
// so far) and `?N` placeholders to PostgreSQL's `$N`, leaving string literals, quoted identifiers
// and comments alone. Stores the highest parameter number in `*param_count`.
std::string RewritePlaceholders(std::string_view sql, int* param_count);

}  // namespace aftermath::sql
