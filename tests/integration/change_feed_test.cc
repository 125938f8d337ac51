// Several processes over one registry: each server's in-memory indexes follow what the others
// commit (the store's change feed), and stale edits are refused across servers.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <thread>

#include "server_process.h"
#include "store/postgres/pg_test_database.h"

namespace aftermath::testing {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

json::object Obj(const HttpResult& r) { return json::parse(r.body).as_object(); }

// Searches through `server` until `person_id` is among the hits or `limit` passes; returns how
// long it took (or nullopt).
std::optional<Clock::duration> TimeUntilFound(const ServerProcess& server, const std::string& q,
                                              const std::string& person_id, Clock::duration limit) {
  auto start = Clock::now();
  while (Clock::now() - start < limit) {
    auto r = server.Request("GET", "/api/v1/search?q=" + q);
    if (r.status == 200 && r.body.find(person_id) != std::string::npos) {
      return Clock::now() - start;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return std::nullopt;
}

class TwoServersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto url = CreateTestDatabase();
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    url_ = *url;
    a_ = std::make_unique<ServerProcess>(url_);
    b_ = std::make_unique<ServerProcess>(url_);
    ASSERT_GT(a_->port(), 0);
    ASSERT_GT(b_->port(), 0);
    auto src = a_->Request("POST", "/api/v1/sources",
                           R"({"name":"City Hospital No. 4","kind":"hospital"})");
    ASSERT_EQ(src.status, 201) << src.body;
  }

  std::string url_;
  std::unique_ptr<ServerProcess> a_, b_;
};

TEST_F(TwoServersTest, PersonWrittenThroughOneIsFoundThroughTheOtherWithinASecond) {
  for (int i = 0; i < 3; ++i) {
    auto r = a_->Request(
        "POST", "/api/v1/reports",
        json::serialize(json::object{
            {"source", "City Hospital No. 4"},
            {"external_id", "H4-" + std::to_string(i)},
            {"full_name", i == 0 ? "Тоқаев Қасым-Жомарт" : "Серіков Ерлан " + std::to_string(i)},
            {"status", "hospitalised"}}));
    ASSERT_EQ(r.status, 201) << r.body;
    if (i != 0) continue;
    std::string id(Obj(r)["person_id"].as_string());
    auto took = TimeUntilFound(*b_, "Kassym-Jomart%20Tokayev", id, std::chrono::seconds(5));
    ASSERT_TRUE(took.has_value()) << "never found through the other server";
    EXPECT_LT(*took, std::chrono::seconds(1))
        << std::chrono::duration_cast<std::chrono::milliseconds>(*took).count() << " ms";
  }
}

// Each server keeps the sessions it has seen in memory for the search (access/
// session_confirmation.h); a sign-out, a disabled account or a new password through the other
// server still stops the very next search, and the very next read of any other route.
TEST_F(TwoServersTest, ASessionEndedOnOneServerIsRefusedByTheOtherAtOnce) {
  auto add = [&](const std::string& name) {
    auto r = a_->Request("POST", "/api/v1/users",
                         json::serialize(json::object{
                             {"username", name}, {"role", "operator"}, {"password", kTestPassword}}));
    ASSERT_EQ(r.status, 201) << r.body;
  };
  add("signs.out");
  add("is.disabled");
  add("new.password");
  auto search = [&](const Credentials& who) {
    return b_->RequestAs(who, "GET", "/api/v1/search?q=Kassym-Jomart%20Tokayev").status;
  };
  auto signed_in = [&](const std::string& name) {
    Credentials who = LoginAt(a_->port(), name);
    // Twice: the second search takes the session from b's memory.
    EXPECT_EQ(search(who), 200) << name;
    EXPECT_EQ(search(who), 200) << name;
    return who;
  };

  // A search refused before it reads anything writes no audit row: the guard confirms the
  // session itself before the refusal leaves, so even "400" is not told to an ended session.
  Credentials out = signed_in("signs.out");
  ASSERT_EQ(a_->RequestAs(out, "POST", "/api/v1/auth/logout").status, 204);
  EXPECT_EQ(b_->RequestAs(out, "GET", "/api/v1/search?q=x&limit=0").status, 401);
  EXPECT_EQ(search(out), 401);
  EXPECT_EQ(b_->RequestAs(out, "GET", "/api/v1/auth/me").status, 401);

  Credentials disabled = signed_in("is.disabled");
  ASSERT_EQ(a_->Request("PATCH", "/api/v1/users/is.disabled", R"({"disabled":true})").status, 200);
  // Refused by the commit of its audit row, which the held answer waited for: the browser is
  // told to drop the cookie as well.
  auto refused = b_->RequestAs(disabled, "GET", "/api/v1/search?q=Kassym-Jomart%20Tokayev");
  EXPECT_EQ(refused.status, 401) << refused.body;
  EXPECT_NE(refused.headers["set-cookie"].find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(search(disabled), 401);

  Credentials reset = signed_in("new.password");
  ASSERT_EQ(a_->Request("PATCH", "/api/v1/users/new.password",
                        R"({"password":"another horse battery staple"})")
                .status,
            200);
  EXPECT_EQ(search(reset), 401);
  EXPECT_EQ(b_->RequestAs(reset, "GET", "/api/v1/auth/me").status, 401);

  // Nothing was audited for the refused searches: every search row is one that was answered.
  auto rows = a_->Request("GET", "/api/v1/audit?action=person.search&limit=100");
  ASSERT_EQ(rows.status, 200) << rows.body;
  EXPECT_EQ(Obj(rows)["items"].as_array().size(), 6u) << rows.body;
}

TEST_F(TwoServersTest, AStaleEditThroughTheOtherServerIsAConflict) {
  auto created = a_->Request("POST", "/api/v1/inquiries",
                             R"({"sought_name":"Серіков Ерлан","inquirer_name":"Айгүл",
                                 "callback_phone":"+7 701 123 45 67"})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto q = Obj(created);
  std::string path = "/api/v1/inquiries/" + std::string(q["id"].as_string());
  int64_t read_version = q["version"].as_int64();
  auto first = a_->Request(
      "PATCH", path,
      json::serialize(json::object{{"version", read_version}, {"notes", "seen at the square"}}));
  ASSERT_EQ(first.status, 200) << first.body;
  auto second = b_->Request(
      "PATCH", path,
      json::serialize(json::object{{"version", read_version}, {"notes", "overwrites?"}}));
  ASSERT_EQ(second.status, 409) << second.body;
  auto current = Obj(second)["current"].as_object();
  EXPECT_EQ(current["version"].as_int64(), read_version + 1);
  EXPECT_EQ(current["notes"], "seen at the square");
  EXPECT_EQ(Obj(b_->Request("GET", path))["notes"], "seen at the square");
}

TEST_F(TwoServersTest, AReportThroughOneServerMatchesAnInquiryOpenedOnTheOther) {
  auto created = a_->Request("POST", "/api/v1/inquiries",
                             R"({"sought_name":"Yerlan Serikov","inquirer_name":"Aigul",
                                 "callback_phone":"+7 701 123 45 67"})");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id(Obj(created)["id"].as_string());
  std::this_thread::sleep_for(std::chrono::seconds(1));  // B's inquiry index follows the feed
  auto report = b_->Request("POST", "/api/v1/reports",
                            R"({"source":"City Hospital No. 4","external_id":"H4-9",
                                "full_name":"Серіков Ерлан","status":"hospitalised"})");
  ASSERT_EQ(report.status, 201) << report.body;
  std::string person(Obj(report)["person_id"].as_string());
  auto deadline = Clock::now() + std::chrono::seconds(5);
  bool matched = false;
  while (!matched && Clock::now() < deadline) {
    auto m = a_->Request("GET", "/api/v1/inquiries/" + id + "/matches");
    matched = m.status == 200 && m.body.find(person) != std::string::npos;
    if (!matched) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(matched);
}

// SQLite: one writer a file (issue #14 item 2). A CLI import into the file a server is serving
// is refused, naming the server, and changes nothing; imports beside a running server go through
// POST /api/v1/imports (or PostgreSQL, above).
TEST(ChangeFeedSqliteTest, CommandLineImportIsRefusedWhileTheServerRuns) {
  std::string dir = TempDir("change_feed_sqlite");
  std::string db = dir + "/registry.db";
  ServerProcess server(db);
  ASSERT_GT(server.port(), 0);
  std::string csv = dir + "/list.csv";
  std::ofstream(csv) << "№,ФИО,Статус\n1,Тоқаев Қасым-Жомарт,hospitalised\n";
  std::string out, err;
  EXPECT_EQ(RunAftermath({"import", "--db", "sqlite:" + db, "--source", "City Hospital No. 4",
                          "--source-kind", "hospital", csv},
                         &out, &err),
            1);
  EXPECT_NE(err.find("in use by pid " + std::to_string(server.pid())), std::string::npos) << err;
  auto r = server.Request("GET", "/api/v1/search?q=Kassym-Jomart%20Tokayev");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Obj(r)["items"].as_array().empty());
}

}  // namespace
}  // namespace aftermath::testing
