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

#include "store/paging.h"
#include "store/personal_data.h"


namespace aftermath {
namespace {

using sql::Connection;
using sql::Statement;

constexpr size_t kMaxPooledConnections = 8;

std::string Ts(Timestamp t) { return FormatTimestamp(t); }

Timestamp ToTs(const std::string& s) {
  auto r = ParseTimestamp(s);
  return r.ok() ? *r : Timestamp{};
}

PartialDate ToDate(const std::string& s) {
  if (s.empty()) return {};
  auto r = ParsePartialDate(s);
  return r.ok() ? *r : PartialDate{};
}

template <typename E, typename F>
E ToEnum(const std::string& s, F parse, E fallback) {
  auto v = parse(s);
  return v ? *v : fallback;
}

// Every row of a statement, each read by `read`.
template <typename T, typename ReadFn>
Result<std::vector<T>> CollectRows(Statement& s, ReadFn read) {
  std::vector<T> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(read(s));
  }
  return out;
}

class SqlStore;

class SqlTransaction final : public Transaction {
 public:
  SqlTransaction(SqlStore* store, std::unique_ptr<Connection> conn, TransactionMode mode)
      : store_(store), conn_(std::move(conn)), mode_(mode) {}
  ~SqlTransaction() override;

  Result<Person> GetPerson(std::string_view id) override;
  Result<Page<Person>> ListPersons(const PersonFilter& filter, const PageRequest& page) override;
  Result<Report> GetReport(std::string_view id) override;
  Result<std::optional<Report>> FindReportByExternalId(std::string_view source_id,
                                                       std::string_view external_id) override;
  Result<Page<Report>> ListReports(const ReportFilter& filter, const PageRequest& page) override;
  Result<std::vector<StatusEvent>> ListStatusEvents(std::string_view person_id) override;
  Result<Inquiry> GetInquiry(std::string_view id) override;
  Result<Page<Inquiry>> ListInquiries(const InquiryFilter& filter,
                                      const PageRequest& page) override;
  Result<Source> GetSource(std::string_view id) override;
  Result<std::optional<Source>> FindSourceByName(std::string_view name) override;
  Result<std::vector<Source>> ListSources() override;
  Result<int64_t> CountPersons() override;
  Result<std::vector<AuditEvent>> ListAudit(int64_t after_seq, int limit) override;

  Status InsertPerson(const Person& person) override;
  Status UpdatePerson(const Person& person) override;
  Status InsertReport(const Report& report) override;
  Status UpdateReport(const Report& report) override;
  Status InsertStatusEvent(const StatusEvent& event) override;
  Status InsertInquiry(const Inquiry& inquiry) override;
  Status UpdateInquiry(const Inquiry& inquiry) override;
  Status InsertSource(const Source& source) override;
  Result<AuditEvent> AppendAudit(AuditEvent event) override;

  Result<std::vector<AuditEvent>> QueryAudit(const AuditFilter& filter) override;
  Result<std::pair<int64_t, std::string>> AuditHead() override;
  Result<std::vector<IndexRow>> ScanIndexRows(std::string_view after_id, int limit) override;
  Result<Match> GetMatch(std::string_view id) override;
  Result<std::vector<Match>> ListMatches(const MatchFilter& filter) override;
  Result<std::optional<Match>> FindMatch(std::string_view person_id, std::string_view inquiry_id,
                                         std::string_view report_id) override;
  Result<CallbackTask> GetCallback(std::string_view id) override;
  Result<std::vector<CallbackTask>> ListCallbacks(std::optional<CallbackState> state,
                                                  int limit) override;
  Result<MergeRecord> GetMerge(std::string_view id) override;
  Result<std::vector<CallbackTask>> CallbacksOfInquiry(std::string_view inquiry_id) override;
  Result<std::vector<OutboxMessage>> ListOutbox(bool pending_only, int limit) override;
  Result<OutboxMessage> GetOutbox(std::string_view id) override;
  Result<std::vector<Report>> UnmatchedReports(int limit) override;
  Result<std::vector<Inquiry>> UnmatchedInquiries(int limit) override;
  Result<std::vector<Inquiry>> ScanOpenInquiries(std::string_view after_id, int limit) override;
  Result<std::vector<Person>> ListUnidentified(int limit) override;
  Result<std::vector<Inquiry>> ListInquiriesOfPerson(std::string_view person_id) override;
  Result<std::vector<StatusEvent>> ListStatusEventsOfReport(std::string_view report_id) override;
  Result<std::vector<HourFigures>> FiguresByHour(Timestamp since) override;
  Result<std::vector<std::pair<std::string, int64_t>>> CountPersonsByStatus() override;
  Result<std::vector<std::pair<std::string, int64_t>>> CountPersonsBySource() override;
  Result<int64_t> CountOpenInquiries() override;
  Result<QueueCounts> CountQueues() override;
  Status InsertMatch(const Match& match) override;
  Status UpdateMatch(const Match& match) override;
  Status InsertCallback(const CallbackTask& task) override;
  Status UpdateCallback(const CallbackTask& task) override;
  Status InsertMerge(const MergeRecord& merge) override;
  Status UpdateMerge(const MergeRecord& merge) override;
  Status InsertOutbox(const OutboxMessage& message) override;
  Status UpdateOutbox(const OutboxMessage& message) override;
  Status MarkReportMatched(std::string_view report_id, Timestamp at) override;
  Status MarkInquiryMatched(std::string_view inquiry_id, Timestamp at) override;
  Status SetReportPerson(std::string_view report_id, std::string_view person_id) override;
  Status SetStatusEventPerson(std::string_view event_id, std::string_view person_id) override;
  Result<std::optional<IndexRow>> LoadIndexRow(std::string_view person_id) override;
  Result<User> GetUser(std::string_view id) override;
  Result<std::optional<User>> FindUserByUsername(std::string_view username) override;
  Result<std::vector<User>> ListUsers() override;
  Result<std::optional<Session>> FindSession(std::string_view token_hash) override;
  Result<std::optional<ApiToken>> FindApiToken(std::string_view token_hash) override;
  Result<std::vector<ApiToken>> ListApiTokens() override;
  Result<std::vector<std::string>> InquiriesDueForPurge(Timestamp cutoff) override;
  Result<std::vector<std::string>> PersonsDueForPurge(Timestamp cutoff) override;
  Status InsertUser(const User& user) override;
  Status UpdateUser(const User& user) override;
  Status InsertSession(const Session& session) override;
  Status RevokeSession(std::string_view token_hash) override;
  Status RevokeUserSessions(std::string_view user_id) override;
  Status InsertApiToken(const ApiToken& token) override;
  Status RevokeApiToken(std::string_view id, Timestamp at) override;
  Status PurgeInquiry(std::string_view id, Timestamp at) override;
  Status PurgePerson(std::string_view id, Timestamp at) override;
  Status PurgeOf(personal_data::Owner owner, std::string_view id, Timestamp at);
  Result<std::vector<Change>> ListChanges(int64_t after_seq, int limit) override;
  Result<int64_t> LatestChangeSeq() override;
  Status PruneChanges(Timestamp before) override;
  Result<std::optional<IdempotencyRecord>> FindIdempotencyKey(std::string_view actor,
                                                              std::string_view key) override;
  Status InsertIdempotencyKey(const IdempotencyRecord& record) override;
  Status CompleteIdempotencyKey(std::string_view actor, std::string_view key, int status,
                                std::string_view response) override;
  Status DeleteIdempotencyKey(std::string_view actor, std::string_view key) override;
  Status PruneIdempotencyKeys(Timestamp before) override;
  Status Commit() override;

 private:
  // Notes a changed person or inquiry for the change feed (written at commit).
  void Touch(const char* entity_type, std::string_view id) {
    if (!id.empty()) changes_.emplace(entity_type, std::string(id));
  }
  Status WriteChanges();
  // An open write transaction; RequireWrite() also notes that it wrote (it then needs an audit
  // event to commit).
  Status CheckWritable() const;
  Status RequireWrite();
  Result<std::vector<std::string>> Ids(const char* sql, std::string_view param);
  // Fills names, external ids, source kinds and regions of `rows` (sorted by id).
  Status FillIndexRows(std::vector<IndexRow>& rows);
  // Runs a write statement with one text parameter per entry of `params`.
  Status RunWith(const char* sql, std::initializer_list<std::string_view> params);
  Status WriteNames(const Person& person);
  static Status CheckVersionedUpdate(int64_t rows, std::string_view table, std::string_view id,
                                     int64_t version);
  Result<std::vector<PersonName>> ReadNames(std::string_view person_id);

  SqlStore* store_;
  std::unique_ptr<Connection> conn_;
  TransactionMode mode_;
  bool open_ = false;
  bool wrote_ = false;
  bool audited_ = false;
  std::set<std::pair<std::string, std::string>> changes_;
  std::unique_lock<std::timed_mutex> writer_lock_;  // held from Begin to the end (see SqlBackend)

