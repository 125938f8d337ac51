// The HTTP API end to end: the real binary, a real SQLite file, real sockets on loopback.
#include <gtest/gtest.h>
#include <signal.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <thread>

#include "server_process.h"

namespace aftermath::testing {
namespace {

namespace json = boost::json;

json::object Obj(const HttpResult& r) {
  auto v = json::parse(r.body);
  return v.as_object();
}

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    db_ = dir_ + "/registry.db";
    server_ = std::make_unique<ServerProcess>(db_);
    ASSERT_GT(server_->port(), 0);
  }

  std::string CreateSource(const std::string& name, const std::string& kind) {
    auto r = server_->Request("POST", "/api/v1/sources",
                              json::serialize(json::object{{"name", name}, {"kind", kind}}));
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(Obj(r)["id"].as_string());
  }

  int64_t CountPersons() {
    int64_t n = 0;
    std::string cursor;
    do {
      auto r = server_->Request("GET", "/api/v1/persons?limit=200" +
                                           (cursor.empty() ? "" : "&cursor=" + cursor));
      auto o = Obj(r);
      n += o["items"].as_array().size();
      cursor = o["next_cursor"].is_null() ? "" : std::string(o["next_cursor"].as_string());
    } while (!cursor.empty());
    return n;
  }

  std::string dir_, db_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(ApiTest, HealthzReportsTheDatabase) {
  auto r = server_->Request("GET", "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(Obj(r)["db"], "ok");
  EXPECT_EQ(r.headers["cache-control"], "no-store");
}

TEST_F(ApiTest, ReportCreatesAPersonThatCanBeReadAndListed) {
  std::string hospital = CreateSource("City Hospital No. 4", "hospital");
  auto r = server_->Request("POST", "/api/v1/reports", R"({
      "source_id": ")" + hospital + R"(", "external_id": "H4-17",
      "full_name": "Серіков Ерлан Маратұлы", "sex": "m", "birth_date": "1994-03-12",
      "status": "hospitalised", "facility": "City Hospital No. 4", "location": "Ward 3",
      "observed_at": "2026-01-06T08:00:00+06:00", "raw": "СЕРІКОВ;ЕРЛАН;1994"})");
  ASSERT_EQ(r.status, 201) << r.body;
  auto report = Obj(r);
  EXPECT_EQ(report["change"], "created");
  EXPECT_EQ(report["observed_at"], "2026-01-06T02:00:00.000Z");
  std::string person_id(report["person_id"].as_string());

  auto p = server_->Request("GET", "/api/v1/persons/" + person_id);
  ASSERT_EQ(p.status, 200) << p.body;
  auto person = Obj(p);
  EXPECT_EQ(person["display_name"], "Серіков Ерлан Маратұлы");
  EXPECT_EQ(person["status"], "hospitalised");
  EXPECT_EQ(person["facility"], "City Hospital No. 4");
  EXPECT_EQ(person["birth_date"], "1994-03-12");

  auto h = server_->Request("GET", "/api/v1/persons/" + person_id + "/history");
  ASSERT_EQ(h.status, 200);
  EXPECT_EQ(Obj(h)["items"].as_array().size(), 1u);

  // The same report again changes nothing; a corrected one updates the same record.
  auto again = server_->Request("POST", "/api/v1/reports", R"({
      "source_id": ")" + hospital + R"(", "external_id": "H4-17",
      "full_name": "Серіков Ерлан Маратұлы", "sex": "m", "birth_date": "1994-03-12",
      "status": "hospitalised", "facility": "City Hospital No. 4", "location": "Ward 3",
      "observed_at": "2026-01-06T08:00:00+06:00", "raw": "СЕРІКОВ;ЕРЛАН;1994"})");
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(Obj(again)["change"], "unchanged");
  EXPECT_EQ(Obj(again)["id"], report["id"]);
  EXPECT_EQ(CountPersons(), 1);
}

