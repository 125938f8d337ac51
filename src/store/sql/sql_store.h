// The registry's store written once in portable SQL over sql::Connection; each backend supplies
// a way to connect and its own migrations (see store.h for the contract).
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "store/sql/sql_connection.h"
#include "store/store.h"

namespace aftermath {

struct Migration {
  std::string_view name;     // "0001_init.sql"
  std::string_view content;  // SQL, several statements
};

struct SqlBackend {
  std::string description;  // "sqlite:var/aftermath.db", credentials removed
  std::function<Result<std::unique_ptr<sql::Connection>>()> connect;
  std::vector<Migration> migrations;  // in order; version N is migrations[N-1]
  // Run outside a transaction by ReclaimSpace(); empty: nothing to do.
  std::string reclaim_sql;
  // Write transactions of this process queue on a mutex before they begin (SQLite: its busy
  // handler sleeps 1, 2, 5 ... 100 ms between tries, so contending writers in one process would
  // wait far longer than the writes take). Other processes still meet the database's own lock.
  bool queue_writers = false;
  // A waiter woken by other processes' commits; empty: followers poll (see Store::WatchChanges).
  std::function<std::unique_ptr<ChangeWaiter>()> watch;
};

Result<std::unique_ptr<Store>> OpenSqlStore(SqlBackend backend, const OpenOptions& options);

}  // namespace aftermath
