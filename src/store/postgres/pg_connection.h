// The PostgreSQL (libpq) driver for the generic SQL store.
//
// Unlike SQLite, PostgreSQL refuses every statement after a failed one until ROLLBACK, and a
// COMMIT there rolls back (reported as Aborted): a transaction must not carry on after an error.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "store/sql/sql_connection.h"

namespace aftermath::sql {

// Connects to a libpq connection string or URI ("postgresql://user@host:5432/db").
// Unavailable when the server cannot be reached or refuses the login.
Result<std::unique_ptr<Connection>> OpenPostgresConnection(const std::string& url);

// Rewrites `?` (numbered in order of appearance, as SQLite does: one more than the highest number
// so far) and `?N` placeholders to PostgreSQL's `$N`, leaving string literals, quoted identifiers
// and comments alone. Stores the highest parameter number in `*param_count`.
std::string RewritePlaceholders(std::string_view sql, int* param_count);

}  // namespace aftermath::sql
