#include "store/copy/registry_copy.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <set>

#include "store/copy/canonical_row.h"
#include "store/copy/copy_plan.h"
#include "store/postgres/pg_connection.h"
#include "store/sqlite/sqlite_connection.h"
#include "store/store.h"

namespace aftermath::store_copy {
namespace {

constexpr int kFetchRows = 5000;            // rows a FETCH from the target's cursor
constexpr int64_t kProgressEvery = 100000;  // rows between progress lines
constexpr int kMaxParameters = 30000;       // an INSERT's; PostgreSQL allows 65535

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

std::string Quote(std::string_view identifier) {
  std::string out = "\"";
  for (char c : identifier) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string Literal(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + '\'';
}

std::string ColumnList(const CopyTable& t) {
  std::string out;
  for (const CopyColumn& c : t.columns) out += (out.empty() ? "" : ", ") + Quote(c.name);
  return out;
}

// Text keys in byte order on both sides (SQLite's BINARY; "C" whatever the database's
// collation) and NULLs first (SQLite's order), so both backends list rows alike.
std::string OrderBy(const CopyTable& t, std::string_view text_collation, std::string_view nulls) {
  std::string out;
  for (int i : t.key) {
    const CopyColumn& c = t.columns[i];
    out += fmt::format("{}{}{}{}", out.empty() ? "" : ", ", Quote(c.name),
                       c.kind == ColumnKind::kText ? text_collation : "", nulls);
  }
  return out;
}

// Each column, then each column's typeof() (see FromSqlite).
std::string SqliteSelect(const CopyTable& t) {
  std::string types;
  for (const CopyColumn& c : t.columns) types += fmt::format(", typeof({})", Quote(c.name));
  return fmt::format("SELECT {}{} FROM {} ORDER BY {}", ColumnList(t), types, Quote(t.name),
                     OrderBy(t, " COLLATE BINARY", ""));
}

std::string PostgresSelect(const CopyTable& t) {
  return fmt::format("SELECT {} FROM {} ORDER BY {}", ColumnList(t), Quote(t.name),
                     OrderBy(t, " COLLATE \"C\"", " NULLS FIRST"));
}

std::string InsertSql(const CopyTable& t, int rows) {
  bool has_sequence = std::any_of(t.columns.begin(), t.columns.end(),
                                  [](const CopyColumn& c) { return c.is_sequence; });
  std::string row = "(?";
  for (size_t i = 1; i < t.columns.size(); ++i) row += ", ?";
  row += ')';
  std::string sql = fmt::format("INSERT INTO {} ({}) {}VALUES ", Quote(t.name), ColumnList(t),
                                // Identity columns take the copied values as they are.
                                has_sequence ? "OVERRIDING SYSTEM VALUE " : "");
  for (int i = 0; i < rows; ++i) sql += (i ? ", " : "") + row;
  return sql;
}

// The first line of a driver's message without libpq's "ERROR:  ": the DETAIL lines that
// follow may quote values, which can be personal data.
std::string DriverMessage(const Status& s) {
  std::string m = s.message();
  m = m.substr(0, m.find('\n'));
  if (size_t e = m.find("ERROR:  "); e != std::string::npos) m = m.substr(e + 8);
  return m;
}

class Copier {
 public:
  Copier(std::unique_ptr<sql::Connection> source, std::unique_ptr<sql::Connection> target,
         const CopyOptions& options)
      : source_(std::move(source)), target_(std::move(target)), options_(options) {}

  Result<std::vector<TableResult>> Run() {
    RETURN_IF_ERROR(source_->Begin(sql::BeginMode::kRead));  // one snapshot throughout
    if (Status s = target_->Begin(sql::BeginMode::kWrite); !s.ok()) {
      // Ending the read snapshot cannot lose anything; the Begin failure is what to report.
      (void)source_->Rollback();
      return s;
    }
    Result<std::vector<TableResult>> copied = CopyAll();
    Status s = copied.ok() ? target_->Commit() : copied.status();
    // After a failure the rollback only discards a half copy: the first error is the one to
    // report. The source was read-only, so ending its snapshot cannot lose anything.
    if (!s.ok()) (void)target_->Rollback();
    (void)source_->Rollback();
    if (!s.ok()) return s;
    return copied;
  }

 private:
  Result<std::vector<TableResult>> CopyAll() {
    ASSIGN_OR_RETURN(std::vector<SchemaTable> source, ReadSqliteSchema(*source_));
    ASSIGN_OR_RETURN(std::vector<SchemaTable> target, ReadPostgresSchema(*target_));
    ASSIGN_OR_RETURN(std::vector<CopyTable> plan, PlanCopy(source, target));
    // Deleting the migrations' chain head first also takes the row lock every writer's audit
    // append needs: no server writes to the target while the copy runs.
    for (const CopyTable& t : plan) {
      if (t.seeded) RETURN_IF_ERROR(target_->Exec(fmt::format("DELETE FROM {}", Quote(t.name))));
    }
    RETURN_IF_ERROR(RequireEmptyTarget(plan));

    Progress(fmt::format("copying {} tables", plan.size()));
    std::vector<TableResult> copied;
    for (const CopyTable& t : plan) {
      ASSIGN_OR_RETURN(TableResult r, CopyRows(t));
      copied.push_back(std::move(r));
    }
    for (const CopyTable& t : plan) RETURN_IF_ERROR(AdvanceSequences(t));

    Progress("verifying the target: row counts and SHA-256 of every table");
    for (size_t i = 0; i < plan.size(); ++i) {
      ASSIGN_OR_RETURN(TableResult landed, ReadTarget(plan[i], static_cast<int>(i)));
      const TableResult& read = copied[i];
      if (landed.rows != read.rows || landed.sha256 != read.sha256) {
        return DataLoss(fmt::format(
            "{} differs after copying: {} rows (sha256 {}) read, {} rows (sha256 {}) in the "
            "target; nothing was committed",
            read.table, read.rows, read.sha256.substr(0, 16), landed.rows,
            landed.sha256.substr(0, 16)));
      }
    }
    Progress("every count and checksum matches; committing");
    return copied;
  }

  Status RequireEmptyTarget(const std::vector<CopyTable>& plan) {
    std::vector<std::string> not_empty;
    for (const CopyTable& t : plan) {
      if (t.seeded) continue;
      ASSIGN_OR_RETURN(
          auto s, target_->Prepare(Keep(fmt::format("SELECT 1 FROM {} LIMIT 1", Quote(t.name)))));
      ASSIGN_OR_RETURN(bool row, s->Step());
      if (row) not_empty.push_back(t.name);
    }
    if (not_empty.empty()) return Status::Ok();
    return FailedPrecondition(fmt::format(
        "the target already holds registry data (not empty: {}); copy only into a new, empty "
        "database",
        fmt::join(not_empty, ", ")));
  }

  Result<TableResult> CopyRows(const CopyTable& t) {
    Clock::time_point start = Clock::now();
    int64_t total = 0;
    {
      ASSIGN_OR_RETURN(
          auto count,
          source_->Prepare(Keep(fmt::format("SELECT count(*) FROM {}", Quote(t.name)))));
      ASSIGN_OR_RETURN(bool row, count->Step());
      if (row) total = count->Int(0);
    }
    ASSIGN_OR_RETURN(auto rows, source_->Prepare(Keep(SqliteSelect(t))));
    const int n = static_cast<int>(t.columns.size());
    const size_t per_insert =
        static_cast<size_t>(std::clamp(options_.rows_per_insert, 1, kMaxParameters / n)) * n;
    TableDigest digest;
    std::vector<Value> batch;
    batch.reserve(per_insert);
    int64_t row = 0;
    for (;;) {
      ASSIGN_OR_RETURN(bool more, rows->Step());
      if (!more) break;
      ++row;
      size_t at = batch.size();
      for (int c = 0; c < n; ++c) {
        Result<Value> v = FromSqlite(*rows, c, n + c, t.columns[c].kind);
        if (!v.ok()) {
          return InvalidArgument(fmt::format("{} {}: column {} {}", t.name, RowName(t, *rows, row),
                                             t.columns[c].name, v.status().message()));
        }
        batch.push_back(std::move(*v));
      }
      digest.AddRow(std::span<const Value>(batch).subspan(at));
      if (batch.size() == per_insert) {
        RETURN_IF_ERROR(Insert(t, batch, row));
        batch.clear();
      }
      if (row % kProgressEvery == 0) {
        Progress(fmt::format("  {}: {} of {} rows", t.name, row, total));
      }
    }
    if (!batch.empty()) RETURN_IF_ERROR(Insert(t, batch, row));
    Progress(fmt::format("  {}: {} rows copied in {:.1f} s", t.name, row, Seconds(start)));
    return TableResult{.table = t.name, .rows = digest.rows(), .sha256 = digest.Finish()};
  }

  // "row 12 (id 'per_…')": its place in key order and, for a table with a primary key, the key
  // (ids and sequence numbers, not personal data).
  static std::string RowName(const CopyTable& t, const sql::Statement& s, int64_t row) {
    if (!t.has_primary_key) return fmt::format("row {} in column order", row);
    std::string key;
    for (int i : t.key) {
      key += fmt::format("{}{} '{}'", key.empty() ? "" : ", ", t.columns[i].name,
                         s.Text(i).substr(0, 64));
    }
    return fmt::format("row {} ({})", row, key);
  }

  // Sends the rows in `batch` (the last of which is row `last_row`) in one INSERT.
  Status Insert(const CopyTable& t, const std::vector<Value>& batch, int64_t last_row) {
    const int n = static_cast<int>(t.columns.size());
    const int rows = static_cast<int>(batch.size()) / n;
    ASSIGN_OR_RETURN(auto s, target_->Prepare(Keep(InsertSql(t, rows))));
    for (size_t i = 0; i < batch.size(); ++i) {
      int param = static_cast<int>(i) + 1;
      if (batch[i]) {
        s->Bind(param, PostgresInput(*batch[i], t.columns[i % n].kind));
      } else {
        s->BindNull(param);
      }
    }
    Status st = s->Run();
    if (st.ok()) return st;
    return Status(st.code(), fmt::format("cannot insert rows {}-{} of {}: {}", last_row - rows + 1,
                                         last_row, t.name, DriverMessage(st)));
  }

  // Sequences past the copied values, so that new rows do not collide with them.
  Status AdvanceSequences(const CopyTable& t) {
    for (const CopyColumn& c : t.columns) {
      if (!c.is_sequence) continue;
      ASSIGN_OR_RETURN(
          auto s, target_->Prepare(Keep(fmt::format("SELECT setval(pg_get_serial_sequence({}, {}), "
                                                    "coalesce(max({}), 0) + 1, false) FROM {}",
                                                    Literal(Quote(t.name)), Literal(c.name),
                                                    Quote(c.name), Quote(t.name)))));
      ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row || s->IsNull(0)) {
        return FailedPrecondition(
            fmt::format("cannot find the sequence of {}.{} in the target", t.name, c.name));
      }
    }
    return Status::Ok();
  }

  // Count and checksum of the table as the target holds it now, read through a cursor in
  // batches (libpq would otherwise hold the whole result in memory).
  Result<TableResult> ReadTarget(const CopyTable& t, int index) {
    std::string cursor = fmt::format("aftermath_copy_{}", index);
    RETURN_IF_ERROR(target_->Exec(
        fmt::format("DECLARE {} NO SCROLL CURSOR FOR {}", cursor, PostgresSelect(t))));
    const char* fetch = Keep(fmt::format("FETCH FORWARD {} FROM {}", kFetchRows, cursor));
    const int n = static_cast<int>(t.columns.size());
    TableDigest digest;
    std::vector<Value> row(n);
    for (;;) {
      ASSIGN_OR_RETURN(auto s, target_->Prepare(fetch));
      int got = 0;
      for (;;) {
        ASSIGN_OR_RETURN(bool more, s->Step());
        if (!more) break;
        ++got;
        for (int c = 0; c < n; ++c) {
          ASSIGN_OR_RETURN(row[c], FromPostgres(*s, c, t.columns[c].kind));
        }
        digest.AddRow(row);
      }
      if (got < kFetchRows) break;
    }
    RETURN_IF_ERROR(target_->Exec("CLOSE " + cursor));
    return TableResult{.table = t.name, .rows = digest.rows(), .sha256 = digest.Finish()};
  }

  // Generated SQL lives as long as the connections: drivers cache prepared statements by the
  // address of their text.
  const char* Keep(std::string sql) { return sql_.insert(std::move(sql)).first->c_str(); }

  void Progress(const std::string& line) {
    if (options_.progress) options_.progress(line);
  }

  std::set<std::string> sql_;  // declared first: destroyed after the connections
  std::unique_ptr<sql::Connection> source_;
  std::unique_ptr<sql::Connection> target_;
  CopyOptions options_;
};

}  // namespace

Result<CopyResult> CopySqliteToPostgres(const std::string& sqlite_path,
                                        const std::string& postgres_url,
                                        const CopyOptions& options) {
  // Opening would create a missing file.
  std::error_code ec;
  if (!std::filesystem::is_regular_file(sqlite_path, ec)) {
    return NotFound(fmt::format("no SQLite database at '{}'", sqlite_path));
  }
  const std::string from = "sqlite:" + sqlite_path;
  {
    ASSIGN_OR_RETURN(auto source, OpenStore(from, {.migrate = false}));
    ASSIGN_OR_RETURN(int version, source->SchemaVersion());
    if (version == 0) {
      return FailedPrecondition(
          fmt::format("'{}' is not an aftermath registry (it has no schema)", sqlite_path));
    }
    if (version < source->LatestSchemaVersion()) {
      return FailedPrecondition(fmt::format(
          "the source's schema is version {}, this build's is {}: run `aftermath migrate --db "
          "{}` first (copy does not change its source)",
          version, source->LatestSchemaVersion(), from));
    }
  }
  CopyResult result;
  {
    ASSIGN_OR_RETURN(auto target, OpenStore(postgres_url));  // migrates
    result.target = target->Describe();
  }
  if (options.progress) options.progress(fmt::format("copying {} into {}", from, result.target));
  ASSIGN_OR_RETURN(auto source, sql::OpenSqliteConnection(sqlite_path));
  ASSIGN_OR_RETURN(auto target, sql::OpenPostgresConnection(postgres_url));
  RETURN_IF_ERROR(target->Exec("SET bytea_output = 'hex'"));  // what FromPostgres reads
  Copier copier(std::move(source), std::move(target), options);
  ASSIGN_OR_RETURN(result.tables, copier.Run());
  return result;
}

}  // namespace aftermath::store_copy