  friend class SqlStore;
};

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
    if (mode == TransactionMode::kWrite && backend_.queue_writers &&
        !writer.try_lock_for(kWriterWait)) {
      return Unavailable("the registry is busy writing; try again");
    }
    ASSIGN_OR_RETURN(auto conn, Acquire());
    auto tx = std::make_unique<SqlTransaction>(this, std::move(conn), mode);
    tx->writer_lock_ = std::move(writer);
    RETURN_IF_ERROR(tx->conn_->Begin(mode == TransactionMode::kWrite ? sql::BeginMode::kWrite
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

Status SqlTransaction::CheckWritable() const {
  if (!open_) return FailedPrecondition("the transaction has ended");
  if (mode_ != TransactionMode::kWrite) return FailedPrecondition("a read transaction cannot write");
  return Status::Ok();
}

Status SqlTransaction::RequireWrite() {
  RETURN_IF_ERROR(CheckWritable());
  wrote_ = true;
  return Status::Ok();
}

Status SqlTransaction::Commit() {
  if (!open_) return FailedPrecondition("the transaction has ended");
  if (wrote_ && !audited_) {
    return FailedPrecondition("a change must be committed together with its audit event");
  }
  RETURN_IF_ERROR(WriteChanges());
  Status s = conn_->Commit();
  if (!s.ok()) return s;
  open_ = false;
  if (writer_lock_.owns_lock()) writer_lock_.unlock();
  return Status::Ok();
}

// ---- the change feed ----

// Written last, after the audit append: on PostgreSQL the writers' lock is held by then, so
// the feed's seq order is the commit order and a follower never skips an earlier commit.
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

Result<std::vector<Change>> SqlTransaction::ListChanges(int64_t after_seq, int limit) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT seq, entity_type, entity_id, origin FROM changes WHERE seq > ? ORDER BY seq "
      "LIMIT ?"));
  s->Bind(1, after_seq).Bind(2, int64_t{limit});
  return CollectRows<Change>(*s, [](const Statement& r) {
    return Change{.seq = r.Int(0), .entity_type = r.Text(1), .entity_id = r.Text(2),
                  .origin = r.Text(3)};
  });
}

Result<int64_t> SqlTransaction::LatestChangeSeq() {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("SELECT coalesce(max(seq), 0) FROM changes"));
  ASSIGN_OR_RETURN(bool row, s->Step());
  return row ? s->Int(0) : 0;
}

Status SqlTransaction::PruneChanges(Timestamp before) {
  // Not RequireWrite(): pruning is not a change of anyone's data, so it needs no audit event.
  RETURN_IF_ERROR(CheckWritable());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("DELETE FROM changes WHERE at < ?"));
  s->Bind(1, Ts(before));
  return s->Run();
}

// ---- idempotency keys ----
// Not RequireWrite(): a key is bookkeeping for the change it guards, which is audited itself.

Result<std::optional<IdempotencyRecord>> SqlTransaction::FindIdempotencyKey(
    std::string_view actor, std::string_view key) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT request_hash, status, response, created_at FROM idempotency_keys "
      "WHERE actor = ? AND idem_key = ?"));
  s->Bind(1, actor).Bind(2, key);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<IdempotencyRecord>();
  return std::optional<IdempotencyRecord>(IdempotencyRecord{
      .actor = std::string(actor), .key = std::string(key), .request_hash = s->Text(0),
      .status = static_cast<int>(s->Int(1)), .response = s->Text(2), .created_at = ToTs(s->Text(3))});
}

Status SqlTransaction::InsertIdempotencyKey(const IdempotencyRecord& r) {
  RETURN_IF_ERROR(CheckWritable());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "INSERT INTO idempotency_keys (actor, idem_key, request_hash, status, response, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?)"));
  s->Bind(1, r.actor).Bind(2, r.key).Bind(3, r.request_hash).Bind(4, int64_t{r.status});
  s->Bind(5, r.response).Bind(6, Ts(r.created_at));
  return s->Run();
}

Status SqlTransaction::CompleteIdempotencyKey(std::string_view actor, std::string_view key,
                                              int status, std::string_view response) {
  RETURN_IF_ERROR(CheckWritable());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "UPDATE idempotency_keys SET status = ?, response = ? WHERE actor = ? AND idem_key = ?"));
  s->Bind(1, int64_t{status}).Bind(2, response).Bind(3, actor).Bind(4, key);
  return s->Run();
}

Status SqlTransaction::DeleteIdempotencyKey(std::string_view actor, std::string_view key) {
  RETURN_IF_ERROR(CheckWritable());
  ASSIGN_OR_RETURN(auto s,
                   conn_->Prepare("DELETE FROM idempotency_keys WHERE actor = ? AND idem_key = ?"));
  s->Bind(1, actor).Bind(2, key);
  return s->Run();
}

Status SqlTransaction::PruneIdempotencyKeys(Timestamp before) {
  RETURN_IF_ERROR(CheckWritable());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("DELETE FROM idempotency_keys WHERE created_at < ?"));
  s->Bind(1, Ts(before));
  return s->Run();
}

// ---- persons ----

constexpr const char* kPersonColumns =
    "id, version, sex, birth_date, approx_age, home_locality, features, status, "
    "coalesce(status_source_id, ''), facility, created_at, updated_at, purged_at, "
    "coalesce(merged_into, '')";

Person ReadPerson(const Statement& s) {
  Person p;
  p.id = s.Text(0);
  p.version = s.Int(1);
  p.sex = ToEnum(s.Text(2), ParseSex, Sex::kUnknown);
  p.birth_date = ToDate(s.Text(3));
  p.approx_age = s.OptionalInt(4);
  p.home_locality = s.Text(5);
  p.features = s.Text(6);
  p.status = ToEnum(s.Text(7), ParsePersonStatus, PersonStatus::kUnknown);
  p.status_source_id = s.Text(8);
  p.facility = s.Text(9);
  p.created_at = ToTs(s.Text(10));
  p.updated_at = ToTs(s.Text(11));
  if (!s.IsNull(12)) p.purged_at = ToTs(s.Text(12));
  p.merged_into = s.Text(13);
  return p;
}

Result<std::vector<PersonName>> SqlTransaction::ReadNames(std::string_view person_id) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT full_name, surname, given_names, patronymic, coalesce(source_id, '') "
      "FROM person_names WHERE person_id = ? ORDER BY ordinal"));
  s->Bind(1, person_id);
  std::vector<PersonName> names;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    names.push_back({s->Text(0), s->Text(1), s->Text(2), s->Text(3), s->Text(4)});
  }
  return names;
}