TEST_F(ApiTest, ListsPageWithCursors) {
  std::string src = CreateSource("Shelter", "shelter");
  for (int i = 0; i < 5; ++i) {
    auto r = server_->Request("POST", "/api/v1/persons",
                              json::serialize(json::object{{"full_name", "Person " + std::to_string(i)}}));
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.headers["location"], "/api/v1/persons/" + std::string(Obj(r)["id"].as_string()));
  }
  auto first = Obj(server_->Request("GET", "/api/v1/persons?limit=2"));
  EXPECT_EQ(first["items"].as_array().size(), 2u);
  ASSERT_TRUE(first["next_cursor"].is_string());
  EXPECT_EQ(CountPersons(), 5);
  auto bad = server_->Request("GET", "/api/v1/persons?cursor=nonsense");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Obj(bad)["error"].as_object()["field"], "cursor");
}

struct BadCase {
  const char* what;
  const char* method;
  const char* path;
  std::string body;
  int status;
  const char* code;
  const char* field;  // nullptr: not checked
};

TEST_F(ApiTest, BadInputGetsAClearErrorAndWritesNothing) {
  std::string src = CreateSource("Police Dept 1", "police");
  std::string big(2 << 20, 'a');
  std::vector<BadCase> cases = {
      {"malformed JSON", "POST", "/api/v1/persons", "{\"full_name\": ", 400, "invalid_argument", "body"},
      {"not an object", "POST", "/api/v1/persons", "[1]", 400, "invalid_argument", "body"},
      {"unknown field", "POST", "/api/v1/persons", R"({"full_name":"A B","birthdate":"1990"})", 400,
       "invalid_argument", "birthdate"},
      {"wrong type", "POST", "/api/v1/persons", R"({"full_name": 42})", 400, "invalid_argument",
       "full_name"},
      {"missing name", "POST", "/api/v1/persons", R"({"sex":"m"})", 400, "invalid_argument",
       "full_name"},
      {"invalid date", "POST", "/api/v1/persons", R"({"full_name":"A B","birth_date":"31.02.1990"})",
       400, "invalid_argument", "birth_date"},
      {"impossible date", "POST", "/api/v1/persons",
       R"({"full_name":"A B","birth_date":"1990-02-30"})", 400, "invalid_argument", "birth_date"},
      {"age out of range", "POST", "/api/v1/persons", R"({"full_name":"A B","approx_age":500})", 400,
       "invalid_argument", "approx_age"},
      {"unknown status", "POST", "/api/v1/reports",
       R"({"source_id":")" + src + R"(","full_name":"A B","status":"dead"})", 400,
       "invalid_argument", "status"},
      {"unknown source", "POST", "/api/v1/reports",
       R"({"source_id":"src_0000000000000000","full_name":"A B"})", 400, "invalid_argument",
       "source_id"},
      {"zoneless time", "POST", "/api/v1/reports",
       R"({"source_id":")" + src + R"(","full_name":"A B","observed_at":"2026-01-06 10:00"})", 400,
       "invalid_argument", "observed_at"},
      {"bad phone", "POST", "/api/v1/inquiries",
       R"({"sought_name":"A B","inquirer_name":"C D","callback_phone":"call me"})", 400,
       "invalid_argument", "callback_phone"},
      {"invalid UTF-8", "POST", "/api/v1/persons", "{\"full_name\":\"\xff\xfe\"}", 400,
       "invalid_argument", nullptr},
      {"oversized body", "POST", "/api/v1/persons", "{\"full_name\":\"" + big + "\"}", 413,
       "payload_too_large", nullptr},
      {"unknown id", "GET", "/api/v1/persons/per_0000000000000000", "", 404, "not_found", nullptr},
      {"bad limit", "GET", "/api/v1/persons?limit=0", "", 400, "invalid_argument", "limit"},
      {"bad status filter", "GET", "/api/v1/persons?status=dead", "", 400, "invalid_argument",
       "status"},
      {"unknown endpoint", "GET", "/api/v1/nothing", "", 404, "not_found", nullptr},
      {"wrong method", "DELETE", "/api/v1/persons", "", 405, "method_not_allowed", nullptr},
  };
  for (const auto& c : cases) {
    auto r = server_->Request(c.method, c.path, c.body);
    EXPECT_EQ(r.status, c.status) << c.what << ": " << r.body.substr(0, 300);
    if (r.status <= 0) continue;
    auto body = json::parse(r.body, *std::make_unique<boost::system::error_code>());
    ASSERT_TRUE(body.is_object()) << c.what << ": " << r.body.substr(0, 300);
    auto& err = body.as_object()["error"].as_object();
    EXPECT_EQ(err["code"], c.code) << c.what;
    EXPECT_FALSE(err["message"].as_string().empty()) << c.what;
    if (c.field) {
      EXPECT_EQ(err["field"], c.field) << c.what << ": " << r.body;
    }
  }
  EXPECT_EQ(CountPersons(), 0);
  // The server is still healthy after all of that.
  EXPECT_EQ(server_->Request("GET", "/healthz").status, 200);
}

