// The SQLite driver for the generic SQL store.
#pragma once

#include <memory>
#include <string>

#include "store/sql/sql_connection.h"
#include "store/store.h"

namespace aftermath::sql {

// Opens (creating if absent) the database file with WAL, foreign keys, synchronous=FULL and a
// busy timeout. Unavailable when the file cannot be opened, DataLoss when it is not a database.
// kReadOnly opens an existing file read-only (SQLITE_OPEN_READONLY): it cannot write, checkpoint
// or delete the -wal, and needs the -shm to exist or its directory to be writable.
Result<std::unique_ptr<Connection>> OpenSqliteConnection(
    const std::string& path, StoreAccess access = StoreAccess::kReadWrite);

}  // namespace aftermath::sql