Result<Person> SqlTransaction::GetPerson(std::string_view id) {
  static const std::string sql = fmt::format("SELECT {} FROM persons WHERE id = ?", kPersonColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound(fmt::format("no person with id '{}'", id.substr(0, 64)));
  Person p = ReadPerson(*s);
  s.reset();
  ASSIGN_OR_RETURN(p.names, ReadNames(p.id));
  return p;
}

Result<Page<Person>> SqlTransaction::ListPersons(const PersonFilter& filter,
                                                    const PageRequest& page) {
  ASSIGN_OR_RETURN(PageCursor cursor, DecodeCursor(page.cursor));
  // Newest first; the cursor is the (created_at, id) of the last row served.
  static const std::string sql = fmt::format(
      "SELECT {} FROM persons WHERE merged_into IS NULL AND "
      "(CAST(?1 AS TEXT) IS NULL OR status = ?1) AND "
      "(CAST(?2 AS TEXT) IS NULL OR (created_at, id) < (?2, ?3)) ORDER BY created_at DESC, id DESC LIMIT ?4",
      kPersonColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  if (filter.status) s->Bind(1, ToString(*filter.status));
  if (!cursor.empty()) s->Bind(2, cursor.created_at).Bind(3, cursor.id);
  s->Bind(4, int64_t{page.limit + 1});
  Page<Person> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.items.push_back(ReadPerson(*s));
  }
  s.reset();
  if (static_cast<int>(out.items.size()) > page.limit) {
    out.items.pop_back();
    out.next_cursor = EncodeCursor(Ts(out.items.back().created_at), out.items.back().id);
  }
  for (auto& p : out.items) {
    ASSIGN_OR_RETURN(p.names, ReadNames(p.id));
  }
  return out;
}

Status SqlTransaction::WriteNames(const Person& p) {
  {
    ASSIGN_OR_RETURN(auto del, conn_->Prepare("DELETE FROM person_names WHERE person_id = ?"));
    del->Bind(1, p.id);
    RETURN_IF_ERROR(del->Run());
  }
  for (size_t i = 0; i < p.names.size(); ++i) {
    const PersonName& n = p.names[i];
    ASSIGN_OR_RETURN(auto s, conn_->Prepare(
        "INSERT INTO person_names (person_id, ordinal, full_name, surname, given_names, "
        "patronymic, source_id) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    s->Bind(1, p.id).Bind(2, int64_t(i)).Bind(3, n.full_name).Bind(4, n.surname)
        .Bind(5, n.given_names).Bind(6, n.patronymic).BindNullIfEmpty(7, n.source_id);
    RETURN_IF_ERROR(s->Run());
  }
  return Status::Ok();
}

Status SqlTransaction::InsertPerson(const Person& p) {
  RETURN_IF_ERROR(RequireWrite());
  Touch("person", p.id);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "INSERT INTO persons (id, version, sex, birth_date, approx_age, home_locality, features, "
      "status, status_source_id, facility, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  s->Bind(1, p.id).Bind(2, p.version).Bind(3, ToString(p.sex)).Bind(4, p.birth_date.ToString())
      .BindOptional(5, p.approx_age).Bind(6, p.home_locality).Bind(7, p.features)
      .Bind(8, ToString(p.status)).BindNullIfEmpty(9, p.status_source_id).Bind(10, p.facility)
      .Bind(11, Ts(p.created_at)).Bind(12, Ts(p.updated_at));
  RETURN_IF_ERROR(s->Run());
  s.reset();
  return WriteNames(p);
}

Status SqlTransaction::CheckVersionedUpdate(int64_t rows, std::string_view table,
                                            std::string_view id, int64_t version) {
  if (rows == 1) return Status::Ok();
  return Aborted(fmt::format("{} '{}' was changed by someone else since version {}; reload it",
                             table, id, version));
}

Status SqlTransaction::UpdatePerson(const Person& p) {
  RETURN_IF_ERROR(RequireWrite());
  Touch("person", p.id);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "UPDATE persons SET version = version + 1, sex = ?, birth_date = ?, approx_age = ?, "
      "home_locality = ?, features = ?, status = ?, status_source_id = ?, facility = ?, "
      "updated_at = ?, merged_into = ? WHERE id = ? AND version = ?"));
  s->Bind(1, ToString(p.sex)).Bind(2, p.birth_date.ToString()).BindOptional(3, p.approx_age)
      .Bind(4, p.home_locality).Bind(5, p.features).Bind(6, ToString(p.status))
      .BindNullIfEmpty(7, p.status_source_id).Bind(8, p.facility).Bind(9, Ts(p.updated_at))
      .BindNullIfEmpty(10, p.merged_into).Bind(11, p.id).Bind(12, p.version);
  RETURN_IF_ERROR(s->Run());
  RETURN_IF_ERROR(CheckVersionedUpdate(s->RowsAffected(), "person", p.id, p.version));
  s.reset();
  return WriteNames(p);
}

Result<int64_t> SqlTransaction::CountPersons() {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("SELECT count(*) FROM persons"));
  ASSIGN_OR_RETURN(bool row, s->Step());
  return row ? s->Int(0) : 0;
}

// ---- reports ----

constexpr const char* kReportColumns =
    "id, version, source_id, coalesce(external_id, ''), coalesce(person_id, ''), full_name, "
    "surname, given_names, patronymic, sex, birth_date, approx_age, features, status, facility, "
    "location, observed_at, received_at, notes, raw";

Report ReadReport(const Statement& s) {
  Report r;
  r.id = s.Text(0);
  r.version = s.Int(1);
  r.source_id = s.Text(2);
  r.external_id = s.Text(3);
  r.person_id = s.Text(4);
  r.name = {s.Text(5), s.Text(6), s.Text(7), s.Text(8), r.source_id};
  r.sex = ToEnum(s.Text(9), ParseSex, Sex::kUnknown);
  r.birth_date = ToDate(s.Text(10));
  r.approx_age = s.OptionalInt(11);
  r.features = s.Text(12);
  r.status = ToEnum(s.Text(13), ParsePersonStatus, PersonStatus::kUnknown);
  r.facility = s.Text(14);
  r.location = s.Text(15);
  r.observed_at = ToTs(s.Text(16));
  r.received_at = ToTs(s.Text(17));
  r.notes = s.Text(18);
  r.raw = s.Text(19);
  return r;
}

Result<Report> SqlTransaction::GetReport(std::string_view id) {
  static const std::string sql = fmt::format("SELECT {} FROM reports WHERE id = ?", kReportColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound(fmt::format("no report with id '{}'", id.substr(0, 64)));
  return ReadReport(*s);
}

Result<std::optional<Report>> SqlTransaction::FindReportByExternalId(
    std::string_view source_id, std::string_view external_id) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM reports WHERE source_id = ? AND external_id = ?", kReportColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, source_id).Bind(2, external_id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<Report>();
  return std::optional<Report>(ReadReport(*s));
}

Result<Page<Report>> SqlTransaction::ListReports(const ReportFilter& filter,
                                                 const PageRequest& page) {
  ASSIGN_OR_RETURN(PageCursor cursor, DecodeCursor(page.cursor));
  // One statement a filter, each with a plain equality its index can serve; an "?1 IS NULL OR"
  // form would make SQLite walk every report.
  static const std::string by_person = fmt::format(
      "SELECT {} FROM reports WHERE person_id = ?1 AND (CAST(?2 AS TEXT) IS NULL OR "
      "source_id = ?2) AND (CAST(?3 AS TEXT) IS NULL OR (received_at, id) < (?3, ?4)) "
      "ORDER BY received_at DESC, id DESC LIMIT ?5",
      kReportColumns);
  static const std::string by_source = fmt::format(
      "SELECT {} FROM reports WHERE source_id = ?2 AND (CAST(?1 AS TEXT) IS NULL OR "
      "person_id = ?1) AND (CAST(?3 AS TEXT) IS NULL OR (received_at, id) < (?3, ?4)) "
      "ORDER BY received_at DESC, id DESC LIMIT ?5",
      kReportColumns);
  static const std::string all = fmt::format(
      "SELECT {} FROM reports WHERE (CAST(?1 AS TEXT) IS NULL OR person_id = ?1) AND "
      "(CAST(?2 AS TEXT) IS NULL OR source_id = ?2) AND "
      "(CAST(?3 AS TEXT) IS NULL OR (received_at, id) < (?3, ?4)) "
      "ORDER BY received_at DESC, id DESC LIMIT ?5",
      kReportColumns);
  const std::string& sql = !filter.person_id.empty()   ? by_person
                           : !filter.source_id.empty() ? by_source
                                                       : all;
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->BindNullIfEmpty(1, filter.person_id).BindNullIfEmpty(2, filter.source_id);
  if (!cursor.empty()) {
    s->Bind(3, cursor.created_at).Bind(4, cursor.id);
  } else {
    s->BindNull(3).BindNull(4);
  }
  s->Bind(5, int64_t{page.limit + 1});
  Page<Report> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.items.push_back(ReadReport(*s));
  }
  if (static_cast<int>(out.items.size()) > page.limit) {
    out.items.pop_back();
    out.next_cursor = EncodeCursor(Ts(out.items.back().received_at), out.items.back().id);
  }
  return out;
}

Status SqlTransaction::InsertReport(const Report& r) {
  RETURN_IF_ERROR(RequireWrite());
  Touch("person", r.person_id);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "INSERT INTO reports (id, version, source_id, external_id, person_id, full_name, surname, "
      "given_names, patronymic, sex, birth_date, approx_age, features, status, facility, "
      "location, observed_at, received_at, notes, raw) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  s->Bind(1, r.id).Bind(2, r.version).Bind(3, r.source_id).BindNullIfEmpty(4, r.external_id)
      .BindNullIfEmpty(5, r.person_id).Bind(6, r.name.full_name).Bind(7, r.name.surname)
      .Bind(8, r.name.given_names).Bind(9, r.name.patronymic).Bind(10, ToString(r.sex))
      .Bind(11, r.birth_date.ToString()).BindOptional(12, r.approx_age).Bind(13, r.features)
      .Bind(14, ToString(r.status)).Bind(15, r.facility).Bind(16, r.location)
      .Bind(17, Ts(r.observed_at)).Bind(18, Ts(r.received_at)).Bind(19, r.notes).Bind(20, r.raw);
  return s->Run();
}

