#include "registry/read_audit.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "access/access_service.h"
#include "access/password.h"
#include "access/session_confirmation.h"
#include "registry/registry.h"

namespace aftermath {
namespace {

// The real store, counting the bookkeeping transactions begun on it: how many commits the
// audit rows took.
class CountingStore final : public Store {
 public:
  explicit CountingStore(std::unique_ptr<Store> store) : store_(std::move(store)) {}
  Result<std::unique_ptr<Transaction>> Begin(TransactionMode mode) override {
    if (mode == TransactionMode::kBookkeeping) ++bookkeeping_;
    if (mode == TransactionMode::kWrite) ++writes_;
    return store_->Begin(mode);
  }
  Result<int> SchemaVersion() override { return store_->SchemaVersion(); }
  int LatestSchemaVersion() const override { return store_->LatestSchemaVersion(); }
  Status Migrate() override { return store_->Migrate(); }
  Status ReclaimSpace() override { return store_->ReclaimSpace(); }
  const std::string& Origin() const override { return store_->Origin(); }
  std::unique_ptr<ChangeWaiter> WatchChanges() override { return store_->WatchChanges(); }
  std::string Describe() const override { return store_->Describe(); }
  const AuditMacFunction& AuditMac() const override { return store_->AuditMac(); }

  int bookkeeping() const { return bookkeeping_; }
  int writes() const { return writes_; }

 private:
  std::unique_ptr<Store> store_;
  std::atomic<int> bookkeeping_ = 0;
  std::atomic<int> writes_ = 0;
};

// Another process's hold on the SQLite file: a raw connection in a write transaction, so the
// store's next write waits (in SQLite's busy handler) until Release().
class FileWriteLock {
 public:
  explicit FileWriteLock(const std::string& path) {
    EXPECT_EQ(sqlite3_open(path.c_str(), &db_), SQLITE_OK);
    Exec("BEGIN IMMEDIATE");
  }
  ~FileWriteLock() { sqlite3_close(db_); }
  void Exec(const char* sql) {
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db_, sql, nullptr, nullptr, &error), SQLITE_OK)
        << sql << ": " << (error ? error : "");
    sqlite3_free(error);
  }
  void Release() { Exec("COMMIT"); }

 private:
  sqlite3* db_ = nullptr;
};

class ReadAuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = std::filesystem::temp_directory_path() /
               ("aftermath_read_audit_test_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    path_ = (dir /
             (std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + ".db"))
                .string();
    std::filesystem::remove(path_);
    auto store = OpenStore("sqlite:" + path_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::make_unique<CountingStore>(std::move(store).value());
    audit_ = std::make_unique<ReadAudit>(*store_, clock_);
  }

  static AuditEvent Event(std::string actor, std::string entity_id) {
    return {.at = *ParseTimestamp("2026-01-06T10:00:00Z"),
            .actor = std::move(actor),
            .action = "person.read",
            .entity_type = "person",
            .entity_id = std::move(entity_id)};
  }

  std::vector<AuditEvent> Rows() {
    return *store_->Begin(TransactionMode::kRead).value()->ListAudit(0, 100000);
  }

  // Every row links to the one before it and hashes to its stored hash.
  void ExpectChainIntact(const std::vector<AuditEvent>& rows) {
    std::string prev(64, '0');
    for (size_t i = 0; i < rows.size(); ++i) {
      EXPECT_EQ(rows[i].seq, int64_t(i + 1));
      EXPECT_EQ(rows[i].prev_hash, prev) << "row " << rows[i].seq;
      EXPECT_EQ(AuditHash(rows[i]), rows[i].hash) << "row " << rows[i].seq;
      prev = rows[i].hash;
    }
    auto head = store_->Begin(TransactionMode::kRead).value()->AuditHead();
    ASSERT_TRUE(head.ok());
    EXPECT_EQ(head->first, int64_t(rows.size()));
    EXPECT_EQ(head->second, prev);
  }

  // Starts `n` threads that each record one event (entity ids "<prefix>0".."<prefix>n-1") and
  // returns them; each stores its status in `results`.
  std::vector<std::thread> RecordInThreads(int n, const std::string& prefix,
                                           std::vector<Status>& results) {
    results.assign(n, Status::Ok());
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i) {
      threads.emplace_back([this, i, prefix, &results] {
        results[i] = audit_->Record(Event("usr_" + prefix, prefix + std::to_string(i)));
      });
    }
    return threads;
  }

  std::string path_;
  FakeClock clock_{*ParseTimestamp("2026-01-06T10:00:00Z")};
  std::unique_ptr<CountingStore> store_;
  std::unique_ptr<ReadAudit> audit_;
};

