#include "store/sqlite/sqlite_connection.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <map>

namespace aftermath::sql {
namespace {

Status ErrorStatus(sqlite3* db, int rc, std::string_view what) {
  std::string msg = fmt::format("{}: {}", what, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  if ((rc & 0xff) == SQLITE_ERROR && msg.find("no such table") != std::string::npos) {
    return NotFound(msg);
  }
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return AlreadyExists(msg);
      }
      return InvalidArgument(msg);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
      return Unavailable(msg);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return DataLoss(msg);
    default:
      return Internal(msg);
  }
}

class SqliteStatement final : public Statement {
 public:
  explicit SqliteStatement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~SqliteStatement() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  Statement& Bind(int i, std::string_view v) override {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& Bind(int i, int64_t v) override {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Statement& Bind(int i, double v) override {
    sqlite3_bind_double(stmt_, i, v);
    return *this;
  }
  Statement& BindNull(int i) override {
    sqlite3_bind_null(stmt_, i);
    return *this;
  }

  Result<bool> Step() override {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    sqlite3* db = sqlite3_db_handle(stmt_);
    if (rc == SQLITE_DONE) {
      rows_affected_ = sqlite3_changes(db);
      return false;
    }
    return ErrorStatus(db, sqlite3_extended_errcode(db), "query failed");
  }
  int64_t RowsAffected() const override { return rows_affected_; }

  std::string Text(int col) const override {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string(p, sqlite3_column_bytes(stmt_, col)) : std::string();
  }
  int64_t Int(int col) const override { return sqlite3_column_int64(stmt_, col); }
  double Double(int col) const override { return sqlite3_column_double(stmt_, col); }
  bool IsNull(int col) const override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  sqlite3_stmt* stmt_;
  int64_t rows_affected_ = 0;
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Result<std::unique_ptr<Statement>> Prepare(const char* sql) override {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
      sqlite3_stmt* stmt = nullptr;
      int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK) return ErrorStatus(db_, rc, "cannot prepare statement");
      it = cache_.emplace(sql, stmt).first;
    }
    return std::unique_ptr<Statement>(new SqliteStatement(it->second));
  }

  Status Exec(const std::string& sql) override {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    if (rc == SQLITE_OK) return Status::Ok();
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    return Status(ErrorStatus(nullptr, sqlite3_extended_errcode(db_), "").code(), msg);
  }

  // IMMEDIATE takes the write lock up front so two writers never deadlock on lock upgrade.
  Status Begin(BeginMode mode) override {
    // One writer a file: bookkeeping takes the write lock as any write does.
    return Exec(mode == BeginMode::kRead ? "BEGIN" : "BEGIN IMMEDIATE");
  }
  Status Commit() override { return Exec("COMMIT"); }
  Status Rollback() override { return Exec("ROLLBACK"); }

 private:
  sqlite3* db_;
  std::map<const char*, sqlite3_stmt*> cache_;  // keyed by the SQL literal's address
};

}  // namespace

Result<std::unique_ptr<Connection>> OpenSqliteConnection(const std::string& path,
                                                         StoreAccess access) {
  const bool read_only = access == StoreAccess::kReadOnly;
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_NOMUTEX |
              (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status s = ErrorStatus(db, rc, fmt::format("cannot open database '{}'", path));
    sqlite3_close(db);
    return s;
  }
  auto conn = std::make_unique<SqliteConnection>(db);
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 10000);
  if (read_only) {
    // A reader beside a server must never act as the last connection: closing it would
    // checkpoint and delete the -wal the server still writes to.
    sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    RETURN_IF_ERROR(conn->Exec("PRAGMA query_only=ON"));
  } else {
    // WAL lets readers run beside the writer; FULL makes an acknowledged commit survive power
    // loss.
    RETURN_IF_ERROR(conn->Exec("PRAGMA journal_mode=WAL"));
  }
  RETURN_IF_ERROR(conn->Exec("PRAGMA synchronous=FULL"));
  RETURN_IF_ERROR(conn->Exec("PRAGMA foreign_keys=ON"));
  // Deleted or overwritten personal data is zeroed in the file, not left in free pages.
  RETURN_IF_ERROR(conn->Exec("PRAGMA secure_delete=ON"));
  // Random public ids scatter inserts over the B-trees; a larger page cache keeps imports of
  // millions of rows from going to disk for every row (64 MiB a connection).
  RETURN_IF_ERROR(conn->Exec("PRAGMA cache_size=-65536"));
  // Checkpoint every 64 MiB of log rather than 4 MiB: fewer fsyncs of the main file.
  RETURN_IF_ERROR(conn->Exec("PRAGMA wal_autocheckpoint=16384"));
  return std::unique_ptr<Connection>(std::move(conn));
}

}  // namespace aftermath::sql