Status SqlTransaction::UpdateReport(const Report& r) {
  RETURN_IF_ERROR(RequireWrite());
  Touch("person", r.person_id);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "UPDATE reports SET version = version + 1, person_id = ?, full_name = ?, surname = ?, "
      "given_names = ?, patronymic = ?, sex = ?, birth_date = ?, approx_age = ?, features = ?, "
      "status = ?, facility = ?, location = ?, observed_at = ?, received_at = ?, notes = ?, "
      "raw = ?, matched_at = NULL WHERE id = ? AND version = ?"));
  s->BindNullIfEmpty(1, r.person_id).Bind(2, r.name.full_name).Bind(3, r.name.surname)
      .Bind(4, r.name.given_names).Bind(5, r.name.patronymic).Bind(6, ToString(r.sex))
      .Bind(7, r.birth_date.ToString()).BindOptional(8, r.approx_age).Bind(9, r.features)
      .Bind(10, ToString(r.status)).Bind(11, r.facility).Bind(12, r.location)
      .Bind(13, Ts(r.observed_at)).Bind(14, Ts(r.received_at)).Bind(15, r.notes).Bind(16, r.raw)
      .Bind(17, r.id).Bind(18, r.version);
  RETURN_IF_ERROR(s->Run());
  return CheckVersionedUpdate(s->RowsAffected(), "report", r.id, r.version);
}

// ---- status events ----

Status SqlTransaction::InsertStatusEvent(const StatusEvent& e) {
  RETURN_IF_ERROR(RequireWrite());
  Touch("person", e.person_id);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "INSERT INTO status_events (id, person_id, report_id, source_id, status, facility, "
      "observed_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  s->Bind(1, e.id).Bind(2, e.person_id).Bind(3, e.report_id).Bind(4, e.source_id)
      .Bind(5, ToString(e.status)).Bind(6, e.facility).Bind(7, Ts(e.observed_at))
      .Bind(8, Ts(e.recorded_at));
  return s->Run();
}

Result<std::vector<StatusEvent>> SqlTransaction::ListStatusEvents(std::string_view person_id) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT id, person_id, report_id, source_id, status, facility, observed_at, recorded_at "
      "FROM status_events WHERE person_id = ? ORDER BY recorded_at, id"));
  s->Bind(1, person_id);
  std::vector<StatusEvent> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    StatusEvent e;
    e.id = s->Text(0);
    e.person_id = s->Text(1);
    e.report_id = s->Text(2);
    e.source_id = s->Text(3);
    e.status = ToEnum(s->Text(4), ParsePersonStatus, PersonStatus::kUnknown);
    e.facility = s->Text(5);
    e.observed_at = ToTs(s->Text(6));
    e.recorded_at = ToTs(s->Text(7));
    out.push_back(std::move(e));
  }
  return out;
}

// ---- inquiries ----

constexpr const char* kInquiryColumns =
    "id, version, sought_name, sought_sex, sought_birth_date, sought_approx_age, "
    "sought_home_locality, last_seen_place, last_seen_at, sought_features, inquirer_name, "
    "inquirer_relation, callback_phone, channel, state, coalesce(person_id, ''), taken_by, notes, "
    "created_at, updated_at, closed_at, purged_at";

Inquiry ReadInquiry(const Statement& s) {
  Inquiry q;
  q.id = s.Text(0);
  q.version = s.Int(1);
  q.sought_name = s.Text(2);
  q.sought_sex = ToEnum(s.Text(3), ParseSex, Sex::kUnknown);
  q.sought_birth_date = ToDate(s.Text(4));
  q.sought_approx_age = s.OptionalInt(5);
  q.sought_home_locality = s.Text(6);
  q.last_seen_place = s.Text(7);
  if (!s.IsNull(8)) q.last_seen_at = ToTs(s.Text(8));
  q.sought_features = s.Text(9);
  q.inquirer_name = s.Text(10);
  q.inquirer_relation = s.Text(11);
  q.callback_phone = s.Text(12);
  q.channel = ToEnum(s.Text(13), ParseChannel, Channel::kOther);
  q.state = ToEnum(s.Text(14), ParseInquiryState, InquiryState::kOpen);
  q.person_id = s.Text(15);
  q.taken_by = s.Text(16);
  q.notes = s.Text(17);
  q.created_at = ToTs(s.Text(18));
  q.updated_at = ToTs(s.Text(19));
  if (!s.IsNull(20)) q.closed_at = ToTs(s.Text(20));
  if (!s.IsNull(21)) q.purged_at = ToTs(s.Text(21));
  return q;
}

Result<Inquiry> SqlTransaction::GetInquiry(std::string_view id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM inquiries WHERE id = ?", kInquiryColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound(fmt::format("no inquiry with id '{}'", id.substr(0, 64)));
  return ReadInquiry(*s);
}

Result<Page<Inquiry>> SqlTransaction::ListInquiries(const InquiryFilter& filter,
                                                       const PageRequest& page) {
  ASSIGN_OR_RETURN(PageCursor cursor, DecodeCursor(page.cursor));
  static const std::string sql = fmt::format(
      "SELECT {} FROM inquiries WHERE (CAST(?1 AS TEXT) IS NULL OR state = ?1) AND "
      "(CAST(?2 AS TEXT) IS NULL OR (created_at, id) < (?2, ?3)) ORDER BY created_at DESC, id DESC LIMIT ?4",
      kInquiryColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  if (filter.state) s->Bind(1, ToString(*filter.state));
  if (!cursor.empty()) s->Bind(2, cursor.created_at).Bind(3, cursor.id);
  s->Bind(4, int64_t{page.limit + 1});
  Page<Inquiry> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.items.push_back(ReadInquiry(*s));
  }
  if (static_cast<int>(out.items.size()) > page.limit) {
    out.items.pop_back();
    out.next_cursor = EncodeCursor(Ts(out.items.back().created_at), out.items.back().id);
  }
  return out;
}

void BindInquiryFields(Statement& s, const Inquiry& q) {
  s.Bind(1, q.sought_name).Bind(2, ToString(q.sought_sex)).Bind(3, q.sought_birth_date.ToString())
      .BindOptional(4, q.sought_approx_age).Bind(5, q.sought_home_locality)
      .Bind(6, q.last_seen_place);
  if (q.last_seen_at) {
    s.Bind(7, Ts(*q.last_seen_at));
  } else {
    s.BindNull(7);
  }
  s.Bind(8, q.sought_features).Bind(9, q.inquirer_name).Bind(10, q.inquirer_relation)
      .Bind(11, q.callback_phone).Bind(12, ToString(q.channel)).Bind(13, ToString(q.state))
      .BindNullIfEmpty(14, q.person_id).Bind(15, q.taken_by).Bind(16, q.notes)
      .Bind(17, Ts(q.updated_at)).Bind(18, q.id).Bind(19, q.version);
  if (q.closed_at) {
    s.Bind(20, Ts(*q.closed_at));
  } else {
    s.BindNull(20);
  }
}

Status SqlTransaction::InsertInquiry(const Inquiry& q) {
  RETURN_IF_ERROR(RequireWrite());
  Touch("inquiry", q.id);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "INSERT INTO inquiries (sought_name, sought_sex, sought_birth_date, sought_approx_age, "
      "sought_home_locality, last_seen_place, last_seen_at, sought_features, inquirer_name, "
      "inquirer_relation, callback_phone, channel, state, person_id, taken_by, notes, "
      "updated_at, id, version, closed_at, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  BindInquiryFields(*s, q);
  s->Bind(21, Ts(q.created_at));
  return s->Run();
}

Status SqlTransaction::UpdateInquiry(const Inquiry& q) {
  RETURN_IF_ERROR(RequireWrite());
  Touch("inquiry", q.id);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "UPDATE inquiries SET sought_name = ?1, sought_sex = ?2, sought_birth_date = ?3, "
      "sought_approx_age = ?4, sought_home_locality = ?5, last_seen_place = ?6, "
      "last_seen_at = ?7, sought_features = ?8, inquirer_name = ?9, inquirer_relation = ?10, "
      "callback_phone = ?11, channel = ?12, state = ?13, person_id = ?14, taken_by = ?15, "
      "notes = ?16, updated_at = ?17, closed_at = ?20, version = version + 1 "
      "WHERE id = ?18 AND version = ?19"));
  BindInquiryFields(*s, q);
  RETURN_IF_ERROR(s->Run());
  return CheckVersionedUpdate(s->RowsAffected(), "inquiry", q.id, q.version);
}

// ---- sources ----

Source ReadSource(const Statement& s) {
  Source src;
  src.id = s.Text(0);
  src.name = s.Text(1);
  src.kind = ToEnum(s.Text(2), ParseSourceKind, SourceKind::kOther);
  src.trust = static_cast<int>(s.Int(3));
  src.region = s.Text(4);
  src.created_at = ToTs(s.Text(5));
  return src;
}

Result<Source> SqlTransaction::GetSource(std::string_view id) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT id, name, kind, trust, region, created_at FROM sources WHERE id = ?"));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound(fmt::format("no source with id '{}'", id.substr(0, 64)));
  return ReadSource(*s);
}

Result<std::optional<Source>> SqlTransaction::FindSourceByName(std::string_view name) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT id, name, kind, trust, region, created_at FROM sources WHERE name = ?"));
  s->Bind(1, name);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<Source>();
  return std::optional<Source>(ReadSource(*s));
}