// Issue #14: a date in the future pinned a status for ever (item 5); names carried U+202E and
// U+200B (item 11). Every such date is a 400 naming the field; bidi controls are refused and
// zero-width characters dropped from names.
TEST_F(ApiTest, FutureDatesAndInvisibleCharactersInNames) {
  std::string src = CreateSource("City Hospital No. 4", "hospital");
  struct Case {
    const char* what;
    const char* path;
    std::string body;
    const char* field;
  };
  const std::string inquiry = R"("inquirer_name":"Aigul","callback_phone":"+7 701 555 01 23")";
  std::vector<Case> cases = {
      {"observed in 3026", "/api/v1/reports",
       R"({"source_id":")" + src + R"(","full_name":"A B","status":"deceased",)"
       R"("observed_at":"3026-01-01T00:00:00Z"})", "observed_at"},
      {"observed in 2099, with an offset", "/api/v1/reports",
       R"({"source_id":")" + src + R"(","full_name":"A B","status":"deceased",)"
       R"("observed_at":"2099-01-01T00:00:00+01:00"})", "observed_at"},
      {"born in 2090", "/api/v1/reports",
       R"({"source_id":")" + src + R"(","full_name":"A B","birth_date":"2090"})", "birth_date"},
      {"person born in 2090", "/api/v1/persons", R"({"full_name":"A B","birth_date":"2090-01"})",
       "birth_date"},
      {"sought person born in 2090", "/api/v1/inquiries",
       R"({"sought_name":"A B","sought_birth_date":"2090",)" + inquiry + "}",
       "sought_birth_date"},
      {"last seen in 3026", "/api/v1/inquiries",
       R"({"sought_name":"A B","last_seen_at":"3026-01-01T00:00:00Z",)" + inquiry + "}",
       "last_seen_at"},
      {"RLO in a report's name", "/api/v1/reports",
       R"({"source_id":")" + src + R"(","full_name":"\u202eвокіреС Ерлан"})", "full_name"},
      {"LRI in another name", "/api/v1/persons",
       R"({"full_name":"A B","other_names":["\u2066Ivan"]})", "full_name"},
      {"RLM in the sought name", "/api/v1/inquiries",
       R"({"sought_name":"A\u200fB",)" + inquiry + "}", "sought_name"},
      {"RLO in the inquirer's name", "/api/v1/inquiries",
       R"({"sought_name":"A B","inquirer_name":"\u202eAigul",)"
       R"("callback_phone":"+7 701 555 01 23"})", "inquirer_name"},
  };
  for (const auto& c : cases) {
    auto r = server_->Request("POST", c.path, c.body);
    EXPECT_EQ(r.status, 400) << c.what << ": " << r.body;
    if (r.status != 400) continue;
    EXPECT_EQ(Obj(r)["error"].as_object()["field"], c.field) << c.what << ": " << r.body;
  }
  // An upload names the line and column of each such row.
  auto upload = server_->Request(
      "POST", "/api/v1/imports?format=jsonl&source_id=" + src,
      R"({"full_name":"A B","observed_at":"3026-01-01T00:00:00Z"})" "\n"
      R"({"full_name":"C D","birth_date":"2090"})" "\n");
  ASSERT_EQ(upload.status, 200) << upload.body;
  auto rejected = Obj(upload)["rejected"].as_array();
  ASSERT_EQ(rejected.size(), 2u) << upload.body;
  EXPECT_EQ(rejected[0].as_object().at("line"), 1);
  EXPECT_EQ(rejected[0].as_object().at("column"), "observed_at");
  EXPECT_EQ(rejected[1].as_object().at("line"), 2);
  EXPECT_EQ(rejected[1].as_object().at("column"), "birth_date");
  EXPECT_EQ(CountPersons(), 0);

  // Zero-width characters are dropped: the name is kept as it reads.
  auto p = server_->Request("POST", "/api/v1/persons",
                            R"({"full_name":"Ив\u200bан\ufeff Петров"})");
  ASSERT_EQ(p.status, 201) << p.body;
  EXPECT_EQ(p.body.find("\xe2\x80\x8b"), std::string::npos) << p.body;
  EXPECT_NE(p.body.find("Иван Петров"), std::string::npos) << p.body;
  auto q = server_->Request("POST", "/api/v1/inquiries",
                            R"({"sought_name":"Ив\u200bан","inquirer_name":"Ai\u2060gul",)"
                            R"("callback_phone":"+7 701 555 01 23"})");
  ASSERT_EQ(q.status, 201) << q.body;
  EXPECT_EQ(Obj(q)["sought_name"], "Иван");
  EXPECT_EQ(Obj(q)["inquirer_name"], "Aigul");
}

