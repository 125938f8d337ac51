// Bookkeeping transactions (audit rows of reads, sessions, idempotency keys) beside write
// transactions, on every backend: what they may write, and that the audit chain stays one chain.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <thread>

#include "common/ids.h"
#include "store/postgres/pg_test_database.h"
#include "store/store.h"

namespace aftermath {
namespace {

using std::chrono::seconds;

struct Backend {
  std::string name;
  std::function<std::string()> make_url;
};

void PrintTo(const Backend& backend, std::ostream* os) { *os << backend.name; }

std::string TempSqliteUrl() {
  static int n = 0;
  auto dir =
      std::filesystem::temp_directory_path() / ("aftermath_modes_test_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / ("t" + std::to_string(++n) + ".db");
  std::filesystem::remove(path);
  return "sqlite:" + path.string();
}

std::string TempPostgresUrl() {
  auto url = testing::CreateTestDatabase();
  if (!url.ok()) {
    ADD_FAILURE() << url.status().ToString();
    return "";
  }
  return *url;
}

class TransactionModesTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    auto s = OpenStore(GetParam().make_url());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
  }

  std::unique_ptr<Transaction> Begin(TransactionMode mode) {
    auto tx = store_->Begin(mode);
    EXPECT_TRUE(tx.ok()) << tx.status().ToString();
    return std::move(tx).value();
  }

  AuditEvent Event(std::string action, std::string id = {}) {
    return {.at = now_,
            .actor = "test",
            .action = std::move(action),
            .entity_type = "test",
            .entity_id = std::move(id)};
  }

  Person MakePerson(std::string name) {
    Person p;
    p.id = NewId(kPersonIdPrefix);
    p.names = {PersonName{.full_name = std::move(name)}};
    p.created_at = p.updated_at = now_;
    return p;
  }

  void ExpectChainIntact() {
    auto rows = *Begin(TransactionMode::kRead)->ListAudit(0, 100000);
    std::string prev(64, '0');
    for (size_t i = 0; i < rows.size(); ++i) {
      EXPECT_EQ(rows[i].seq, int64_t(i + 1));
      EXPECT_EQ(rows[i].prev_hash, prev) << "row " << rows[i].seq;
      EXPECT_EQ(AuditHash(rows[i]), rows[i].hash) << "row " << rows[i].seq;
      prev = rows[i].hash;
    }
    auto head = *Begin(TransactionMode::kRead)->AuditHead();
    EXPECT_EQ(head.first, int64_t(rows.size()));
    EXPECT_EQ(head.second, prev);
  }

  std::unique_ptr<Store> store_;
  Timestamp now_ = *ParseTimestamp("2026-01-06T10:00:00Z");
};

TEST_P(TransactionModesTest, BookkeepingWritesAuditRowsAndKeysButNoRecords) {
  auto tx = Begin(TransactionMode::kBookkeeping);
  EXPECT_EQ(tx->InsertPerson(MakePerson("Yerlan Serikov")).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      tx->InsertSource({.id = NewId(kSourceIdPrefix), .name = "X", .created_at = now_}).code(),
      StatusCode::kFailedPrecondition);
  ASSERT_TRUE(tx->InsertIdempotencyKey(
                    {.actor = "usr_1", .key = "k1", .request_hash = "h", .created_at = now_})
                  .ok());
  ASSERT_TRUE(tx->AppendAudit(Event("person.read", "per_1")).ok());
  ASSERT_TRUE(tx->Commit().ok());

  auto read = Begin(TransactionMode::kRead);
  EXPECT_EQ(read->ListAudit(0, 10)->size(), 1u);
  EXPECT_TRUE(read->ListChanges(0, 10)->empty());
  EXPECT_TRUE(read->FindIdempotencyKey("usr_1", "k1")->has_value());
  EXPECT_EQ(read->AppendAudit(Event("person.read")).status().code(),
            StatusCode::kFailedPrecondition);
}

// Rows queued in one transaction are chained in order at its commit, with those of others.
TEST_P(TransactionModesTest, WritersAndBookkeepingShareOneChain) {
  constexpr int kWriters = 2, kBookkeepers = 4, kEach = 15;
  std::atomic<int> failures = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kWriters + kBookkeepers; ++t) {
    threads.emplace_back([&, t] {
      bool writer = t < kWriters;
      for (int i = 0; i < kEach; ++i) {
        auto tx = store_->Begin(writer ? TransactionMode::kWrite : TransactionMode::kBookkeeping);
        if (!tx.ok()) {
          ++failures;
          continue;
        }
        Status s = writer ? (*tx)->InsertPerson(MakePerson("P" + std::to_string(i))) : Status::Ok();
        for (int row = 0; row < 3 && s.ok(); ++row) {
          s = (*tx)->AppendAudit(Event(writer ? "person.create" : "person.read")).status();
        }
        if (s.ok()) s = (*tx)->Commit();
        if (!s.ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto read = Begin(TransactionMode::kRead);
  EXPECT_EQ(read->ListAudit(0, 10000)->size(), size_t(3 * kEach * (kWriters + kBookkeepers)));
  EXPECT_EQ(read->ListChanges(0, 10000)->size(), size_t(kEach * kWriters));
  ExpectChainIntact();
}

// PostgreSQL: an open write transaction (an import, say) holds the writers' lock and has queued
// audit rows; audit rows of reads still commit meanwhile, and its own follow at its commit.
// (SQLite has one writer a file: there bookkeeping waits for the writer like any write.)
TEST_P(TransactionModesTest, BookkeepingCommitsWhileAWriteTransactionIsOpen) {
  if (GetParam().name != "postgres") GTEST_SKIP() << "one writer a file";
  auto writer = Begin(TransactionMode::kWrite);
  ASSERT_TRUE(writer->InsertPerson(MakePerson("Yerlan Serikov")).ok());
  ASSERT_TRUE(writer->AppendAudit(Event("person.create", "w")).ok());

  auto bookkeeping = std::async(std::launch::async, [&] {
    auto tx = store_->Begin(TransactionMode::kBookkeeping);
    if (!tx.ok()) return tx.status();
    RETURN_IF_ERROR((*tx)->AppendAudit(Event("person.read", "r")).status());
    return (*tx)->Commit();
  });
  ASSERT_EQ(bookkeeping.wait_for(seconds(5)), std::future_status::ready)
      << "the audit row of a read waited for an open write transaction";
  EXPECT_TRUE(bookkeeping.get().ok());

  ASSERT_TRUE(writer->Commit().ok());
  auto rows = *Begin(TransactionMode::kRead)->ListAudit(0, 10);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].entity_id, "r");
  EXPECT_EQ(rows[1].entity_id, "w");
  ExpectChainIntact();
}

INSTANTIATE_TEST_SUITE_P(Backends, TransactionModesTest,
                         ::testing::Values(Backend{"sqlite", TempSqliteUrl},
                                           Backend{"postgres", TempPostgresUrl}),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace aftermath