Result<std::vector<Source>> SqlTransaction::ListSources() {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT id, name, kind, trust, region, created_at FROM sources ORDER BY name"));
  return CollectRows<Source>(*s, ReadSource);
}

Status SqlTransaction::InsertSource(const Source& src) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "INSERT INTO sources (id, name, kind, trust, region, created_at) VALUES (?, ?, ?, ?, ?, ?)"));
  s->Bind(1, src.id).Bind(2, src.name).Bind(3, ToString(src.kind)).Bind(4, int64_t{src.trust})
      .Bind(5, src.region).Bind(6, Ts(src.created_at));
  return s->Run();
}

// ---- audit ----

// The chain head is one row: updating it takes a row lock, so concurrent appenders on several
// servers are serialised and every row links to the one before it.
Result<AuditEvent> SqlTransaction::AppendAudit(AuditEvent e) {
  RETURN_IF_ERROR(RequireWrite());
  {
    ASSIGN_OR_RETURN(auto head, conn_->Prepare(
        "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash"));
    ASSIGN_OR_RETURN(bool row, head->Step());
    if (!row) return DataLoss("the audit chain head is missing");
    e.seq = head->Int(0);
    e.prev_hash = head->Text(1);
    RETURN_IF_ERROR(head->Run());
  }
  e.hash = AuditHash(e);
  e.mac = store_->AuditMac() ? store_->AuditMac()(e.hash) : std::string();
  {
    ASSIGN_OR_RETURN(auto s, conn_->Prepare(
        "INSERT INTO audit_log (seq, at, actor, action, entity_type, entity_id, detail, "
        "prev_hash, hash, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    s->Bind(1, e.seq).Bind(2, Ts(e.at)).Bind(3, e.actor).Bind(4, e.action).Bind(5, e.entity_type)
        .Bind(6, e.entity_id).Bind(7, e.detail).Bind(8, e.prev_hash).Bind(9, e.hash)
        .Bind(10, e.mac);
    RETURN_IF_ERROR(s->Run());
  }
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("UPDATE audit_head SET hash = ? WHERE id = 1"));
  s->Bind(1, e.hash);
  RETURN_IF_ERROR(s->Run());
  audited_ = true;
  return e;
}

constexpr const char* kAuditColumns =
    "seq, at, actor, action, entity_type, entity_id, detail, prev_hash, hash, mac";

AuditEvent ReadAudit(const Statement& s) {
  AuditEvent e;
  e.seq = s.Int(0);
  e.at = ToTs(s.Text(1));
  e.actor = s.Text(2);
  e.action = s.Text(3);
  e.entity_type = s.Text(4);
  e.entity_id = s.Text(5);
  e.detail = s.Text(6);
  e.prev_hash = s.Text(7);
  e.hash = s.Text(8);
  e.mac = s.Text(9);
  return e;
}

Result<std::vector<AuditEvent>> SqlTransaction::ListAudit(int64_t after_seq, int limit) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?", kAuditColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, after_seq).Bind(2, int64_t{limit});
  return CollectRows<AuditEvent>(*s, ReadAudit);
}

Result<std::pair<int64_t, std::string>> SqlTransaction::AuditHead() {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("SELECT seq, hash FROM audit_head WHERE id = 1"));
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return DataLoss("the audit chain head is missing");
  return std::make_pair(s->Int(0), s->Text(1));
}

Result<std::vector<AuditEvent>> SqlTransaction::QueryAudit(const AuditFilter& f) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM audit_log WHERE (CAST(?1 AS TEXT) IS NULL OR actor = ?1) AND "
      "(CAST(?2 AS TEXT) IS NULL OR entity_id = ?2) AND "
      "(CAST(?3 AS TEXT) IS NULL OR action = ?3 OR substr(action, 1, length(?3)) = ?3) AND "
      "(seq < ?4) ORDER BY seq DESC LIMIT ?5",
      kAuditColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->BindNullIfEmpty(1, f.actor).BindNullIfEmpty(2, f.entity_id).BindNullIfEmpty(3, f.action)
      .Bind(4, f.before_seq > 0 ? f.before_seq : INT64_MAX)
      .Bind(5, int64_t{std::clamp(f.limit, 1, 1000)});
  return CollectRows<AuditEvent>(*s, ReadAudit);
}

// ---- index rows ----

IndexRow ReadIndexRow(const Statement& s) {
  IndexRow r;
  r.person_id = s.Text(0);
  r.status = ToEnum(s.Text(1), ParsePersonStatus, PersonStatus::kUnknown);
  r.sex = ToEnum(s.Text(2), ParseSex, Sex::kUnknown);
  r.birth_date = ToDate(s.Text(3));
  r.approx_age = s.OptionalInt(4);
  r.home_locality = s.Text(5);
  r.created_at = ToTs(s.Text(6));
  r.updated_at = ToTs(s.Text(7));
  return r;
}

Status SqlTransaction::FillIndexRows(std::vector<IndexRow>& rows) {
  if (rows.empty()) return Status::Ok();
  const std::string& first = rows.front().person_id;
  const std::string& last = rows.back().person_id;
  auto find = [&](const std::string& id) -> IndexRow* {
    auto it = std::lower_bound(rows.begin(), rows.end(), id,
                               [](const IndexRow& r, const std::string& v) {
                                 return r.person_id < v;
                               });
    return it != rows.end() && it->person_id == id ? &*it : nullptr;
  };
  {
    ASSIGN_OR_RETURN(auto s, conn_->Prepare(
        "SELECT person_id, full_name FROM person_names WHERE person_id >= ? AND person_id <= ? "
        "ORDER BY person_id, ordinal"));
    s->Bind(1, first).Bind(2, last);
    for (;;) {
      ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      if (IndexRow* r = find(s->Text(0))) r->names.push_back(s->Text(1));
    }
  }
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT r.person_id, coalesce(r.external_id, ''), s.kind, s.region FROM reports r "
      "JOIN sources s ON s.id = r.source_id WHERE r.person_id >= ? AND r.person_id <= ? "
      "ORDER BY r.person_id, r.received_at, r.id"));
  s->Bind(1, first).Bind(2, last);
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    IndexRow* r = find(s->Text(0));
    if (!r) continue;
    if (r->external_id.empty()) r->external_id = s->Text(1);
    if (auto kind = ParseSourceKind(s->Text(2))) {
      if (std::find(r->source_kinds.begin(), r->source_kinds.end(), *kind) ==
          r->source_kinds.end()) {
        r->source_kinds.push_back(*kind);
      }
    }
    std::string region = s->Text(3);
    if (!region.empty() &&
        std::find(r->regions.begin(), r->regions.end(), region) == r->regions.end()) {
      r->regions.push_back(region);
    }
  }
  return Status::Ok();
}

Result<std::vector<IndexRow>> SqlTransaction::ScanIndexRows(std::string_view after_id,
                                                            int limit) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT id, status, sex, birth_date, approx_age, home_locality, created_at, updated_at "
      "FROM persons WHERE id > ? AND purged_at IS NULL AND merged_into IS NULL ORDER BY id "
      "LIMIT ?"));
  s->Bind(1, after_id).Bind(2, int64_t{limit});
  std::vector<IndexRow> rows;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    rows.push_back(ReadIndexRow(*s));
  }
  s.reset();
  RETURN_IF_ERROR(FillIndexRows(rows));
  return rows;
}

Result<std::optional<IndexRow>> SqlTransaction::LoadIndexRow(std::string_view person_id) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT id, status, sex, birth_date, approx_age, home_locality, created_at, updated_at "
      "FROM persons WHERE id = ? AND purged_at IS NULL AND merged_into IS NULL"));
  s->Bind(1, person_id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<IndexRow>();
  std::vector<IndexRow> rows{ReadIndexRow(*s)};
  s.reset();
  RETURN_IF_ERROR(FillIndexRows(rows));
  return std::optional<IndexRow>(std::move(rows.front()));
}

// ---- workflow ----

constexpr const char* kMatchColumns =
    "id, version, person_id, coalesce(report_id, ''), coalesce(inquiry_id, ''), score, "
    "explanation, decision, decided_by, decided_at, created_at";

Match ReadMatch(const Statement& s) {
  Match m;
  m.id = s.Text(0);
  m.version = s.Int(1);
  m.person_id = s.Text(2);
  m.report_id = s.Text(3);
  m.inquiry_id = s.Text(4);
  m.score = s.Double(5);
  m.explanation = s.Text(6);
  m.decision = ToEnum(s.Text(7), ParseMatchDecision, MatchDecision::kPending);
  m.decided_by = s.Text(8);
  if (!s.IsNull(9)) m.decided_at = ToTs(s.Text(9));
  m.created_at = ToTs(s.Text(10));
  return m;
}