TEST_F(ApiTest, WrongContentTypeIs415) {
  auto r = server_->Request("POST", "/api/v1/persons", R"({"full_name":"A B"})",
                            {{"Content-Type", "text/plain"}});
  EXPECT_EQ(r.status, 415);
}

TEST_F(ApiTest, StaleInquiryVersionIsAConflictWithTheCurrentRecord) {
  auto created = server_->Request("POST", "/api/v1/inquiries", R"({
      "sought_name": "Yerlan Serikov", "sought_sex": "male", "inquirer_name": "Aigul Serikova",
      "inquirer_relation": "mother", "callback_phone": "+7 701 555 01 23",
      "last_seen_at": "2026-01-05T18:00:00Z"})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto q = Obj(created);
  EXPECT_EQ(q["state"], "open");
  std::string path = "/api/v1/inquiries/" + std::string(q["id"].as_string());

  auto first = server_->Request("PATCH", path, R"({"version": 1, "notes": "first operator"})");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(Obj(first)["version"], 2);
  auto second = server_->Request("PATCH", path, R"({"version": 1, "notes": "second operator"})");
  EXPECT_EQ(second.status, 409) << second.body;
  auto body = Obj(second);
  EXPECT_EQ(body["error"].as_object()["code"], "conflict");
  EXPECT_EQ(body["current"].as_object()["notes"], "first operator");
  EXPECT_EQ(Obj(server_->Request("GET", path))["notes"], "first operator");

  auto no_version = server_->Request("PATCH", path, R"({"notes": "x"})");
  EXPECT_EQ(no_version.status, 400);
  EXPECT_EQ(Obj(no_version)["error"].as_object()["field"], "version");
  auto bad_state = server_->Request("PATCH", path, R"({"version": 2, "state": "found"})");
  EXPECT_EQ(Obj(bad_state)["error"].as_object()["field"], "state");
}

TEST_F(ApiTest, ConcurrentClientsAreAllServed) {
  constexpr int kThreads = 6, kEach = 15;
  std::atomic<int> ok = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto r = server_->Request(
            "POST", "/api/v1/persons",
            json::serialize(json::object{{"full_name", "P " + std::to_string(t * 100 + i)}}));
        if (r.status == 201) ++ok;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), kThreads * kEach);
  EXPECT_EQ(CountPersons(), kThreads * kEach);
}

