#include "store/postgres/pg_store.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <span>

#include "store/postgres/pg_change_waiter.h"
#include "store/postgres/pg_connection.h"
#include "store/sql/sql_store.h"

namespace aftermath {
namespace store_migrations {
struct EmbeddedFile {
  std::string_view name;
  std::string_view content;
};
std::span<const EmbeddedFile> PostgresMigrations();
}  // namespace store_migrations

Result<std::string> DescribePostgresUrl(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (options == nullptr) {
    std::string msg = error ? error : "out of memory";
    PQfreemem(error);
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    return InvalidArgument(fmt::format("not a PostgreSQL URL: {}", msg), "db");
  }
  std::string user, host, port, dbname;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr) continue;
    std::string_view key = o->keyword;
    if (key == "user") user = o->val;
    if (key == "host") host = o->val;
    if (key == "port") port = o->val;
    if (key == "dbname") dbname = o->val;
  }
  PQconninfoFree(options);
  return fmt::format("postgresql://{}{}{}{}/{}", user, user.empty() ? "" : "@", host,
                     port.empty() ? "" : ":" + port, dbname);
}

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url,
                                                 const OpenOptions& options) {
  SqlBackend backend;
  ASSIGN_OR_RETURN(backend.description, DescribePostgresUrl(url));
  backend.connect = [url] { return sql::OpenPostgresConnection(url); };
  // Removes the dead row versions an UPDATE or DELETE leaves behind, so purged personal data can
  // no longer be read from the tables; its bytes stay in free space until reused (VACUUM FULL
  // rewrites the files), and in WAL segments and backups until they are recycled.
  backend.reclaim_sql = "VACUUM";
  backend.watch = [url] { return MakePgChangeWaiter(url); };
  for (const auto& f : store_migrations::PostgresMigrations()) {
    backend.migrations.push_back({f.name, f.content});
  }
  return OpenSqlStore(std::move(backend), options);
}

}  // namespace aftermath