TEST_F(ReadAuditTest, ConcurrentReadsShareCommitsAndEveryRowIsInTheChain) {
  constexpr int kThreads = 32, kEach = 25;
  std::atomic<int> failures = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        if (!audit_->Record(Event("usr_" + std::to_string(t), std::to_string(t * kEach + i)))
                 .ok()) {
          ++failures;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_LT(store_->bookkeeping(), kThreads * kEach);
  auto rows = Rows();
  ASSERT_EQ(rows.size(), size_t(kThreads * kEach));
  std::set<std::string> ids;
  for (const auto& r : rows) ids.insert(r.entity_id);
  EXPECT_EQ(ids.size(), size_t(kThreads * kEach));  // each read's own row, none twice
  ExpectChainIntact(rows);
}

// The rows queued behind a commit go in the next commit together; when it fails, every read
// waiting on it gets the error and none of their rows is written.
TEST_F(ReadAuditTest, AFailingCommitFailsEveryReadWaitingOnIt) {
  ASSERT_TRUE(audit_->Record(Event("usr_before", "0")).ok());
  auto head = *store_->Begin(TransactionMode::kRead).value()->AuditHead();
  int before = store_->bookkeeping();

  FileWriteLock other(path_);
  // The first read leads and waits for the file; the others queue behind it.
  std::vector<Status> results;
  auto threads = RecordInThreads(8, "waiting", results);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  other.Exec("DELETE FROM audit_head");  // the chain's head is gone: every append fails
  other.Release();
  for (auto& th : threads) th.join();

  for (const Status& s : results) EXPECT_EQ(s.code(), StatusCode::kDataLoss) << s.ToString();
  // The leader's own commit (alone, or with those queued already), then one for all who queued
  // meanwhile: most reads failed with a commit they waited on.
  EXPECT_LE(store_->bookkeeping() - before, 2);
  EXPECT_EQ(Rows().size(), 1u);

  FileWriteLock repair(path_);
  repair.Exec(("INSERT INTO audit_head (id, seq, hash) VALUES (1, " + std::to_string(head.first) +
               ", '" + head.second + "')")
                  .c_str());
  repair.Release();
  ASSERT_TRUE(audit_->Record(Event("usr_after", "1")).ok());
  auto rows = Rows();
  ASSERT_EQ(rows.size(), 2u);
  ExpectChainIntact(rows);
}

// A row the database refuses fails only its own read, not the others committed with it.
TEST_F(ReadAuditTest, ARefusedRowFailsOnlyItsOwnRead) {
  FileWriteLock other(path_);
  other.Exec(
      "CREATE TRIGGER refuse_bad BEFORE INSERT ON audit_log WHEN NEW.actor = 'usr_bad' "
      "BEGIN SELECT RAISE(ABORT, 'refused'); END");
  std::vector<Status> results;
  auto threads = RecordInThreads(6, "good", results);
  Status bad;
  std::thread bad_thread([&] { bad = audit_->Record(Event("usr_bad", "x")); });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  other.Release();
  for (auto& th : threads) th.join();
  bad_thread.join();

  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument) << bad.ToString();
  for (const Status& s : results) EXPECT_TRUE(s.ok()) << s.ToString();
  auto rows = Rows();
  EXPECT_EQ(rows.size(), 6u);
  ExpectChainIntact(rows);
}

// The outcome a deferred answer waits for, filled in by WhenDurable's callback.
struct Outcome {
  Mutex mu;
  std::condition_variable_any told_cv;
  int calls GUARDED_BY(mu) = 0;
  Status status GUARDED_BY(mu);

