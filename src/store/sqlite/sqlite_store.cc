#include "store/sqlite/sqlite_store.h"

#include <span>

#include "store/sql/sql_store.h"
#include "store/sqlite/sqlite_connection.h"

namespace aftermath {
namespace store_migrations {
struct EmbeddedFile {
  std::string_view name;
  std::string_view content;
};
std::span<const EmbeddedFile> SqliteMigrations();
}  // namespace store_migrations

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const OpenOptions& options) {
  SqlBackend backend;
  backend.description = "sqlite:" + path;
  backend.connect = [path] { return sql::OpenSqliteConnection(path); };
  // TRUNCATE empties the write-ahead log, which still holds old pages with purged data.
  backend.reclaim_sql = "PRAGMA wal_checkpoint(TRUNCATE)";
  backend.queue_writers = true;
  for (const auto& f : store_migrations::SqliteMigrations()) {
    backend.migrations.push_back({f.name, f.content});
  }
  return OpenSqlStore(std::move(backend), options);
}

}  // namespace aftermath