Result<Match> SqlTransaction::GetMatch(std::string_view id) {
  static const std::string sql = fmt::format("SELECT {} FROM matches WHERE id = ?", kMatchColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound(fmt::format("no match with id '{}'", id.substr(0, 64)));
  return ReadMatch(*s);
}

Result<std::vector<Match>> SqlTransaction::ListMatches(const MatchFilter& f) {
  // A statement a leading filter, so each uses its index (see ListReports).
  static const std::string by_inquiry = fmt::format(
      "SELECT {} FROM matches WHERE inquiry_id = ?2 AND "
      "(CAST(?1 AS TEXT) IS NULL OR decision = ?1) AND "
      "(CAST(?3 AS TEXT) IS NULL OR person_id = ?3) ORDER BY score DESC, created_at, id LIMIT ?4",
      kMatchColumns);
  static const std::string by_person = fmt::format(
      "SELECT {} FROM matches WHERE person_id = ?3 AND "
      "(CAST(?1 AS TEXT) IS NULL OR decision = ?1) AND "
      "(CAST(?2 AS TEXT) IS NULL OR inquiry_id = ?2) ORDER BY score DESC, created_at, id LIMIT ?4",
      kMatchColumns);
  static const std::string by_decision = fmt::format(
      "SELECT {} FROM matches WHERE decision = ?1 AND "
      "(CAST(?2 AS TEXT) IS NULL OR inquiry_id = ?2) AND "
      "(CAST(?3 AS TEXT) IS NULL OR person_id = ?3) ORDER BY score DESC, created_at, id LIMIT ?4",
      kMatchColumns);
  static const std::string all = fmt::format(
      "SELECT {} FROM matches WHERE (CAST(?1 AS TEXT) IS NULL OR decision = ?1) AND "
      "(CAST(?2 AS TEXT) IS NULL OR inquiry_id = ?2) AND "
      "(CAST(?3 AS TEXT) IS NULL OR person_id = ?3) ORDER BY score DESC, created_at, id LIMIT ?4",
      kMatchColumns);
  const std::string& sql = !f.inquiry_id.empty() ? by_inquiry
                           : !f.person_id.empty() ? by_person
                           : f.decision           ? by_decision
                                                  : all;
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  if (f.decision) {
    s->Bind(1, ToString(*f.decision));
  } else {
    s->BindNull(1);
  }
  s->BindNullIfEmpty(2, f.inquiry_id).BindNullIfEmpty(3, f.person_id)
      .Bind(4, int64_t{std::clamp(f.limit, 1, 1000)});
  return CollectRows<Match>(*s, ReadMatch);
}

// Two plain lookups rather than one query with OR, so each uses its index.
Result<std::optional<Match>> SqlTransaction::FindMatch(std::string_view person_id,
                                                       std::string_view inquiry_id,
                                                       std::string_view report_id) {
  static const std::string by_inquiry = fmt::format(
      "SELECT {} FROM matches WHERE inquiry_id = ? AND person_id = ?", kMatchColumns);
  static const std::string by_report = fmt::format(
      "SELECT {} FROM matches WHERE report_id = ? AND person_id = ? AND inquiry_id IS NULL",
      kMatchColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(inquiry_id.empty() ? by_report.c_str()
                                                             : by_inquiry.c_str()));
  s->Bind(1, inquiry_id.empty() ? report_id : inquiry_id).Bind(2, person_id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<Match>();
  return std::optional<Match>(ReadMatch(*s));
}

Status SqlTransaction::InsertMatch(const Match& m) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "INSERT INTO matches (id, version, person_id, report_id, inquiry_id, score, explanation, "
      "decision, decided_by, decided_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  s->Bind(1, m.id).Bind(2, m.version).Bind(3, m.person_id).BindNullIfEmpty(4, m.report_id)
      .BindNullIfEmpty(5, m.inquiry_id).Bind(6, m.score).Bind(7, m.explanation)
      .Bind(8, ToString(m.decision)).Bind(9, m.decided_by);
  if (m.decided_at) {
    s->Bind(10, Ts(*m.decided_at));
  } else {
    s->BindNull(10);
  }
  s->Bind(11, Ts(m.created_at));
  return s->Run();
}

Status SqlTransaction::UpdateMatch(const Match& m) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "UPDATE matches SET version = version + 1, person_id = ?, report_id = ?, inquiry_id = ?, "
      "score = ?, explanation = ?, decision = ?, decided_by = ?, decided_at = ? "
      "WHERE id = ? AND version = ?"));
  s->Bind(1, m.person_id).BindNullIfEmpty(2, m.report_id).BindNullIfEmpty(3, m.inquiry_id)
      .Bind(4, m.score).Bind(5, m.explanation).Bind(6, ToString(m.decision))
      .Bind(7, m.decided_by);
  if (m.decided_at) {
    s->Bind(8, Ts(*m.decided_at));
  } else {
    s->BindNull(8);
  }
  s->Bind(9, m.id).Bind(10, m.version);
  RETURN_IF_ERROR(s->Run());
  return CheckVersionedUpdate(s->RowsAffected(), "match", m.id, m.version);
}

constexpr const char* kCallbackColumns =
    "id, version, inquiry_id, person_id, match_id, state, attempts, due_at, note, created_at, "
    "updated_at, family_code";

CallbackTask ReadCallback(const Statement& s) {
  CallbackTask c;
  c.id = s.Text(0);
  c.version = s.Int(1);
  c.inquiry_id = s.Text(2);
  c.person_id = s.Text(3);
  c.match_id = s.Text(4);
  c.state = ToEnum(s.Text(5), ParseCallbackState, CallbackState::kPending);
  c.attempts = static_cast<int>(s.Int(6));
  c.due_at = ToTs(s.Text(7));
  c.note = s.Text(8);
  c.created_at = ToTs(s.Text(9));
  c.updated_at = ToTs(s.Text(10));
  c.family_code = s.Text(11);
  return c;
}

Result<CallbackTask> SqlTransaction::GetCallback(std::string_view id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM callbacks WHERE id = ?", kCallbackColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound(fmt::format("no callback with id '{}'", id.substr(0, 64)));
  return ReadCallback(*s);
}

Result<std::vector<CallbackTask>> SqlTransaction::ListCallbacks(
    std::optional<CallbackState> state, int limit) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM callbacks WHERE (CAST(?1 AS TEXT) IS NULL OR state = ?1) "
      "ORDER BY due_at, id LIMIT ?2",
      kCallbackColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  if (state) {
    s->Bind(1, ToString(*state));
  } else {
    s->BindNull(1);
  }
  s->Bind(2, int64_t{std::clamp(limit, 1, 1000)});
  return CollectRows<CallbackTask>(*s, ReadCallback);
}

Status SqlTransaction::InsertCallback(const CallbackTask& c) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "INSERT INTO callbacks (id, version, inquiry_id, person_id, match_id, state, attempts, "
      "due_at, note, created_at, updated_at, family_code) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  s->Bind(1, c.id).Bind(2, c.version).Bind(3, c.inquiry_id).Bind(4, c.person_id)
      .Bind(5, c.match_id).Bind(6, ToString(c.state)).Bind(7, int64_t{c.attempts})
      .Bind(8, Ts(c.due_at)).Bind(9, c.note).Bind(10, Ts(c.created_at)).Bind(11, Ts(c.updated_at))
      .Bind(12, c.family_code);
  return s->Run();
}

Status SqlTransaction::UpdateCallback(const CallbackTask& c) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "UPDATE callbacks SET version = version + 1, person_id = ?, state = ?, attempts = ?, "
      "due_at = ?, note = ?, updated_at = ? WHERE id = ? AND version = ?"));
  s->Bind(1, c.person_id).Bind(2, ToString(c.state)).Bind(3, int64_t{c.attempts})
      .Bind(4, Ts(c.due_at)).Bind(5, c.note).Bind(6, Ts(c.updated_at)).Bind(7, c.id)
      .Bind(8, c.version);
  RETURN_IF_ERROR(s->Run());
  return CheckVersionedUpdate(s->RowsAffected(), "callback", c.id, c.version);
}

Result<std::vector<CallbackTask>> SqlTransaction::CallbacksOfInquiry(
    std::string_view inquiry_id) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM callbacks WHERE inquiry_id = ? ORDER BY created_at, id", kCallbackColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, inquiry_id);
  return CollectRows<CallbackTask>(*s, ReadCallback);
}

Result<MergeRecord> SqlTransaction::GetMerge(std::string_view id) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT id, survivor_id, absorbed_id, snapshot, survivor_version, created_by, created_at, "
      "undone_at FROM merges WHERE id = ?"));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound(fmt::format("no merge with id '{}'", id.substr(0, 64)));
  MergeRecord m{s->Text(0), s->Text(1), s->Text(2), s->Text(3), s->Int(4), s->Text(5),
                ToTs(s->Text(6)), {}};
  if (!s->IsNull(7)) m.undone_at = ToTs(s->Text(7));
  return m;
}

