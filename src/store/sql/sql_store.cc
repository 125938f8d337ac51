#include "store/sql/sql_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <map>
#include <mutex>
#include <set>
#include <span>
#include <thread>
#include <vector>

#include "common/mutex.h"
#include "common/ids.h"

#include "store/sql/sql_transaction.h"
#include "store/paging.h"
#include "store/personal_data.h"


namespace aftermath::sql {
namespace {

constexpr size_t kMaxPooledConnections = 8;

}  // namespace

class SqlStore final : public Store {
 public:
  SqlStore(SqlBackend backend, AuditMacFunction audit_mac, const Clock& clock)
      : backend_(std::move(backend)),
        origin_(TimeOrderedIdGenerator(clock).NewId("origin")),
        audit_mac_(std::move(audit_mac)),
        clock_(clock) {}

  const std::string& Origin() const override { return origin_; }
  const Clock& clock() const { return clock_; }

  std::unique_ptr<ChangeWaiter> WatchChanges() override {
    if (backend_.watch) return backend_.watch();
    return std::make_unique<SleepingWaiter>();
  }

  Result<std::unique_ptr<Transaction>> Begin(TransactionMode mode) override {
    std::unique_lock<std::timed_mutex> writer(writer_mu_, std::defer_lock);
    if (mode != TransactionMode::kRead && backend_.queue_writers &&
        !writer.try_lock_for(kWriterWait)) {
      return Unavailable("the registry is busy writing; try again");
    }
    ASSIGN_OR_RETURN(auto conn, Acquire());
    auto tx = std::make_unique<SqlTransaction>(this, std::move(conn), mode);
    tx->writer_lock_ = std::move(writer);
    RETURN_IF_ERROR(tx->conn_->Begin(mode == TransactionMode::kWrite ? sql::BeginMode::kWrite
                                     : mode == TransactionMode::kBookkeeping
                                         ? sql::BeginMode::kBookkeeping
                                         : sql::BeginMode::kRead));
    tx->open_ = true;
    return std::unique_ptr<Transaction>(std::move(tx));
  }

  Result<int> SchemaVersion() override {
    ASSIGN_OR_RETURN(auto conn, Acquire());
    Result<int> v = ReadVersion(*conn);
    Release(std::move(conn));
    return v;
  }

  int LatestSchemaVersion() const override {
    return static_cast<int>(backend_.migrations.size());
  }

  Status Migrate() override {
    ASSIGN_OR_RETURN(auto conn, Acquire());
    RETURN_IF_ERROR(conn->Begin(sql::BeginMode::kWrite));
    Status s = MigrateLocked(*conn);
    if (s.ok()) s = conn->Commit();
    if (!s.ok()) {
      (void)conn->Rollback();
      return s;
    }
    Release(std::move(conn));
    return Status::Ok();
  }

  std::string Describe() const override { return backend_.description; }

  const AuditMacFunction& AuditMac() const override { return audit_mac_; }

  Status ReclaimSpace() override {
    if (backend_.reclaim_sql.empty()) return Status::Ok();
    ASSIGN_OR_RETURN(auto conn, Acquire());
    RETURN_IF_ERROR(conn->Exec(backend_.reclaim_sql));
    Release(std::move(conn));
    return Status::Ok();
  }

  Result<std::unique_ptr<Connection>> Acquire() {
    {
      MutexLock lock(&mu_);
      while (!pool_.empty()) {
        auto c = std::move(pool_.back());
        pool_.pop_back();
        if (c->Healthy()) return c;
      }
    }
    return backend_.connect();
  }

  void Release(std::unique_ptr<Connection> conn) {
    MutexLock lock(&mu_);
    if (pool_.size() < kMaxPooledConnections && conn->Healthy()) pool_.push_back(std::move(conn));
  }

