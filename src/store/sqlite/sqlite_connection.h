// The SQLite driver for the generic SQL store.
#pragma once

#include <memory>
#include <string>

#include "store/sql/sql_connection.h"

namespace aftermath::sql {

// Opens (creating if absent) the database file with WAL, foreign keys, synchronous=FULL and a
// busy timeout. Unavailable when the file cannot be opened, DataLoss when it is not a database.
Result<std::unique_ptr<Connection>> OpenSqliteConnection(const std::string& path);

}  // namespace aftermath::sql
