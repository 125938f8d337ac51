#include "store/postgres/pg_connection.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <charconv>
#include <cstring>
#include <map>
#include <vector>

namespace aftermath::sql {
namespace {

// Any constant works as long as every aftermath process uses the same one ("aftermat").
constexpr int64_t kMigrationLockKey = 0x61667465726d6174;

Status ErrorStatus(PGconn* conn, const PGresult* res, std::string_view what) {
  const char* from_result = res ? PQresultErrorMessage(res) : "";
  std::string detail = *from_result ? from_result : PQerrorMessage(conn);
  while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
  std::string msg = fmt::format("{}: {}", what, detail);
  if (PQstatus(conn) != CONNECTION_OK) return Unavailable(msg);
  const char* field = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string_view state = field ? field : "";
  if (state == "23505") return AlreadyExists(msg);
  if (state.starts_with("23")) return InvalidArgument(msg);
  // Data exceptions (invalid UTF-8, out-of-range numbers) come from the values we were given.
  if (state.starts_with("22")) return InvalidArgument(msg);
  if (state == "42P01") return NotFound(msg);  // undefined table: an unmigrated database
  if (state == "40001" || state == "40P01") return Aborted(msg);
  // Connection errors, a server shutting down or starting, too many connections: try again later.
  if (state.starts_with("08") || state.starts_with("57P0") || state == "53300") {
    return Unavailable(msg);
  }
  return Internal(msg);
}

// Owns a PGresult; PQclear accepts nullptr.
struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

struct PreparedInfo {
  std::string name;
  int param_count = 0;
};

int64_t ParseInt(const char* p, int len) {
  int64_t v = 0;
  std::from_chars(p, p + len, v);
  return v;
}

class PgStatement final : public Statement {
 public:
  PgStatement(PGconn* conn, const PreparedInfo& info)
      : conn_(conn), info_(info), values_(info.param_count), bound_(info.param_count, false) {}

  Statement& Bind(int i, std::string_view v) override {
    if (!InRange(i)) return *this;
    // libpq passes text parameters as C strings; a NUL would silently cut the value short.
    if (v.find('\0') != std::string_view::npos) {
      bind_error_ = InvalidArgument(fmt::format("parameter {} contains a NUL character", i));
    }
    values_[i - 1].assign(v.data(), v.size());
    bound_[i - 1] = true;
    return *this;
  }
  Statement& Bind(int i, int64_t v) override {
    return Bind(i, std::string_view(fmt::format("{}", v)));
  }
  Statement& Bind(int i, double v) override {
    return Bind(i, std::string_view(fmt::format("{}", v)));
  }
  Statement& BindNull(int i) override {
    if (InRange(i)) bound_[i - 1] = false;
    return *this;
  }

  Result<bool> Step() override {
    if (!executed_) {
      executed_ = true;
      if (!bind_error_.ok()) return bind_error_;
      std::vector<const char*> params(values_.size());
      for (size_t i = 0; i < values_.size(); ++i) {
        params[i] = bound_[i] ? values_[i].c_str() : nullptr;  // unbound means NULL, as in SQLite
      }
      result_.reset(PQexecPrepared(conn_, info_.name.c_str(), static_cast<int>(params.size()),
                                   params.data(), nullptr, nullptr, 0));
      ExecStatusType st = PQresultStatus(result_.get());
      if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        error_ = ErrorStatus(conn_, result_.get(), "query failed");
        return error_;
      }
      rows_ = st == PGRES_TUPLES_OK ? PQntuples(result_.get()) : 0;
      const char* affected = PQcmdTuples(result_.get());
      rows_affected_ = ParseInt(affected, static_cast<int>(std::strlen(affected)));
    }
    if (!error_.ok()) return error_;
    if (row_ + 1 < rows_) {
      ++row_;
      return true;
    }
    row_ = rows_;
    return false;
  }
  int64_t RowsAffected() const override { return rows_affected_; }

  std::string Text(int col) const override {
    if (!HasRow()) return {};
    return std::string(PQgetvalue(result_.get(), row_, col), PQgetlength(result_.get(), row_, col));
  }
  int64_t Int(int col) const override {
    if (!HasRow()) return 0;
    return ParseInt(PQgetvalue(result_.get(), row_, col), PQgetlength(result_.get(), row_, col));
  }
  double Double(int col) const override {
    if (!HasRow()) return 0;
    const char* p = PQgetvalue(result_.get(), row_, col);
    double v = 0;
    std::from_chars(p, p + PQgetlength(result_.get(), row_, col), v);  // locale-independent
    return v;
  }
  bool IsNull(int col) const override { return !HasRow() || PQgetisnull(result_.get(), row_, col); }

 private:
  bool InRange(int i) const { return i >= 1 && i <= info_.param_count; }
  bool HasRow() const { return result_ && row_ >= 0 && row_ < rows_; }

  PGconn* conn_;
  const PreparedInfo& info_;
  std::vector<std::string> values_;
  std::vector<bool> bound_;
  Status bind_error_;
  bool executed_ = false;
  Status error_;
  ResultPtr result_;
  int rows_ = 0;
  int row_ = -1;
  int64_t rows_affected_ = 0;
};

class PgConnection final : public Connection {
 public:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  ~PgConnection() override { PQfinish(conn_); }

