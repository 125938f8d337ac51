// The registry's storage, behind one backend-neutral interface. Opened by URL:
// "sqlite:var/aftermath.db" (embedded default); "postgres://..." arrives with its own backend.
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

namespace aftermath {

// A keyed MAC of `message` as lowercase hex (HMAC-SHA256 with the installation's audit key).
using AuditMacFunction = std::function<std::string(std::string_view message)>;

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

// What the in-memory name index needs of one person (see index/name_index.h).
struct IndexRow {
  std::string person_id;
  std::string external_id;  // the first source record id reported for the person, if any
  std::vector<std::string> names;
  PersonStatus status = PersonStatus::kUnknown;
  Sex sex = Sex::kUnknown;
  PartialDate birth_date;
  std::optional<int> approx_age;
  Timestamp created_at;
  Timestamp updated_at;
  std::string home_locality;
  std::vector<SourceKind> source_kinds;  // of every source that reported the person
  std::vector<std::string> regions;      // of those sources
};

struct MatchFilter {
  std::optional<MatchDecision> decision;
  std::string inquiry_id;  // empty: any
  std::string person_id;   // empty: any
  int limit = 100;
};

struct HourFigures {
  std::string hour;  // "2026-01-06T10"
  int64_t inquiries = 0, matches = 0, confirmed = 0, informed = 0;
};

// The lengths of the work queues, for monitoring (/metrics).
struct QueueCounts {
  int64_t unmatched_reports = 0;    // not yet run through matching
  int64_t unmatched_inquiries = 0;  // not yet run through matching (purged ones left out)
  int64_t pending_matches = 0;      // proposals awaiting review
  int64_t unsure_matches = 0;       // reviewed as unsure, awaiting a second look
  int64_t pending_callbacks = 0;    // inquirers still to be called back
  int64_t pending_outbox = 0;       // messages the gateway has not marked sent
};

struct AuditFilter {
  std::string actor;        // empty: any
  std::string entity_id;    // empty: any
  std::string action;       // empty: any; "person." matches every person action
  int64_t before_seq = 0;   // 0: from the newest
  int limit = 100;
};

// One entry of the change feed: a person or an inquiry changed. Ids only, no personal data.
// Every server follows the feed to keep its in-memory indexes fresh with the others' writes.
struct Change {
  int64_t seq = 0;          // commit order
  std::string entity_type;  // "person" or "inquiry"
  std::string entity_id;
  std::string origin;  // Store::Origin() of the process that wrote it
};

// What a create answered under a client's Idempotency-Key (see access/idempotency.h).
struct IdempotencyRecord {
  std::string actor;         // who sent it: keys are per caller
  std::string key;           // the client's Idempotency-Key
  std::string request_hash;  // of method, path and body: one key, one request
  int status = 0;            // the answer's HTTP-free outcome code; 0 while in progress
  std::string response;      // the answer's body
  Timestamp created_at;
};

// Wakes a change-feed follower when another process may have committed changes.
class ChangeWaiter {
 public:
  virtual ~ChangeWaiter() = default;
  // Returns when a change may have been committed, or after `timeout`, whichever comes first.
  virtual void Wait(std::chrono::milliseconds timeout) = 0;
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

  // Index rows of persons with id > after_id in id order, at most `limit`; purged persons are
  // left out. Used to rebuild the index at start.
  virtual Result<std::vector<IndexRow>> ScanIndexRows(std::string_view after_id, int limit) = 0;
  // The index row of one person; nullopt when unknown or purged.
  virtual Result<std::optional<IndexRow>> LoadIndexRow(std::string_view person_id) = 0;

  // Workflow: matches, callbacks, merges, outbox.
  virtual Result<Match> GetMatch(std::string_view id) = 0;
  // Highest score first.
  virtual Result<std::vector<Match>> ListMatches(const MatchFilter& filter) = 0;
  // An earlier proposal for the same pair: person with inquiry (whatever the report), or, when
  // inquiry_id is empty, person with report.
  virtual Result<std::optional<Match>> FindMatch(std::string_view person_id,
                                                 std::string_view inquiry_id,
                                                 std::string_view report_id) = 0;
  virtual Result<CallbackTask> GetCallback(std::string_view id) = 0;
  // Earliest due first.
  virtual Result<std::vector<CallbackTask>> ListCallbacks(std::optional<CallbackState> state,
                                                          int limit) = 0;
  virtual Result<std::vector<CallbackTask>> CallbacksOfInquiry(std::string_view inquiry_id) = 0;
  virtual Result<MergeRecord> GetMerge(std::string_view id) = 0;
  virtual Result<std::vector<OutboxMessage>> ListOutbox(bool pending_only, int limit) = 0;
  virtual Result<OutboxMessage> GetOutbox(std::string_view id) = 0;
  // Reports and inquiries not yet run through matching, oldest first.
  virtual Result<std::vector<Report>> UnmatchedReports(int limit) = 0;
  virtual Result<std::vector<Inquiry>> UnmatchedInquiries(int limit) = 0;
  // Inquiries still looking (open or candidate found) with id > after_id, in id order.
  virtual Result<std::vector<Inquiry>> ScanOpenInquiries(std::string_view after_id, int limit) = 0;
  virtual Result<std::vector<Inquiry>> ListInquiriesOfPerson(std::string_view person_id) = 0;
  // Persons reported without a name (not purged, not merged).
  virtual Result<std::vector<Person>> ListUnidentified(int limit) = 0;
  virtual Result<std::vector<StatusEvent>> ListStatusEventsOfReport(std::string_view report_id) = 0;
  // Counts for supervisors, per hour since `since`.
  virtual Result<std::vector<HourFigures>> FiguresByHour(Timestamp since) = 0;
  virtual Result<std::vector<std::pair<std::string, int64_t>>> CountPersonsByStatus() = 0;
  virtual Result<std::vector<std::pair<std::string, int64_t>>> CountPersonsBySource() = 0;
  virtual Result<int64_t> CountOpenInquiries() = 0;
  // One statement of counts over indexed columns: cheap enough for every scrape.
  virtual Result<QueueCounts> CountQueues() = 0;