 private:
  // All steps in one transaction: a failed migration leaves the schema as it was.
  Status MigrateLocked(Connection& conn) {
    RETURN_IF_ERROR(conn.LockForMigration());
    RETURN_IF_ERROR(conn.Exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
        "name TEXT NOT NULL, applied_at TEXT NOT NULL)"));
    ASSIGN_OR_RETURN(int current, ReadVersion(conn));
    const auto& migrations = backend_.migrations;
    if (current > static_cast<int>(migrations.size())) {
      return FailedPrecondition(fmt::format(
          "the database schema is version {}, newer than this build's {}; upgrade aftermath",
          current, migrations.size()));
    }
    for (size_t i = current; i < migrations.size(); ++i) {
      Status s = conn.Exec(std::string(migrations[i].content));
      if (s.ok()) {
        ASSIGN_OR_RETURN(auto stmt, conn.Prepare(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"));
        stmt->Bind(1, int64_t(i + 1)).Bind(2, migrations[i].name).Bind(3, Ts(clock_.Now()));
        s = stmt->Run();
      }
      if (!s.ok()) {
        return Status(s.code(), fmt::format("migration {} failed: {}", migrations[i].name,
                                            s.message()));
      }
    }
    return Status::Ok();
  }

  // 0 for a database that has never been migrated (the drivers report a missing table as
  // NotFound).
  static Result<int> ReadVersion(Connection& conn) {
    auto stmt = conn.Prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
    if (!stmt.ok() && stmt.status().code() == StatusCode::kNotFound) return 0;
    if (!stmt.ok()) return stmt.status();
    auto row = (*stmt)->Step();
    if (!row.ok() && row.status().code() == StatusCode::kNotFound) return 0;
    if (!row.ok()) return row.status();
    return *row ? static_cast<int>((*stmt)->Int(0)) : 0;
  }

  // Without notifications a follower simply polls the feed.
  class SleepingWaiter final : public ChangeWaiter {
   public:
    void Wait(std::chrono::milliseconds timeout) override { std::this_thread::sleep_for(timeout); }
  };

  // As long as SQLite's busy timeout: a writer waits here instead of there.
  static constexpr std::chrono::seconds kWriterWait{10};

  SqlBackend backend_;
  std::string origin_;
  const AuditMacFunction audit_mac_;
  const Clock& clock_;
  std::timed_mutex writer_mu_;
  Mutex mu_;
  std::vector<std::unique_ptr<Connection>> pool_ GUARDED_BY(mu_);
};

SqlTransaction::~SqlTransaction() {
  if (open_) (void)conn_->Rollback();
  if (writer_lock_.owns_lock()) writer_lock_.unlock();
  store_->Release(std::move(conn_));
}

Status SqlTransaction::CheckWritable(WriteKind kind) const {
  if (!open_) return FailedPrecondition("the transaction has ended");
  if (mode_ == TransactionMode::kRead) return FailedPrecondition("a read transaction cannot write");
  // Records go to the change feed, whose order only the writers' lock keeps.
  if (mode_ == TransactionMode::kBookkeeping && kind == WriteKind::kRecord) {
    return FailedPrecondition("a bookkeeping transaction writes only audit rows and sessions");
  }
  return Status::Ok();
}

Status SqlTransaction::RequireWrite(WriteKind kind) {
  RETURN_IF_ERROR(CheckWritable(kind));
  wrote_ = true;
  return Status::Ok();
}

// The audit chain's lock is taken last, after the writers' lock of a write transaction (fixed
// order: no deadlock), and held only for the commit itself.
Status SqlTransaction::Commit() {
  if (!open_) return FailedPrecondition("the transaction has ended");
  if (wrote_ && !audited_) {
    return FailedPrecondition("a change must be committed together with its audit event");
  }
  RETURN_IF_ERROR(WriteChanges());
  RETURN_IF_ERROR(WriteAudit());
  Status s = conn_->Commit();
  if (!s.ok()) return s;
  open_ = false;
  if (writer_lock_.owns_lock()) writer_lock_.unlock();
  return Status::Ok();
}

// ---- the change feed ----

// Written at commit: on PostgreSQL the writers' lock is held by then (bookkeeping transactions
// record no changes), so the feed's seq order is the commit order and a follower never skips an
// earlier commit.
Status SqlTransaction::WriteChanges() {
  if (changes_.empty()) return Status::Ok();
  std::string now = Ts(store_->clock().Now());
  for (const auto& [type, id] : changes_) {
    ASSIGN_OR_RETURN(auto s, conn_->Prepare(
        "INSERT INTO changes (entity_type, entity_id, origin, at) VALUES (?, ?, ?, ?)"));
    s->Bind(1, type).Bind(2, id).Bind(3, store_->Origin()).Bind(4, now);
    RETURN_IF_ERROR(s->Run());
  }
  changes_.clear();
  return Status::Ok();
}

// ---- audit ----

// Only queued here: the chain's lock is taken at commit (WriteAudit), so an import holding the
// writers' lock for minutes holds the chain only for its commit.
Result<AuditEvent> SqlTransaction::AppendAudit(AuditEvent e) {
  RETURN_IF_ERROR(RequireWrite(WriteKind::kBookkeeping));
  audit_.push_back(e);
  audited_ = true;
  return e;
}

// The chain head is one row: updating it takes a row lock until the commit, so appenders on
// several servers are serialised and every row links to the one before it.
Status SqlTransaction::WriteAudit() {
  if (audit_.empty()) return Status::Ok();
  int64_t seq = 0;
  std::string prev_hash;
  {
    ASSIGN_OR_RETURN(
        auto head,
        conn_->Prepare("UPDATE audit_head SET seq = seq + ? WHERE id = 1 RETURNING seq, hash"));
    head->Bind(1, static_cast<int64_t>(audit_.size()));
    ASSIGN_OR_RETURN(bool row, head->Step());
    if (!row) return DataLoss("the audit chain head is missing");
    seq = head->Int(0) - static_cast<int64_t>(audit_.size());
    prev_hash = head->Text(1);
    RETURN_IF_ERROR(head->Run());
  }
  for (AuditEvent& e : audit_) {
    e.seq = ++seq;
    e.prev_hash = std::move(prev_hash);
    e.hash = AuditHash(e);
    e.mac = store_->AuditMac() ? store_->AuditMac()(e.hash) : std::string();
    prev_hash = e.hash;
  }
  // Up to 256 rows a statement: a change of thousands of records (a bank's answer) is as many
  // audit rows, each a round trip of its own on PostgreSQL when inserted one by one.
  static constexpr const char* kHead =
      "INSERT INTO audit_log (seq, at, actor, action, entity_type, entity_id, detail, "
      "prev_hash, hash, mac) VALUES ";
  static constexpr const char* kRow = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  RETURN_IF_ERROR(
      RunRows(kHead, kRow, 10, "", audit_, [](Statement& s, int i, const AuditEvent& e) {
        s.Bind(i, e.seq)
            .Bind(i + 1, Ts(e.at))
            .Bind(i + 2, e.actor)
            .Bind(i + 3, e.action)
            .Bind(i + 4, e.entity_type)
            .Bind(i + 5, e.entity_id)
            .Bind(i + 6, e.detail)
            .Bind(i + 7, e.prev_hash)
            .Bind(i + 8, e.hash)
            .Bind(i + 9, e.mac);
      }));
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("UPDATE audit_head SET hash = ? WHERE id = 1"));
  s->Bind(1, prev_hash);
  RETURN_IF_ERROR(s->Run());
  audit_.clear();
  return Status::Ok();
}

}  // namespace aftermath::sql

namespace aftermath {

using sql::SqlStore;

Result<std::unique_ptr<Store>> OpenSqlStore(SqlBackend backend, const OpenOptions& options) {
  static const SystemClock kSystemClock;  // the default, as leveldb's Env::Default()
  auto store = std::make_unique<SqlStore>(std::move(backend), options.audit_mac,
                                          options.clock ? *options.clock : kSystemClock);
  ASSIGN_OR_RETURN(auto conn, store->Acquire());  // fails early on an unreachable database
  store->Release(std::move(conn));
  if (options.migrate) {
    RETURN_IF_ERROR(store->Migrate());
  } else {
    ASSIGN_OR_RETURN(int v, store->SchemaVersion());
    if (v > store->LatestSchemaVersion()) {
      return FailedPrecondition("the database schema is newer than this build; upgrade aftermath");
    }
  }
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace aftermath