Status SqlTransaction::InsertMerge(const MergeRecord& m) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "INSERT INTO merges (id, survivor_id, absorbed_id, snapshot, survivor_version, "
      "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
  s->Bind(1, m.id).Bind(2, m.survivor_id).Bind(3, m.absorbed_id).Bind(4, m.snapshot)
      .Bind(5, m.survivor_version).Bind(6, m.created_by).Bind(7, Ts(m.created_at));
  return s->Run();
}

Status SqlTransaction::UpdateMerge(const MergeRecord& m) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("UPDATE merges SET undone_at = ? WHERE id = ?"));
  if (m.undone_at) {
    s->Bind(1, Ts(*m.undone_at));
  } else {
    s->BindNull(1);
  }
  s->Bind(2, m.id);
  return s->Run();
}

constexpr const char* kOutboxColumns =
    "id, channel, recipient, body, created_at, sent_at, attempts, last_error";

OutboxMessage ReadOutbox(const Statement& s) {
  OutboxMessage m{s.Text(0), s.Text(1), s.Text(2), s.Text(3), ToTs(s.Text(4)), {},
                  static_cast<int>(s.Int(6)), s.Text(7)};
  if (!s.IsNull(5)) m.sent_at = ToTs(s.Text(5));
  return m;
}

Result<std::vector<OutboxMessage>> SqlTransaction::ListOutbox(bool pending_only, int limit) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM outbox WHERE (?1 = 0 OR sent_at IS NULL) ORDER BY created_at, id LIMIT ?2",
      kOutboxColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, int64_t{pending_only}).Bind(2, int64_t{std::clamp(limit, 1, 10000)});
  std::vector<OutboxMessage> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.push_back(ReadOutbox(*s));
  }
  return out;
}

Result<OutboxMessage> SqlTransaction::GetOutbox(std::string_view id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM outbox WHERE id = ?", kOutboxColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound(fmt::format("no message with id '{}'", id.substr(0, 64)));
  return ReadOutbox(*s);
}

Status SqlTransaction::InsertOutbox(const OutboxMessage& m) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "INSERT INTO outbox (id, channel, recipient, body, created_at, attempts, last_error) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)"));
  s->Bind(1, m.id).Bind(2, m.channel).Bind(3, m.recipient).Bind(4, m.body)
      .Bind(5, Ts(m.created_at)).Bind(6, int64_t{m.attempts}).Bind(7, m.last_error);
  return s->Run();
}

Status SqlTransaction::UpdateOutbox(const OutboxMessage& m) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "UPDATE outbox SET sent_at = ?, attempts = ?, last_error = ? WHERE id = ?"));
  if (m.sent_at) {
    s->Bind(1, Ts(*m.sent_at));
  } else {
    s->BindNull(1);
  }
  s->Bind(2, int64_t{m.attempts}).Bind(3, m.last_error).Bind(4, m.id);
  RETURN_IF_ERROR(s->Run());
  if (s->RowsAffected() != 1) return NotFound(fmt::format("no message with id '{}'", m.id));
  return Status::Ok();
}

Result<std::vector<Report>> SqlTransaction::UnmatchedReports(int limit) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM reports WHERE matched_at IS NULL ORDER BY received_at, id LIMIT ?",
      kReportColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, int64_t{limit});
  return CollectRows<Report>(*s, ReadReport);
}

Result<std::vector<Inquiry>> SqlTransaction::UnmatchedInquiries(int limit) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM inquiries WHERE matched_at IS NULL AND purged_at IS NULL "
      "ORDER BY created_at, id LIMIT ?",
      kInquiryColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, int64_t{limit});
  return CollectRows<Inquiry>(*s, ReadInquiry);
}

Result<std::vector<Inquiry>> SqlTransaction::ScanOpenInquiries(std::string_view after_id,
                                                                int limit) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM inquiries WHERE id > ? AND state IN ('open', 'candidate_found') AND "
      "purged_at IS NULL ORDER BY id LIMIT ?",
      kInquiryColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, after_id).Bind(2, int64_t{limit});
  return CollectRows<Inquiry>(*s, ReadInquiry);
}

Result<std::vector<Inquiry>> SqlTransaction::ListInquiriesOfPerson(std::string_view person_id) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM inquiries WHERE person_id = ? ORDER BY created_at, id", kInquiryColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, person_id);
  return CollectRows<Inquiry>(*s, ReadInquiry);
}

Result<std::vector<Person>> SqlTransaction::ListUnidentified(int limit) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM persons p WHERE purged_at IS NULL AND merged_into IS NULL AND "
      "NOT EXISTS (SELECT 1 FROM person_names n WHERE n.person_id = p.id) "
      "ORDER BY created_at DESC LIMIT ?",
      kPersonColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, int64_t{limit});
  return CollectRows<Person>(*s, ReadPerson);
}

Result<std::vector<StatusEvent>> SqlTransaction::ListStatusEventsOfReport(
    std::string_view report_id) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT id, person_id, report_id, source_id, status, facility, observed_at, recorded_at "
      "FROM status_events WHERE report_id = ? ORDER BY recorded_at, id"));
  s->Bind(1, report_id);
  std::vector<StatusEvent> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.push_back({s->Text(0), s->Text(1), s->Text(2), s->Text(3),
                   ToEnum(s->Text(4), ParsePersonStatus, PersonStatus::kUnknown), s->Text(5),
                   ToTs(s->Text(6)), ToTs(s->Text(7))});
  }
  return out;
}

Result<std::vector<HourFigures>> SqlTransaction::FiguresByHour(Timestamp since) {
  std::string from = Ts(since);
  std::map<std::string, HourFigures> by_hour;
  auto count = [&](const char* sql, int64_t HourFigures::*field) -> Status {
    ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql));
    s->Bind(1, from);
    for (;;) {
      ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      HourFigures& h = by_hour[s->Text(0)];
      h.hour = s->Text(0);
      h.*field = s->Int(1);
    }
    return Status::Ok();
  };
  RETURN_IF_ERROR(count("SELECT substr(created_at, 1, 13), count(*) FROM inquiries "
                        "WHERE created_at >= ? GROUP BY substr(created_at, 1, 13)",
                        &HourFigures::inquiries));
  RETURN_IF_ERROR(count("SELECT substr(created_at, 1, 13), count(*) FROM matches "
                        "WHERE created_at >= ? GROUP BY substr(created_at, 1, 13)",
                        &HourFigures::matches));
  RETURN_IF_ERROR(count("SELECT substr(decided_at, 1, 13), count(*) FROM matches "
                        "WHERE decided_at >= ? AND decision = 'confirmed' "
                        "GROUP BY substr(decided_at, 1, 13)",
                        &HourFigures::confirmed));
  RETURN_IF_ERROR(count("SELECT substr(updated_at, 1, 13), count(*) FROM callbacks "
                        "WHERE updated_at >= ? AND state = 'informed' "
                        "GROUP BY substr(updated_at, 1, 13)",
                        &HourFigures::informed));
  std::vector<HourFigures> out;
  for (auto& [hour, h] : by_hour) out.push_back(h);
  return out;
}

Result<std::vector<std::pair<std::string, int64_t>>> SqlTransaction::CountPersonsByStatus() {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT status, count(*) FROM persons WHERE merged_into IS NULL AND purged_at IS NULL "
      "GROUP BY status ORDER BY status"));
  std::vector<std::pair<std::string, int64_t>> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.emplace_back(s->Text(0), s->Int(1));
  }
  return out;
}

Result<std::vector<std::pair<std::string, int64_t>>> SqlTransaction::CountPersonsBySource() {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT source_id, count(DISTINCT person_id) FROM reports GROUP BY source_id "
      "ORDER BY source_id"));
  std::vector<std::pair<std::string, int64_t>> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.emplace_back(s->Text(0), s->Int(1));
  }
  return out;
}

Result<int64_t> SqlTransaction::CountOpenInquiries() {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT count(*) FROM inquiries WHERE state IN ('open', 'candidate_found', 'confirmed')"));
  ASSIGN_OR_RETURN(bool row, s->Step());
  return row ? s->Int(0) : 0;
}

Result<QueueCounts> SqlTransaction::CountQueues() {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT (SELECT count(*) FROM reports WHERE matched_at IS NULL), "
      "(SELECT count(*) FROM inquiries WHERE matched_at IS NULL AND purged_at IS NULL), "
      "(SELECT count(*) FROM matches WHERE decision = 'pending'), "
      "(SELECT count(*) FROM matches WHERE decision = 'unsure'), "
      "(SELECT count(*) FROM callbacks WHERE state = 'pending'), "
      "(SELECT count(*) FROM outbox WHERE sent_at IS NULL)"));
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return QueueCounts{};
  return QueueCounts{s->Int(0), s->Int(1), s->Int(2), s->Int(3), s->Int(4), s->Int(5)};
}