  // Prepared once per connection under a generated name; the server keeps the plan for the
  // session, whatever happens to the transaction it was prepared in.
  Result<std::unique_ptr<Statement>> Prepare(const char* sql) override {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
      PreparedInfo info;
      std::string text = RewritePlaceholders(sql, &info.param_count);
      info.name = fmt::format("aftermath_{}", cache_.size() + 1);
      ResultPtr res(PQprepare(conn_, info.name.c_str(), text.c_str(), 0, nullptr));
      if (PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
        return ErrorStatus(conn_, res.get(), "cannot prepare statement");
      }
      it = cache_.emplace(sql, std::move(info)).first;
    }
    return std::unique_ptr<Statement>(new PgStatement(conn_, it->second));
  }

  // The simple query protocol runs several statements in one call and stops at the first error.
  Status Exec(const std::string& sql) override {
    ResultPtr res(PQexec(conn_, sql.c_str()));
    return Check(res.get(), "statement failed");
  }

  // Writers hold the writers' lock (and row locks as they update), so READ COMMITTED suffices;
  // readers get one snapshot. Bookkeeping (audit rows of reads, sessions, idempotency keys) takes
  // no writers' lock: it writes nothing the change feed carries, and the audit chain has a lock
  // of its own, its head row, taken at commit (sql_store.cc).
  Status Begin(BeginMode mode) override {
    static const std::string write_sql =
        fmt::format("BEGIN; SELECT pg_advisory_xact_lock({})", kWriterLockKey);
    std::string sql = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
    if (mode == BeginMode::kWrite) sql = write_sql;
    if (mode == BeginMode::kBookkeeping) sql = "BEGIN";
    Status s = Exec(sql);
    if (s.ok() || PQstatus(conn_) == CONNECTION_OK) return s;
    // An idle pooled connection the server closed (restart, idle timeout, terminated backend):
    // nothing of the transaction is lost yet, so reconnect once. The new session has no
    // prepared statements.
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) return s;
    cache_.clear();
    return Exec(sql);
  }

  Status Commit() override {
    ResultPtr res(PQexec(conn_, "COMMIT"));
    RETURN_IF_ERROR(Check(res.get(), "commit failed"));
    // COMMIT of a transaction that already failed succeeds but rolls back.
    if (std::string_view(PQcmdStatus(res.get())) == "ROLLBACK") {
      return Aborted("the transaction was rolled back after an earlier error");
    }
    return Status::Ok();
  }

  Status Rollback() override { return Exec("ROLLBACK"); }

  Status LockForMigration() override {
    return Exec(fmt::format("SELECT pg_advisory_xact_lock({})", kMigrationLockKey));
  }

  // A connection left inside a transaction must not be handed out again either.
  bool Healthy() const override {
    return PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE;
  }

 private:
  Status Check(const PGresult* res, std::string_view what) {
    switch (PQresultStatus(res)) {
      case PGRES_COMMAND_OK:
      case PGRES_TUPLES_OK:
      case PGRES_EMPTY_QUERY:
        return Status::Ok();
      default:
        return ErrorStatus(conn_, res, what);
    }
  }

  PGconn* conn_;
  std::map<const char*, PreparedInfo> cache_;  // keyed by the SQL literal's address
};

void IgnoreNotice(void*, const char*) {}  // "relation already exists, skipping" and the like

}  // namespace

std::string RewritePlaceholders(std::string_view sql, int* param_count) {
  std::string out;
  out.reserve(sql.size() + 16);
  int highest = 0;
  size_t i = 0;
  auto copy_until = [&](std::string_view end) {  // copies through the next `end` (or the rest)
    size_t stop = sql.find(end, i);
    stop = stop == std::string_view::npos ? sql.size() : stop + end.size();
    out.append(sql.substr(i, stop - i));
    i = stop;
  };
  while (i < sql.size()) {
    char c = sql[i];
    if (c == '\'' || c == '"') {
      // A doubled quote inside a literal closes and reopens it, which copies out the same.
      out.push_back(c);
      ++i;
      copy_until(std::string_view(&sql[i - 1], 1));
    } else if (sql.substr(i, 2) == "--") {
      copy_until("\n");
    } else if (sql.substr(i, 2) == "/*") {
      copy_until("*/");
    } else if (c == '?') {
      size_t j = i + 1;
      while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') ++j;
      int n = highest + 1;
      if (j > i + 1) std::from_chars(sql.data() + i + 1, sql.data() + j, n);
      highest = std::max(highest, n);
      out += fmt::format("${}", n);
      i = j;
    } else {
      out.push_back(c);
      ++i;
    }
  }
  if (param_count) *param_count = highest;
  return out;
}

Result<std::unique_ptr<Connection>> OpenPostgresConnection(const std::string& url) {
  // Later keywords override earlier ones, so the URL (expanded from dbname) wins over defaults.
  const char* keys[] = {"connect_timeout", "fallback_application_name", "client_encoding", "dbname",
                        nullptr};
  const char* values[] = {"10", "aftermath", "UTF8", url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (conn == nullptr) return Unavailable("cannot connect to PostgreSQL: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    PQfinish(conn);
    return Unavailable(fmt::format("cannot connect to PostgreSQL: {}", msg));
  }
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  return std::unique_ptr<Connection>(new PgConnection(conn));
}

}  // namespace aftermath::sql
