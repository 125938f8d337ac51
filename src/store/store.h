// The registry's storage, behind one backend-neutral interface. Opened by URL:
// "sqlite:var/aftermath.db" (embedded default) or "postgresql://USER@HOST/DB" (several servers
// sharing one database). A transaction is narrow interfaces per aggregate, one header each.
//
// All access goes through transactions. A write transaction that changed anything must append at
// least one audit event before Commit(), so every change and its audit row land together or not
// at all. A transaction destroyed without Commit() rolls back.
//
// Thread-safety: Store is thread-safe; a Transaction is used by one thread at a time.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "model/records.h"
#include "store/access_records.h"
#include "store/application_records.h"
#include "store/audit_log.h"
#include "store/case_records.h"
#include "store/change_feed.h"
#include "store/commission_records.h"
#include "store/figure_counts.h"
#include "store/payment_records.h"
#include "store/person_records.h"
#include "store/recovery_records.h"
#include "store/retention_records.h"

namespace aftermath {

// One transaction over every aggregate. A holder that needs only one aggregate takes its
// interface (PersonRecords&, AuditLog&, ...) rather than the whole Transaction.
class Transaction : public PersonRecords,
                    public CaseRecords,
                    public AccessRecords,
                    public AuditLog,
                    public ChangeFeed,
                    public RetentionRecords,
                    public FigureCounts,
                    public RecoveryRecords,
                    public ApplicationRecords,
                    public CommissionRecords,
                    public PaymentRecords {
 public:
  ~Transaction() override = default;

  // Makes every write durable (SQLite: synchronous=FULL). FailedPrecondition when the transaction
  // wrote records but no audit event.
  virtual Status Commit() = 0;
};

enum class TransactionMode {
  kRead,
  kWrite,
  // Audit rows, sessions and idempotency keys only (writes of records are refused, nothing goes
  // to the change feed). On PostgreSQL it takes no writer lock, so audited reads and sign-ins
  // never queue behind writes; SQLite, one writer a file, runs it as a write transaction.
  kBookkeeping,
};

class Store {
 public:
  virtual ~Store() = default;
  // A read transaction sees one consistent snapshot; a write transaction excludes other writers;
  // a bookkeeping transaction excludes only writers of the same audit chain, at its commit.
  virtual Result<std::unique_ptr<Transaction>> Begin(TransactionMode mode) = 0;
  // The schema version this store is at, and the newest this build knows.
  virtual Result<int> SchemaVersion() = 0;
  virtual int LatestSchemaVersion() const = 0;
  // Brings the schema to the latest version. Every pending step runs in one transaction, so a
  // failed step leaves the schema as it was; processes migrating at once take turns (SQLite: the
  // write transaction; PostgreSQL: an advisory lock), so each step is applied once.
  virtual Status Migrate() = 0;
  // Returns freed space and removes copies of deleted data outside the main file (SQLite:
  // checkpoints and truncates the write-ahead log). Call after purging personal data.
  virtual Status ReclaimSpace() = 0;
  // Names this open store in the change feed, so a server can skip the changes it made itself.
  virtual const std::string& Origin() const = 0;
  // A waiter for changes committed by other processes. PostgreSQL: LISTEN/NOTIFY on a
  // connection of its own; SQLite: a plain sleep (followers poll the feed).
  virtual std::unique_ptr<ChangeWaiter> WatchChanges() = 0;
  // Human-readable description without credentials ("sqlite:var/aftermath.db").
  virtual std::string Describe() const = 0;
  // The audit MAC this store was opened with (OpenOptions::audit_mac); empty when none.
  virtual const AuditMacFunction& AuditMac() const = 0;
};

// How a process opens the database. SQLite: a writer holds an exclusive lock on "<db>.lock"
// (its pid inside) while the store is open, so a second writer is refused with "in use by pid N"
// instead of meeting the first inside SQLite; a reader opens the file read-only, takes no lock,
// runs beside a writer and never checkpoints or deletes its -wal.
enum class StoreAccess { kReadWrite, kReadOnly };

struct OpenOptions {
  // Apply pending migrations when opening (serve and CLI commands); tests may turn it off.
  // Ignored for kReadOnly, which requires the schema to be at this build's version.
  bool migrate = true;
  // kReadOnly on SQLite: every write fails (the file is open read-only). PostgreSQL does not
  // refuse writes on its own: give read-only commands a role with read-only grants.
  StoreAccess access = StoreAccess::kReadWrite;
  // When set, AppendAudit stores audit_mac(hash) with every row. The key stays with the caller
  // (access/audit_chain.h loads it from a file); the store never sees it.
  AuditMacFunction audit_mac;
  // Dates the change feed and the migrations applied. REQUIRES: outlives the store.
  // nullptr: the system clock.
  const Clock* clock = nullptr;
};

// Opens a store by URL. InvalidArgument for an unknown scheme, Unavailable when the database
// cannot be opened, FailedPrecondition when its schema is newer than this build (read-only: not
// this build's) or, for an SQLite writer, when another process holds the database's lock.
Result<std::unique_ptr<Store>> OpenStore(std::string_view url, const OpenOptions& options = {});

}  // namespace aftermath