  // The chain head: the newest audit row's seq and hash (0 and 64 zeros when empty).
  virtual Result<std::pair<int64_t, std::string>> AuditHead() = 0;
  // Audit rows matching `filter`, newest first.
  virtual Result<std::vector<AuditEvent>> QueryAudit(const AuditFilter& filter) = 0;

  // Users, sessions and source tokens.
  virtual Result<User> GetUser(std::string_view id) = 0;
  virtual Result<std::optional<User>> FindUserByUsername(std::string_view username) = 0;
  virtual Result<std::vector<User>> ListUsers() = 0;
  virtual Result<std::optional<Session>> FindSession(std::string_view token_hash) = 0;
  virtual Result<std::optional<ApiToken>> FindApiToken(std::string_view token_hash) = 0;
  virtual Result<std::vector<ApiToken>> ListApiTokens() = 0;

  // Retention: ids whose personal data is due for purging at `cutoff` and not yet purged.
  // Inquiries closed or withdrawn before the cutoff; persons not updated since the cutoff and
  // linked to no inquiry that is still open or closed after it.
  virtual Result<std::vector<std::string>> InquiriesDueForPurge(Timestamp cutoff) = 0;
  virtual Result<std::vector<std::string>> PersonsDueForPurge(Timestamp cutoff) = 0;

  // The change feed in commit order: entries with seq > after_seq, at most `limit`. A write
  // transaction records an entry for every person and inquiry it touched as it commits.
  virtual Result<std::vector<Change>> ListChanges(int64_t after_seq, int limit) = 0;
  // The newest entry's seq (0 when the feed is empty).
  virtual Result<int64_t> LatestChangeSeq() = 0;
  // Deletes feed entries recorded before `before`. Bookkeeping: needs no audit event.
  virtual Status PruneChanges(Timestamp before) = 0;

  // Idempotency keys. Bookkeeping beside the change they guard: no audit event of their own.
  virtual Result<std::optional<IdempotencyRecord>> FindIdempotencyKey(std::string_view actor,
                                                                      std::string_view key) = 0;
  // AlreadyExists when the caller already used the key.
  virtual Status InsertIdempotencyKey(const IdempotencyRecord& record) = 0;
  // Records the answer of a reserved key.
  virtual Status CompleteIdempotencyKey(std::string_view actor, std::string_view key, int status,
                                        std::string_view response) = 0;
  virtual Status DeleteIdempotencyKey(std::string_view actor, std::string_view key) = 0;
  // Forgets keys created before `before`.
  virtual Status PruneIdempotencyKeys(Timestamp before) = 0;

  // Writes. Inserts fail with AlreadyExists on a duplicate id or (source, external id).
  // Updates take the version the caller read and fail with Aborted when the stored record has
  // moved on; on success the record's version is the caller's plus one.
  virtual Status InsertPerson(const Person& person) = 0;
  virtual Status UpdatePerson(const Person& person) = 0;
  virtual Status InsertReport(const Report& report) = 0;
  // A changed report is matched again (its matching state is reset).
  virtual Status UpdateReport(const Report& report) = 0;
  virtual Status InsertStatusEvent(const StatusEvent& event) = 0;
  virtual Status InsertInquiry(const Inquiry& inquiry) = 0;
  virtual Status UpdateInquiry(const Inquiry& inquiry) = 0;
  virtual Status InsertSource(const Source& source) = 0;
  virtual Status InsertUser(const User& user) = 0;
  virtual Status UpdateUser(const User& user) = 0;
  virtual Status InsertSession(const Session& session) = 0;
  virtual Status RevokeSession(std::string_view token_hash) = 0;
  virtual Status RevokeUserSessions(std::string_view user_id) = 0;
  virtual Status InsertApiToken(const ApiToken& token) = 0;
  virtual Status RevokeApiToken(std::string_view id, Timestamp at) = 0;
  // Replace every personal field with a blank and set purged_at; ids, dates, states and
  // statuses stay (the tombstone). A person's reports and names are purged with it.
  virtual Status PurgeInquiry(std::string_view id, Timestamp at) = 0;
  virtual Status PurgePerson(std::string_view id, Timestamp at) = 0;
  virtual Status InsertMatch(const Match& match) = 0;
  virtual Status UpdateMatch(const Match& match) = 0;  // versioned
  virtual Status InsertCallback(const CallbackTask& task) = 0;
  virtual Status UpdateCallback(const CallbackTask& task) = 0;  // versioned
  virtual Status InsertMerge(const MergeRecord& merge) = 0;
  virtual Status UpdateMerge(const MergeRecord& merge) = 0;
  virtual Status InsertOutbox(const OutboxMessage& message) = 0;
  virtual Status UpdateOutbox(const OutboxMessage& message) = 0;
  virtual Status MarkReportMatched(std::string_view report_id, Timestamp at) = 0;
  virtual Status MarkInquiryMatched(std::string_view inquiry_id, Timestamp at) = 0;
  // Re-points one report or status event at another person (merges and their undo).
  virtual Status SetReportPerson(std::string_view report_id, std::string_view person_id) = 0;
  virtual Status SetStatusEventPerson(std::string_view event_id, std::string_view person_id) = 0;
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

// The SHA-256 chain link of an audit event: hex(sha256(prev_hash | seq | at | actor | ...)).
std::string AuditHash(const AuditEvent& event);

}  // namespace aftermath