  std::function<void(Status)> Callback() {
    return [this](Status s) {
      MutexLock lock(&mu);
      ++calls;
      status = std::move(s);
      told_cv.notify_all();
    };
  }
  // The status told, waiting up to 10 s; nullopt if none was.
  std::optional<Status> Wait() {
    MutexLock lock(&mu);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (calls == 0 && told_cv.wait_until(mu, deadline) == std::cv_status::no_timeout) {
    }
    if (calls == 0) return std::nullopt;
    return status;
  }
  int Calls() {
    MutexLock lock(&mu);
    return calls;
  }
};

// Under a deferral (the HTTP server's threads) a read does not wait for its row: it goes on at
// once, and what holds its answer learns when the row is durable.
TEST_F(ReadAuditTest, UnderADeferralAReadGoesOnAndItsAnswerWaitsForTheRow) {
  FileWriteLock other(path_);  // the row cannot be committed until this lets go
  Outcome outcome;
  {
    AuditDeferral deferral;
    EXPECT_FALSE(deferral.pending());
    EXPECT_TRUE(audit_->Record(Event("usr_a", "1")).ok());
    EXPECT_TRUE(audit_->Record(Event("usr_a", "2")).ok());
    ASSERT_TRUE(deferral.pending());
    deferral.Release().WhenDurable(outcome.Callback());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(outcome.Calls(), 0);
  other.Release();
  auto told = outcome.Wait();
  ASSERT_TRUE(told.has_value());
  EXPECT_TRUE(told->ok()) << told->ToString();
  EXPECT_EQ(outcome.Calls(), 1);
  auto rows = Rows();
  ASSERT_EQ(rows.size(), 2u);
  ExpectChainIntact(rows);

  // Rows already durable: the answer is told at once.
  AuditDeferral deferral;
  ASSERT_TRUE(audit_->Record(Event("usr_a", "3")).ok());
  PendingAudit pending = deferral.Release();
  while (Rows().size() < 3) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  Outcome at_once;
  pending.WhenDurable(at_once.Callback());
  EXPECT_EQ(at_once.Calls(), 1);
}

// A deferred row whose commit fails fails the answer; one refused row among several fails it too.
TEST_F(ReadAuditTest, ADeferredAnswerLearnsTheFirstFailureOfItsRows) {
  FileWriteLock other(path_);
  other.Exec(
      "CREATE TRIGGER refuse_bad BEFORE INSERT ON audit_log WHEN NEW.actor = 'usr_bad' "
      "BEGIN SELECT RAISE(ABORT, 'refused'); END");
  Outcome mixed, good;
  {
    AuditDeferral deferral;
    ASSERT_TRUE(audit_->Record(Event("usr_good", "1")).ok());
    ASSERT_TRUE(audit_->Record(Event("usr_bad", "2")).ok());
    deferral.Release().WhenDurable(mixed.Callback());
  }
  {
    AuditDeferral deferral;
    ASSERT_TRUE(audit_->Record(Event("usr_good", "3")).ok());
    deferral.Release().WhenDurable(good.Callback());
  }
  other.Release();
  auto told = mixed.Wait();
  ASSERT_TRUE(told.has_value());
  EXPECT_EQ(told->code(), StatusCode::kInvalidArgument) << told->ToString();
  told = good.Wait();
  ASSERT_TRUE(told.has_value());
  EXPECT_TRUE(told->ok()) << told->ToString();
  EXPECT_EQ(mixed.Calls(), 1);

  FileWriteLock breaker(path_);
  breaker.Exec("DELETE FROM audit_head");  // every append fails
  breaker.Release();
  Outcome broken;
  {
    AuditDeferral deferral;
    ASSERT_TRUE(audit_->Record(Event("usr_good", "4")).ok());
    deferral.Release().WhenDurable(broken.Callback());
  }
  told = broken.Wait();
  ASSERT_TRUE(told.has_value());
  EXPECT_EQ(told->code(), StatusCode::kDataLoss) << told->ToString();
  std::set<std::string> written;
  for (const auto& r : Rows()) written.insert(r.entity_id);
  EXPECT_EQ(written, (std::set<std::string>{"1", "3"}));
}

// The server looks for expired PFIF records every minute. It held the writers' lock while it
// looked (a second at a million persons), and every audited read's commit waited behind it: a
// minute with nothing due must take no write transaction.
TEST_F(ReadAuditTest, AMinuteWithNothingToExpireTakesNoWriteTransaction) {
  Registry registry(*store_, clock_);
  int before = store_->writes();
  auto expired = registry.ExpirePfifRecords("system:test");
  ASSERT_TRUE(expired.ok()) << expired.status().ToString();
  EXPECT_EQ(*expired, 0);
  EXPECT_EQ(store_->writes(), before);
}

// Two servers over one store: this one took the session from memory (access/
// session_confirmation.h); the other ended it. The read's commit finds that out: the read fails
// and writes no row, while a read of a live session in the same commit goes through.
TEST_F(ReadAuditTest, AReadUnderASessionEndedElsewhereFailsAndWritesNoRow) {
  access::AccessService server(*store_, clock_);
  for (const char* name : {"ended", "live"}) {
    auto u = server.CreateUser("cli:test", {.username = name,
                                            .role = Role::kOperator,
                                            .password = "correct horse battery staple"});
    ASSERT_TRUE(u.ok()) << u.status().ToString();
  }
  auto ended = server.Login("ended", "correct horse battery staple", "127.0.0.1");
  auto live = server.Login("live", "correct horse battery staple", "127.0.0.1");
  ASSERT_TRUE(ended.ok() && live.ok());
  ASSERT_TRUE(server.Logout({.user_id = ended->user.id}, ended->session_token).ok());
  int rows_before = static_cast<int>(Rows().size());

  // Several reads of each session at once, so that both kinds share commits.
  constexpr int kEach = 6;
  std::vector<Status> results(2 * kEach);
  std::vector<char> confirmed(2 * kEach, 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < 2 * kEach; ++i) {
    const auto& login = i % 2 ? *live : *ended;
    threads.emplace_back([&, i] {
      access::UnconfirmedSession session(access::Sha256Hex(login.session_token));
      results[i] = audit_->Record(Event(login.user.id, "per_" + std::to_string(i)));
      confirmed[i] = session.confirmed();
    });
  }
  for (auto& th : threads) th.join();

  std::set<std::string> written;
  auto rows = Rows();
  for (int i = rows_before; i < static_cast<int>(rows.size()); ++i) {
    written.insert(rows[i].entity_id);
  }
  for (int i = 0; i < 2 * kEach; ++i) {
    std::string id = "per_" + std::to_string(i);
    if (i % 2) {
      EXPECT_TRUE(results[i].ok()) << results[i].ToString();
      EXPECT_TRUE(confirmed[i]);
      EXPECT_TRUE(written.count(id)) << id;
    } else {
      EXPECT_EQ(results[i].code(), StatusCode::kUnauthenticated) << results[i].ToString();
      EXPECT_FALSE(confirmed[i]);
      EXPECT_FALSE(written.count(id)) << id;
    }
  }
  ExpectChainIntact(rows);

  // A disabled account and an expired session are ended sessions too.
  auto again = server.Login("live", "correct horse battery staple", "127.0.0.1");
  ASSERT_TRUE(again.ok());
  {
    clock_.Advance(std::chrono::hours(13));
    access::UnconfirmedSession session(access::Sha256Hex(again->session_token));
    EXPECT_EQ(audit_->Record(Event(again->user.id, "expired")).code(),
              StatusCode::kUnauthenticated);
  }
  // Under a deferral the read goes on, the session counts as confirmed (its answer waits for
  // the commit), and the commit refuses the row.
  Outcome outcome;
  {
    access::UnconfirmedSession session(access::Sha256Hex(again->session_token));
    AuditDeferral deferral;
    EXPECT_TRUE(audit_->Record(Event(again->user.id, "expired.deferred")).ok());
    EXPECT_TRUE(session.confirmed());
    deferral.Release().WhenDurable(outcome.Callback());
  }
  auto told = outcome.Wait();
  ASSERT_TRUE(told.has_value());
  EXPECT_EQ(told->code(), StatusCode::kUnauthenticated) << told->ToString();
  for (const auto& r : Rows()) EXPECT_NE(r.entity_id, "expired.deferred");
}

}  // namespace
}  // namespace aftermath