TEST_F(ApiTest, AcknowledgedWriteSurvivesSigkill) {
  std::vector<std::string> ids;
  for (int i = 0; i < 20; ++i) {
    auto r = server_->Request("POST", "/api/v1/persons",
                              json::serialize(json::object{{"full_name", "Survivor " + std::to_string(i)}}));
    ASSERT_EQ(r.status, 201);
    ids.push_back(std::string(Obj(r)["id"].as_string()));
  }
  // Killed right after the last acknowledgement: no chance to flush anything more.
  server_->Signal(SIGKILL);
  server_ = std::make_unique<ServerProcess>(db_);
  for (const auto& id : ids) {
    EXPECT_EQ(server_->Request("GET", "/api/v1/persons/" + id).status, 200) << id;
  }
}

TEST_F(ApiTest, SigtermStopsCleanly) {
  EXPECT_EQ(server_->Request("GET", "/healthz").status, 200);
  EXPECT_EQ(server_->Signal(SIGTERM), 0);
}

TEST_F(ApiTest, ServesTheWebConsole) {
  auto r = server_->Request("GET", "/");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.headers["content-type"].find("text/html"), std::string::npos);
  EXPECT_EQ(server_->Request("GET", "/../CMakeLists.txt").status, 404);
}

// Supervisors export while the server runs (on SQLite the CLI's export, a writer, is refused
// beside it): the same bytes as `aftermath export` of the same data, and audited.
TEST_F(ApiTest, ExportOverHttpIsTheCliExport) {
  std::string shelter = CreateSource("Shelter 5", "shelter");
  auto r = server_->Request("POST", "/api/v1/reports", R"({
      "source_id": ")" + shelter + R"j(", "external_id": "S5-1", "full_name": "Абенова Жанар",
      "status": "safe", "notes": "=HYPERLINK(\"http://x\")"})j");
  ASSERT_EQ(r.status, 201) << r.body;
  auto csv = server_->Request("GET", "/api/v1/export?format=csv");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.headers["content-type"], "text/csv; charset=utf-8");
  EXPECT_NE(csv.body.find("Абенова Жанар"), std::string::npos);
  EXPECT_NE(csv.body.find("\"'=HYPERLINK"), std::string::npos) << csv.body;
  EXPECT_EQ(csv.headers["x-exported-reports"], "1");
  EXPECT_EQ(server_->Request("GET", "/api/v1/export?format=xls").status, 400);
  EXPECT_EQ(server_->Request("GET", "/api/v1/export?format=csv&source_id=src_x").status, 400);
  auto http_jsonl = server_->Request("GET", "/api/v1/export?format=jsonl");
  ASSERT_EQ(http_jsonl.status, 200);
  auto audit = server_->Request("GET", "/api/v1/audit?action=export");
  EXPECT_NE(audit.body.find("\"export\""), std::string::npos) << audit.body;
  ASSERT_EQ(server_->Signal(SIGTERM), 0);
  std::string cli_jsonl, err;
  ASSERT_EQ(RunAftermath({"export", "--db", DbUrl(db_), "--format", "jsonl"}, &cli_jsonl, &err), 0)
      << err;
  EXPECT_EQ(http_jsonl.body, cli_jsonl);
}

// A client that opens a connection and dribbles a request is cut off at the read timeout,
// and other clients are served meanwhile.
TEST(SlowClientTest, IsTimedOutWithoutStarvingOthers) {
  std::string dir = TempDir("slow");
  ServerProcess server(dir + "/r.db", {"--read-timeout", "1", "--threads", "1"});
  ASSERT_GT(server.port(), 0);
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(server.port());
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_GT(write(fd, "GET /healthz HTTP/1.1\r\nHo", 25), 0);
  EXPECT_EQ(server.Request("GET", "/healthz").status, 200);  // others are served meanwhile
  auto start = std::chrono::steady_clock::now();
  char buf[64];
  timeval tv{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ssize_t n = read(fd, buf, sizeof buf);  // 0: the server closed the connection
  double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(n, 0);
  EXPECT_LT(waited, 4.0);
  close(fd);
}

}  // namespace
}  // namespace aftermath::testing
