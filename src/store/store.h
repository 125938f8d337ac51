// The registry's storage, behind one backend-neutral interface. Opened by URL:
// "sqlite:var/aftermath.db" (embedded default); "postgres://..." arrives with its own backend.
//
// All access goes through transactions. A write transaction that changed anything must append at
// least one audit event before Commit(), so every change and its audit row land together or not
// at all. A transaction destroyed without Commit() rolls back.
//
// Thread-safety: Store is thread-safe; a Transaction is used by one thread at a time.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "model/records.h"

namespace aftermath {

struct PersonFilter {
  std::optional<PersonStatus> status;
};

struct InquiryFilter {
  std::optional<InquiryState> state;
};

struct ReportFilter {
  std::string person_id;  // empty: all
  std::string source_id;  // empty: all
};

class Transaction {
 public:
  virtual ~Transaction() = default;

  // Reads. NotFound when the id is unknown.
  virtual Result<Person> GetPerson(std::string_view id) = 0;
  virtual Result<Page<Person>> ListPersons(const PersonFilter& filter, const PageRequest& page) = 0;
  virtual Result<Report> GetReport(std::string_view id) = 0;
  // The report a source sent under its own record id, if any.
  virtual Result<std::optional<Report>> FindReportByExternalId(std::string_view source_id,
                                                               std::string_view external_id) = 0;
  virtual Result<Page<Report>> ListReports(const ReportFilter& filter, const PageRequest& page) = 0;
  virtual Result<std::vector<StatusEvent>> ListStatusEvents(std::string_view person_id) = 0;
  virtual Result<Inquiry> GetInquiry(std::string_view id) = 0;
  virtual Result<Page<Inquiry>> ListInquiries(const InquiryFilter& filter,
                                              const PageRequest& page) = 0;
  virtual Result<Source> GetSource(std::string_view id) = 0;
  virtual Result<std::optional<Source>> FindSourceByName(std::string_view name) = 0;
  virtual Result<std::vector<Source>> ListSources() = 0;
  virtual Result<int64_t> CountPersons() = 0;
  // Audit rows with seq > after_seq, oldest first, at most `limit`.
  virtual Result<std::vector<AuditEvent>> ListAudit(int64_t after_seq, int limit) = 0;

  // Writes. Inserts fail with AlreadyExists on a duplicate id or (source, external id).
  // Updates take the version the caller read and fail with Aborted when the stored record has
  // moved on; on success the record's version is the caller's plus one.
  virtual Status InsertPerson(const Person& person) = 0;
  virtual Status UpdatePerson(const Person& person) = 0;
  virtual Status InsertReport(const Report& report) = 0;
  virtual Status UpdateReport(const Report& report) = 0;
  virtual Status InsertStatusEvent(const StatusEvent& event) = 0;
  virtual Status InsertInquiry(const Inquiry& inquiry) = 0;
  virtual Status UpdateInquiry(const Inquiry& inquiry) = 0;
  virtual Status InsertSource(const Source& source) = 0;
  // Appends to the audit chain; fills seq, prev_hash and hash and returns the stored event.
  virtual Result<AuditEvent> AppendAudit(AuditEvent event) = 0;

  // Makes every write durable (SQLite: synchronous=FULL). FailedPrecondition when the transaction
  // wrote records but no audit event.
  virtual Status Commit() = 0;
};

enum class TransactionMode { kRead, kWrite };

class Store {
 public:
  virtual ~Store() = default;
  // A read transaction sees one consistent snapshot; a write transaction excludes other writers.
  virtual Result<std::unique_ptr<Transaction>> Begin(TransactionMode mode) = 0;
  // The schema version this store is at, and the newest this build knows.
  virtual Result<int> SchemaVersion() = 0;
  virtual int LatestSchemaVersion() const = 0;
  // Brings the schema to the latest version; each step in its own transaction.
  virtual Status Migrate() = 0;
  // Human-readable description without credentials ("sqlite:var/aftermath.db").
  virtual std::string Describe() const = 0;
};

struct OpenOptions {
  // Apply pending migrations when opening (serve and CLI commands); tests may turn it off.
  bool migrate = true;
};

// Opens a store by URL. InvalidArgument for an unknown scheme, Unavailable when the database
// cannot be opened, FailedPrecondition when its schema is newer than this build.
Result<std::unique_ptr<Store>> OpenStore(std::string_view url, const OpenOptions& options = {});

// The SHA-256 chain link of an audit event: hex(sha256(prev_hash | seq | at | actor | ...)).
std::string AuditHash(const AuditEvent& event);

}  // namespace aftermath