Status SqlTransaction::MarkReportMatched(std::string_view report_id, Timestamp at) {
  std::string when = Ts(at);
  return RunWith("UPDATE reports SET matched_at = ? WHERE id = ?", {when, report_id});
}

Status SqlTransaction::MarkInquiryMatched(std::string_view inquiry_id, Timestamp at) {
  std::string when = Ts(at);
  return RunWith("UPDATE inquiries SET matched_at = ? WHERE id = ?", {when, inquiry_id});
}

Status SqlTransaction::SetReportPerson(std::string_view report_id, std::string_view person_id) {
  // Both the person losing the report and the one gaining it change.
  ASSIGN_OR_RETURN(auto old,
                   conn_->Prepare("SELECT coalesce(person_id, '') FROM reports WHERE id = ?"));
  old->Bind(1, report_id);
  ASSIGN_OR_RETURN(bool found, old->Step());
  if (found) Touch("person", old->Text(0));
  old.reset();
  Touch("person", person_id);
  return RunWith("UPDATE reports SET person_id = ? WHERE id = ?", {person_id, report_id});
}

Status SqlTransaction::SetStatusEventPerson(std::string_view event_id,
                                            std::string_view person_id) {
  return RunWith("UPDATE status_events SET person_id = ? WHERE id = ?", {person_id, event_id});
}

// ---- users, sessions, tokens ----

constexpr const char* kUserColumns =
    "id, username, display_name, role, coalesce(source_id, ''), password_hash, disabled, "
    "created_at, updated_at";

User ReadUser(const Statement& s) {
  User u;
  u.id = s.Text(0);
  u.username = s.Text(1);
  u.display_name = s.Text(2);
  u.role = ToEnum(s.Text(3), ParseRole, Role::kOperator);
  u.source_id = s.Text(4);
  u.password_hash = s.Text(5);
  u.disabled = s.Int(6) != 0;
  u.created_at = ToTs(s.Text(7));
  u.updated_at = s.Text(8).empty() ? u.created_at : ToTs(s.Text(8));
  return u;
}

Result<User> SqlTransaction::GetUser(std::string_view id) {
  static const std::string sql = fmt::format("SELECT {} FROM users WHERE id = ?", kUserColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound(fmt::format("no user with id '{}'", id.substr(0, 64)));
  return ReadUser(*s);
}

Result<std::optional<User>> SqlTransaction::FindUserByUsername(std::string_view username) {
  static const std::string sql =
      fmt::format("SELECT {} FROM users WHERE username = ?", kUserColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, username);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<User>();
  return std::optional<User>(ReadUser(*s));
}

Result<std::vector<User>> SqlTransaction::ListUsers() {
  static const std::string sql =
      fmt::format("SELECT {} FROM users ORDER BY username", kUserColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  return CollectRows<User>(*s, ReadUser);
}

Status SqlTransaction::InsertUser(const User& u) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "INSERT INTO users (id, username, display_name, role, source_id, password_hash, disabled, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  s->Bind(1, u.id).Bind(2, u.username).Bind(3, u.display_name).Bind(4, ToString(u.role))
      .BindNullIfEmpty(5, u.source_id).Bind(6, u.password_hash).Bind(7, int64_t{u.disabled})
      .Bind(8, Ts(u.created_at)).Bind(9, Ts(u.updated_at));
  return s->Run();
}

Status SqlTransaction::UpdateUser(const User& u) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "UPDATE users SET display_name = ?, role = ?, source_id = ?, password_hash = ?, "
      "disabled = ?, updated_at = ? WHERE id = ?"));
  s->Bind(1, u.display_name).Bind(2, ToString(u.role)).BindNullIfEmpty(3, u.source_id)
      .Bind(4, u.password_hash).Bind(5, int64_t{u.disabled}).Bind(6, Ts(u.updated_at))
      .Bind(7, u.id);
  RETURN_IF_ERROR(s->Run());
  if (s->RowsAffected() != 1) return NotFound(fmt::format("no user with id '{}'", u.id));
  return Status::Ok();
}

Result<std::optional<Session>> SqlTransaction::FindSession(std::string_view token_hash) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT token_hash, user_id, csrf_token, created_at, expires_at, revoked FROM sessions "
      "WHERE token_hash = ?"));
  s->Bind(1, token_hash);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<Session>();
  return std::optional<Session>(Session{s->Text(0), s->Text(1), s->Text(2), ToTs(s->Text(3)),
                                        ToTs(s->Text(4)), s->Int(5) != 0});
}

Status SqlTransaction::InsertSession(const Session& x) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, revoked) "
      "VALUES (?, ?, ?, ?, ?, ?)"));
  s->Bind(1, x.token_hash).Bind(2, x.user_id).Bind(3, x.csrf_token).Bind(4, Ts(x.created_at))
      .Bind(5, Ts(x.expires_at)).Bind(6, int64_t{x.revoked});
  return s->Run();
}

Status SqlTransaction::RevokeSession(std::string_view token_hash) {
  return RunWith("UPDATE sessions SET revoked = 1 WHERE token_hash = ?", {token_hash});
}

Status SqlTransaction::RevokeUserSessions(std::string_view user_id) {
  return RunWith("UPDATE sessions SET revoked = 1 WHERE user_id = ?", {user_id});
}

ApiToken ReadToken(const Statement& s) {
  ApiToken t{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), ToTs(s.Text(5)), {}};
  if (!s.IsNull(6)) t.revoked_at = ToTs(s.Text(6));
  return t;
}

Result<std::optional<ApiToken>> SqlTransaction::FindApiToken(std::string_view token_hash) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT id, token_hash, source_id, name, created_by, created_at, revoked_at "
      "FROM api_tokens WHERE token_hash = ?"));
  s->Bind(1, token_hash);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<ApiToken>();
  return std::optional<ApiToken>(ReadToken(*s));
}

Result<std::vector<ApiToken>> SqlTransaction::ListApiTokens() {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT id, token_hash, source_id, name, created_by, created_at, revoked_at "
      "FROM api_tokens ORDER BY created_at, id"));
  return CollectRows<ApiToken>(*s, ReadToken);
}

Status SqlTransaction::InsertApiToken(const ApiToken& t) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "INSERT INTO api_tokens (id, token_hash, source_id, name, created_by, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?)"));
  s->Bind(1, t.id).Bind(2, t.token_hash).Bind(3, t.source_id).Bind(4, t.name)
      .Bind(5, t.created_by).Bind(6, Ts(t.created_at));
  return s->Run();
}

Status SqlTransaction::RevokeApiToken(std::string_view id, Timestamp at) {
  std::string when = Ts(at);
  RETURN_IF_ERROR(RunWith(
      "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", {when, id}));
  return Status::Ok();
}

// ---- retention ----

Result<std::vector<std::string>> SqlTransaction::Ids(const char* sql, std::string_view param) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql));
  s->Bind(1, param);
  std::vector<std::string> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.push_back(s->Text(0));
  }
  return out;
}

Status SqlTransaction::RunWith(const char* sql, std::initializer_list<std::string_view> params) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql));
  int i = 0;
  for (auto p : params) s->Bind(++i, p);
  return s->Run();
}

Result<std::vector<std::string>> SqlTransaction::InquiriesDueForPurge(Timestamp cutoff) {
  return Ids(
      "SELECT id FROM inquiries WHERE purged_at IS NULL AND closed_at IS NOT NULL AND "
      "closed_at < ? AND state IN ('closed', 'withdrawn') ORDER BY id",
      Ts(cutoff));
}

Result<std::vector<std::string>> SqlTransaction::PersonsDueForPurge(Timestamp cutoff) {
  return Ids(
      "SELECT p.id FROM persons p WHERE p.purged_at IS NULL AND p.updated_at < ?1 AND "
      "NOT EXISTS (SELECT 1 FROM inquiries q WHERE q.person_id = p.id AND "
      "(q.closed_at IS NULL OR q.closed_at >= ?1)) ORDER BY p.id",
      Ts(cutoff));
}

// The statements come from store/personal_data.h, the one list of personal columns.
Status SqlTransaction::PurgeOf(personal_data::Owner owner, std::string_view id, Timestamp at) {
  std::string when = Ts(at);
  Touch(owner == personal_data::Owner::kInquiry ? "inquiry" : "person", id);
  for (const auto& statement : personal_data::PurgeStatements(owner)) {
    RETURN_IF_ERROR(statement.uses_time ? RunWith(statement.sql.c_str(), {id, when})
                                        : RunWith(statement.sql.c_str(), {id}));
  }
  return Status::Ok();
}

Status SqlTransaction::PurgeInquiry(std::string_view id, Timestamp at) {
  return PurgeOf(personal_data::Owner::kInquiry, id, at);
}

Status SqlTransaction::PurgePerson(std::string_view id, Timestamp at) {
  return PurgeOf(personal_data::Owner::kPerson, id, at);
}

}  // namespace

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
