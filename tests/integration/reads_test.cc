// Reads do not queue behind writes: two servers over one PostgreSQL answer audited searches,
// with their audit rows durable, while another session holds the writers' lock (an import in
// progress, a stuck writer).
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <boost/json.hpp>
#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "server_process.h"
#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_test_database.h"

namespace aftermath::testing {
namespace {

using std::chrono::seconds;

// A raw libpq session beside the servers.
class PgSession {
 public:
  explicit PgSession(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    EXPECT_EQ(PQstatus(conn_), CONNECTION_OK) << PQerrorMessage(conn_);
  }
  ~PgSession() { PQfinish(conn_); }
  // The first column of the first row ("" when none); fails the test on an error.
  std::string Query(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    ExecStatusType st = PQresultStatus(r);
    EXPECT_TRUE(st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
        << sql << ": " << PQerrorMessage(conn_);
    std::string out = st == PGRES_TUPLES_OK && PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "";
    PQclear(r);
    return out;
  }

 private:
  PGconn* conn_;
};

class ReadsBesideWritersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto url = CreateTestDatabase();
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    url_ = *url;
    a_ = std::make_unique<ServerProcess>(url_);
    b_ = std::make_unique<ServerProcess>(url_);
    ASSERT_GT(a_->port(), 0);
    ASSERT_GT(b_->port(), 0);
    ASSERT_EQ(a_->Request("POST", "/api/v1/sources",
                          R"({"name":"City Hospital No. 4","kind":"hospital"})")
                  .status,
              201);
    auto r = a_->Request("POST", "/api/v1/reports",
                         R"({"source":"City Hospital No. 4","external_id":"H4-1",
                             "full_name":"Серіков Ерлан","status":"hospitalised"})");
    ASSERT_EQ(r.status, 201) << r.body;
    // Server B's index follows the change feed.
    auto deadline = std::chrono::steady_clock::now() + seconds(5);
    while (b_->Request("GET", "/api/v1/search?q=Yerlan%20Serikov").body.find("person_id") ==
               std::string::npos &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

  std::string url_;
  std::unique_ptr<ServerProcess> a_, b_;
};

TEST_F(ReadsBesideWritersTest, SearchesOnBothServersAnswerWhileAnotherSessionHoldsTheWriterLock) {
  PgSession observer(url_);
  auto searches = [&] {
    return observer.Query("SELECT count(*) FROM audit_log WHERE action = 'person.search'");
  };
  int before = std::stoi(searches());

  PgSession holder(url_);
  holder.Query("SELECT pg_advisory_lock(" + std::to_string(sql::kWriterLockKey) + ")");

  // Several searches on each server at once, as operators on both would send them.
  constexpr int kEach = 4;
  std::vector<std::future<HttpResult>> results;
  for (const ServerProcess* server : {a_.get(), b_.get()}) {
    for (int i = 0; i < kEach; ++i) {
      results.push_back(std::async(std::launch::async, [server] {
        return server->Request("GET", "/api/v1/search?q=Yerlan%20Serikov");
      }));
    }
  }
  auto deadline = std::chrono::steady_clock::now() + seconds(5);
  int answered = 0;
  for (auto& f : results) {
    if (f.wait_until(deadline) != std::future_status::ready) continue;
    ++answered;
    HttpResult r = f.get();
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_NE(r.body.find("person_id"), std::string::npos) << r.body;
  }
  EXPECT_EQ(answered, 2 * kEach) << "searches waited for the writers' lock";
  // Answered means audited: the rows are committed, visible to another session, lock still held.
  EXPECT_EQ(std::stoi(searches()), before + answered);

  holder.Query("SELECT pg_advisory_unlock(" + std::to_string(sql::kWriterLockKey) + ")");
  for (auto& f : results) {
    if (f.valid()) f.wait();  // those that waited (the old code) finish once it is released
  }
}

// A write in progress on server A (the writers' lock held by A itself, its transaction waiting
// on a row lock another session holds): searches on A and B still answer, audited.
TEST_F(ReadsBesideWritersTest, AnAuditRowOfAReadDoesNotWaitForAWritersCommit) {
  PgSession observer(url_);
  int before =
      std::stoi(observer.Query("SELECT count(*) FROM audit_log WHERE action = 'person.search'"));
  // Holds the person's row, so the next write that updates it (holding the writers' lock, its
  // audit row queued) waits inside its transaction.
  PgSession holder(url_);
  holder.Query("BEGIN");
  holder.Query("SELECT id FROM persons FOR UPDATE");
  auto write = std::async(std::launch::async, [&] {
    return a_->Request("POST", "/api/v1/reports",
                       R"({"source":"City Hospital No. 4","external_id":"H4-1",
                           "full_name":"Серіков Ерлан","status":"safe"})");
  });
  ASSERT_EQ(write.wait_for(std::chrono::milliseconds(500)), std::future_status::timeout)
      << "the write did not wait for the row lock";

  std::vector<std::future<HttpResult>> results;
  for (const ServerProcess* server : {a_.get(), b_.get()}) {
    results.push_back(std::async(std::launch::async, [server] {
      return server->Request("GET", "/api/v1/search?q=Yerlan%20Serikov");
    }));
  }
  auto deadline = std::chrono::steady_clock::now() + seconds(5);
  int answered = 0;
  for (auto& f : results) {
    if (f.wait_until(deadline) != std::future_status::ready) continue;
    ++answered;
    EXPECT_EQ(f.get().status, 200);
  }
  EXPECT_EQ(answered, 2) << "searches waited for a writer";
  EXPECT_EQ(
      std::stoi(observer.Query("SELECT count(*) FROM audit_log WHERE action = 'person.search'")),
      before + answered);

  holder.Query("COMMIT");
  HttpResult w = write.get();
  EXPECT_LT(w.status, 300) << w.body;
  for (auto& f : results) {
    if (f.valid()) f.wait();
  }
}

}  // namespace
}  // namespace aftermath::testing
