// Operations through the real server: /metrics (Prometheus text that parses, counters that move,
// who may read it), JSON request logs free of personal data, and settings from a config file and
// the environment.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "server_process.h"

namespace aftermath::testing {
namespace {

namespace json = boost::json;

// ---- a strict reader of the Prometheus text format 0.0.4 ----

struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

double ParseValue(const std::string& s, bool* ok) {
  *ok = true;
  if (s == "+Inf") return INFINITY;
  if (s == "-Inf") return -INFINITY;
  if (s == "NaN") return NAN;
  try {
    size_t used = 0;
    double v = std::stod(s, &used);
    if (used == s.size()) return v;
  } catch (const std::exception&) {
  }
  *ok = false;
  return 0;
}

// One sample line: name, optional {labels}, a space and a value.
void ReadSample(const std::string& line, Sample* out) {
  static const std::regex kName("[a-zA-Z_:][a-zA-Z0-9_:]*");
  static const std::regex kLabelName("[a-zA-Z_][a-zA-Z0-9_]*");
  Sample& s = *out;
  ASSERT_FALSE(line.empty() || line[0] == '#') << "unexpected line";
  size_t i = 0;
  while (i < line.size() && line[i] != '{' && line[i] != ' ') ++i;
  s.name = line.substr(0, i);
  ASSERT_TRUE(std::regex_match(s.name, kName)) << "bad metric name";
  if (i < line.size() && line[i] == '{') {
    ++i;
    while (i < line.size() && line[i] != '}') {
      size_t eq = line.find('=', i);
      ASSERT_NE(eq, std::string::npos);
      std::string label = line.substr(i, eq - i);
      ASSERT_TRUE(std::regex_match(label, kLabelName)) << "bad label name " << label;
      ASSERT_LT(eq + 1, line.size());
      ASSERT_EQ(line[eq + 1], '"');
      std::string value;
      size_t j = eq + 2;
      for (; j < line.size() && line[j] != '"'; ++j) {
        if (line[j] == '\\') {
          ASSERT_LT(j + 1, line.size());
          char e = line[++j];
          ASSERT_TRUE(e == '\\' || e == '"' || e == 'n') << "bad escape \\" << e;
          value += e == 'n' ? '\n' : e;
        } else {
          value += line[j];
        }
      }
      ASSERT_LT(j, line.size()) << "unterminated label value";
      EXPECT_FALSE(s.labels.contains(label)) << "label given twice";
      s.labels[label] = value;
      i = j + 1;
      if (i < line.size() && line[i] == ',') ++i;
    }
    ASSERT_LT(i, line.size());
    ++i;  // '}'
  }
  ASSERT_LT(i, line.size());
  ASSERT_EQ(line[i], ' ');
  bool ok = false;
  s.value = ParseValue(line.substr(i + 1), &ok);
  ASSERT_TRUE(ok) << "bad value";
}

// Parses `text`, failing the test on any line that breaks the format: HELP and TYPE before a
// family's samples, valid names, quoted and escaped label values, numeric values, histograms
// with cumulative buckets ending in +Inf equal to _count.
std::vector<Sample> ParsePrometheus(const std::string& text) {
  static const std::regex kName("[a-zA-Z_:][a-zA-Z0-9_:]*");
  std::map<std::string, std::string> types;
  std::set<std::string> series;
  std::vector<Sample> samples;
  EXPECT_TRUE(text.empty() || text.back() == '\n') << "the last line is unterminated";
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    SCOPED_TRACE("line " + std::to_string(n) + ": " + line);
    if (line.starts_with("# HELP ") || line.starts_with("# TYPE ")) {
      std::string rest = line.substr(7);
      std::string name = rest.substr(0, rest.find(' '));
      EXPECT_TRUE(std::regex_match(name, kName));
      if (line[2] == 'T') {
        std::string type = rest.substr(name.size() + 1);
        EXPECT_TRUE(type == "counter" || type == "gauge" || type == "histogram") << type;
        EXPECT_FALSE(types.contains(name)) << "TYPE given twice";
        types[name] = type;
      }
      continue;
    }
    Sample s;
    ReadSample(line, &s);
    // The family this sample belongs to must have been typed before it.
    std::string family = s.name;
    for (const char* suffix : {"_bucket", "_sum", "_count"}) {
      if (family.ends_with(suffix) &&
          types.contains(family.substr(0, family.size() - strlen(suffix))) &&
          types[family.substr(0, family.size() - strlen(suffix))] == "histogram") {
        family = family.substr(0, family.size() - strlen(suffix));
      }
    }
    EXPECT_TRUE(types.contains(family)) << "no TYPE for " << family;
    if (s.name.ends_with("_bucket") && family != s.name) {
      EXPECT_TRUE(s.labels.contains("le")) << "bucket without le";
    }
    std::string key = s.name;
    for (const auto& [k, v] : s.labels) key += "|" + k + "=" + v;
    EXPECT_TRUE(series.insert(key).second) << "series given twice";
    samples.push_back(std::move(s));
  }
  // Histograms: per series, buckets rise with le and end at +Inf == _count.
  for (const auto& [family, type] : types) {
    if (type != "histogram") continue;
    std::map<std::map<std::string, std::string>, std::vector<std::pair<double, double>>> buckets;
    std::map<std::map<std::string, std::string>, double> counts;
    for (const auto& s : samples) {
      auto labels = s.labels;
      if (s.name == family + "_bucket") {
        bool ok = false;
        double le = ParseValue(labels["le"], &ok);
        EXPECT_TRUE(ok) << labels["le"];
        labels.erase("le");
        buckets[labels].emplace_back(le, s.value);
      } else if (s.name == family + "_count") {
        counts[labels] = s.value;
      }
    }
    for (const auto& [labels, list] : buckets) {
      for (size_t k = 1; k < list.size(); ++k) {
        EXPECT_LT(list[k - 1].first, list[k].first) << family << ": le out of order";
        EXPECT_LE(list[k - 1].second, list[k].second) << family << ": buckets not cumulative";
      }
      EXPECT_TRUE(std::isinf(list.back().first)) << family << ": no +Inf bucket";
      EXPECT_EQ(list.back().second, counts[labels]) << family << ": +Inf bucket != _count";
    }
  }
  return samples;
}

// The value of the one sample named `name` whose labels include `labels`; NaN when none.
double Value(const std::vector<Sample>& samples, const std::string& name,
             const std::map<std::string, std::string>& labels = {}) {
  for (const auto& s : samples) {
    if (s.name != name) continue;
    bool all = true;
    for (const auto& [k, v] : labels) {
      auto it = s.labels.find(k);
      if (it == s.labels.end() || it->second != v) all = false;
    }
    if (all) return s.value;
  }
  return NAN;
}

TEST(PrometheusReaderTest, RejectsWhatPrometheusWould) {
  // The reader itself must fail on broken input, or the tests below prove nothing.
  for (const char* bad : {"x 1\n",                                      // no TYPE
                          "# TYPE x gauge\nx{a=\"1} 1\n",               // unterminated
                          "# TYPE x gauge\nx{a=\"\\t\"} 1\n",           // bad escape
                          "# TYPE x gauge\nx one\n",                    // not a number
                          "# TYPE x gauge\nx 1\nx 2\n",                 // series twice
                          "# TYPE h histogram\nh_bucket{le=\"1\"} 2\n"  // not cumulative
                          "h_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n"}) {
    ::testing::TestPartResultArray failures;
    {
      ::testing::ScopedFakeTestPartResultReporter reporter(
          ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &failures);
      ParsePrometheus(bad);
    }
    EXPECT_GT(failures.size(), 0) << "accepted: " << bad;
  }
}

// ---- the server ----

json::object Obj(const HttpResult& r) { return json::parse(r.body).as_object(); }
std::string Str(const json::value& v) { return v.is_string() ? std::string(v.as_string()) : ""; }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class OpsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    db_ = dir_ + "/registry.db";
  }
  void TearDown() override {
    server_.reset();
    for (const char* v : {"AFTERMATH_LOG_FORMAT", "AFTERMATH_METRICS_ALLOW", "AFTERMATH_CONFIG"}) {
      unsetenv(v);
    }
    std::filesystem::remove_all(dir_);
  }

  std::vector<Sample> Scrape() {
    auto r = server_->RequestAs({}, "GET", "/metrics");
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.headers["content-type"], "text/plain; version=0.0.4; charset=utf-8");
    last_scrape_ = r.body;
    return ParsePrometheus(r.body);
  }

  std::string CreateSource(const std::string& name, const std::string& kind) {
    auto r = server_->Request("POST", "/api/v1/sources",
                              json::serialize(json::object{{"name", name}, {"kind", kind}}));
    EXPECT_EQ(r.status, 201) << r.body;
    return Str(Obj(r)["id"]);
  }

  std::string dir_, db_, last_scrape_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(OpsTest, MetricsCountRequestsByRoutePattern) {
  server_ = std::make_unique<ServerProcess>(db_);
  ASSERT_GT(server_->port(), 0);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(server_->RequestAs({}, "GET", "/healthz").status, 200);
  EXPECT_EQ(server_->Request("GET", "/api/v1/persons/per_0000000000NOSUCH").status, 404);
  EXPECT_EQ(server_->Request("GET", "/api/v1/nothing/here").status, 404);

  auto m = Scrape();
  EXPECT_GE(Value(m, "aftermath_http_requests_total",
                  {{"route", "/healthz"}, {"method", "GET"}, {"code", "200"}}),
            3);
  EXPECT_EQ(Value(m, "aftermath_http_requests_total",
                  {{"route", "/api/v1/persons/{id}"}, {"method", "GET"}, {"code", "404"}}),
            1);
  EXPECT_EQ(Value(m, "aftermath_http_requests_total",
                  {{"route", "(not found)"}, {"method", "GET"}, {"code", "404"}}),
            1);
  // Patterns, never paths: ids (and, in queries, names) stay out of the labels.
  EXPECT_EQ(last_scrape_.find("NOSUCH"), std::string::npos);
  EXPECT_EQ(last_scrape_.find("/nothing"), std::string::npos);
  EXPECT_GE(Value(m, "aftermath_http_request_duration_seconds_count",
                  {{"route", "/healthz"}, {"method", "GET"}}),
            3);
  EXPECT_GE(Value(m, "aftermath_http_request_duration_seconds_bucket",
                  {{"route", "/healthz"}, {"le", "10"}}),
            3);
  EXPECT_GE(Value(m, "aftermath_http_requests_in_flight"), 1);  // the scrape itself
  EXPECT_GE(Value(m, "aftermath_http_connections_open"), 1);
  EXPECT_GE(Value(m, "aftermath_http_connections_total"), 6);
  EXPECT_EQ(Value(m, "aftermath_store_up"), 1);
  EXPECT_EQ(Value(m, "aftermath_index_persons", {{"index", "persons"}}), 0);
  EXPECT_FALSE(std::isnan(Value(m, "aftermath_index_spellings", {{"index", "inquiries"}})));
  EXPECT_EQ(Value(m, "aftermath_index_old_spellings", {{"index", "persons"}}), 0);
  EXPECT_EQ(Value(m, "aftermath_build_info"), 1);
  double now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  double started = Value(m, "process_start_time_seconds");
  EXPECT_GT(started, now - 600);
  EXPECT_LE(started, now + 1);
  EXPECT_GT(Value(m, "process_open_fds"), 3);
  EXPECT_GT(Value(m, "process_resident_memory_bytes"), 1e6);

  // The next scrape counts the previous one.
  auto again = Scrape();
  EXPECT_EQ(Value(again, "aftermath_http_requests_total",
                  {{"route", "/metrics"}, {"method", "GET"}, {"code", "200"}}),
            1);
}

TEST_F(OpsTest, QueueGaugesFollowTheWorkflow) {
  server_ = std::make_unique<ServerProcess>(db_);
  ASSERT_GT(server_->port(), 0);
  std::string hospital = CreateSource("City Hospital No. 4", "hospital");
  auto m = Scrape();
  EXPECT_EQ(Value(m, "aftermath_review_queue_matches", {{"decision", "pending"}}), 0);
  EXPECT_EQ(Value(m, "aftermath_matches_proposed_total"), 0);

  auto inquiry = server_->Request("POST", "/api/v1/inquiries", R"({
      "sought_name": "Yerlan Serikov", "sought_sex": "male", "sought_birth_date": "1994",
      "inquirer_name": "Aigul Serikova", "inquirer_relation": "mother",
      "callback_phone": "+7 701 555 01 23"})");
  ASSERT_EQ(inquiry.status, 201) << inquiry.body;
  auto report = server_->Request("POST", "/api/v1/reports", R"({
      "source_id": ")" + hospital + R"(", "external_id": "H4-0001",
      "full_name": "СЕРІКОВ Ерлан Маратұлы", "sex": "m", "birth_date": "1994-03-12",
      "status": "hospitalised", "facility": "City Hospital No. 4"})");
  ASSERT_EQ(report.status, 201) << report.body;

  m = Scrape();
  EXPECT_EQ(Value(m, "aftermath_review_queue_matches", {{"decision", "pending"}}), 1);
  EXPECT_EQ(Value(m, "aftermath_review_queue_matches", {{"decision", "unsure"}}), 0);
  EXPECT_EQ(Value(m, "aftermath_matches_proposed_total"), 1);
  EXPECT_EQ(Value(m, "aftermath_unmatched_reports"), 0);
  EXPECT_EQ(Value(m, "aftermath_unmatched_inquiries"), 0);
  EXPECT_EQ(Value(m, "aftermath_callbacks_pending"), 0);
  EXPECT_EQ(Value(m, "aftermath_index_persons", {{"index", "persons"}}), 1);
  EXPECT_EQ(Value(m, "aftermath_index_persons", {{"index", "inquiries"}}), 1);

  auto queue = Obj(server_->Request("GET", "/api/v1/matches?decision=pending"))["items"].as_array();
  ASSERT_EQ(queue.size(), 1u);
  auto decided =
      server_->Request("POST", "/api/v1/matches/" + Str(queue[0].as_object()["id"]) + "/decision",
                       R"({"decision":"confirmed"})");
  ASSERT_EQ(decided.status, 200) << decided.body;

  m = Scrape();
  EXPECT_EQ(Value(m, "aftermath_review_queue_matches", {{"decision", "pending"}}), 0);
  EXPECT_EQ(Value(m, "aftermath_callbacks_pending"), 1);
  EXPECT_EQ(Value(m, "aftermath_outbox_pending"), 1);
}

TEST_F(OpsTest, MetricsOnlyForListedDirectClients) {
  server_ = std::make_unique<ServerProcess>(db_);
  ASSERT_GT(server_->port(), 0);
  // Through a proxy on this host every client would look local.
  for (const char* header : {"X-Forwarded-For", "Forwarded", "X-Real-IP"}) {
    auto r = server_->RequestAs({}, "GET", "/metrics", {}, {{header, "203.0.113.9"}});
    EXPECT_EQ(r.status, 403) << header;
  }
  server_.reset();  // one server a SQLite file
  server_ = std::make_unique<ServerProcess>(
      db_, std::vector<std::string>{"--metrics-allow", "10.0.0.0/8, 192.0.2.1"});
  ASSERT_GT(server_->port(), 0);
  EXPECT_EQ(server_->RequestAs({}, "GET", "/metrics").status, 403);
  // Signed in as admin changes nothing: the list decides.
  EXPECT_EQ(server_->Request("GET", "/metrics").status, 403);

  std::string out, err;
  EXPECT_EQ(
      RunAftermath({"serve", "--db", "sqlite:" + db_, "--metrics-allow", "localhost"}, &out, &err),
      2);
  EXPECT_NE(err.find("--metrics-allow: 'localhost' is not an IP address or network"),
            std::string::npos)
      << err;
}

TEST_F(OpsTest, JsonLogsCarryRequestsButNoPersonalData) {
  const std::string log = dir_ + "/server.log";
  setenv("AFTERMATH_LOG_FORMAT", "json", 1);
  server_ = std::make_unique<ServerProcess>(db_, std::vector<std::string>{}, log);
  ASSERT_GT(server_->port(), 0);
  std::string hospital = CreateSource("Morgue No. 2", "morgue");
  // A name, a phone and an address nobody else uses, through every kind of request.
  const std::string kName = "Жантөреұлы Зейнолла";
  const std::string kEncoded = "%D0%96%D0%B0%D0%BD%D1%82%D3%A9%D1%80%D0%B5%D2%B1%D0%BB%D1%8B";
  const std::string kPhone = "+7 701 987 65 43";
  auto report = server_->Request("POST", "/api/v1/reports",
                                 R"({
      "source_id": ")" + hospital + R"(", "external_id": "M2-77", "full_name": ")" +
                                     kName +
                                     R"(", "status": "deceased",
      "location": "Qyzylorda, Zheltoqsan 17"})");
  ASSERT_EQ(report.status, 201) << report.body;
  auto inquiry = server_->Request("POST", "/api/v1/inquiries",
                                  R"({
      "sought_name": ")" + kName + R"(", "inquirer_name": "Зейноллаева Бибігүл",
      "inquirer_relation": "daughter", "callback_phone": ")" +
                                      kPhone + R"("})");
  ASSERT_EQ(inquiry.status, 201) << inquiry.body;
  EXPECT_EQ(server_->Request("GET", "/api/v1/search?q=" + kEncoded).status, 200);
  server_->RequestAs({}, "GET", "/api/v1/public/search?surname=" + kEncoded + "&given_name=Z");
  // Rejected input is not echoed into the logs either.
  EXPECT_EQ(
      server_->Request("POST", "/api/v1/inquiries", R"({"sought_name": ")" + kName + "\"").status,
      400);
  auto tagged = server_->RequestAs({}, "GET", "/healthz", {}, {{"X-Request-Id", "probe-42"}});
  EXPECT_EQ(tagged.headers["x-request-id"], "probe-42");
  auto untagged =
      server_->RequestAs({}, "GET", "/healthz", {}, {{"X-Request-Id", "bad id\r\nwith: junk"}});
  std::string generated = untagged.headers["x-request-id"];
  EXPECT_TRUE(std::regex_match(generated, std::regex("[0-9a-f]{16}"))) << generated;
  EXPECT_EQ(server_->Signal(SIGTERM), 0);
  server_.reset();

  std::string text = ReadFile(log);
  ASSERT_FALSE(text.empty());
  for (const std::string& secret :
       {kName, std::string("Жантөреұлы"), std::string("Зейнолла"), kEncoded,
        std::string("Zhantoreuly"), std::string("987 65 43"), std::string("9876543"),
        std::string("Zheltoqsan"), std::string("M2-77")}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << "the logs hold '" << secret << "'";
  }
  int requests = 0;
  bool saw_probe = false, saw_generated = false, saw_search = false;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    json::object o;
    try {
      o = json::parse(line).as_object();
    } catch (const std::exception& e) {
      ADD_FAILURE() << "not a JSON object: " << line;
      continue;
    }
    EXPECT_TRUE(o.contains("ts") && o.contains("level") && o.contains("msg")) << line;
    if (Str(o["msg"]) != "http") continue;
    ++requests;
    EXPECT_TRUE(o["status"].is_int64()) << line;
    EXPECT_TRUE(o["ms"].is_double() || o["ms"].is_int64()) << line;
    EXPECT_TRUE(o["bytes"].is_int64()) << line;
    EXPECT_TRUE(o["request_id"].is_string()) << line;
    EXPECT_TRUE(Str(o["route"]).starts_with("/") || Str(o["route"]).starts_with("(")) << line;
    saw_probe |= Str(o["request_id"]) == "probe-42";
    saw_generated |= Str(o["request_id"]) == generated;
    saw_search |= Str(o["route"]) == "/api/v1/search" && o["status"].as_int64() == 200;
  }
  EXPECT_GE(requests, 8);
  EXPECT_TRUE(saw_probe);
  EXPECT_TRUE(saw_generated);
  EXPECT_TRUE(saw_search);
}

TEST_F(OpsTest, SettingsFromConfigFileAndEnvironment) {
  const std::string conf = dir_ + "/aftermath.conf";
  std::ofstream(conf) << "# the test's installation\n"
                         "metrics-allow = 10.0.0.0/8\n"
                         "line-phone = \"+7 700 000 00 00\"  # shown to the public\n"
                         "log_level = warn\n";
  server_ = std::make_unique<ServerProcess>(db_, std::vector<std::string>{"--config", conf});
  ASSERT_GT(server_->port(), 0);
  EXPECT_EQ(Str(Obj(server_->RequestAs({}, "GET", "/api/v1/public/info"))["phone"]),
            "+7 700 000 00 00");
  EXPECT_EQ(server_->RequestAs({}, "GET", "/metrics").status, 403);  // the file's list

  // The environment wins over the file.
  setenv("AFTERMATH_METRICS_ALLOW", "127.0.0.1", 1);
  server_.reset();  // one server a SQLite file
  server_ = std::make_unique<ServerProcess>(db_, std::vector<std::string>{"--config", conf});
  ASSERT_GT(server_->port(), 0);
  EXPECT_EQ(server_->RequestAs({}, "GET", "/metrics").status, 200);

  // The command line wins over the environment; AFTERMATH_CONFIG names the file.
  setenv("AFTERMATH_METRICS_ALLOW", "10.0.0.0/8", 1);
  setenv("AFTERMATH_CONFIG", conf.c_str(), 1);
  server_.reset();
  server_ = std::make_unique<ServerProcess>(
      db_, std::vector<std::string>{"--metrics-allow", "::1,127.0.0.0/8"});
  ASSERT_GT(server_->port(), 0);
  EXPECT_EQ(server_->RequestAs({}, "GET", "/metrics").status, 200);
  EXPECT_EQ(Str(Obj(server_->RequestAs({}, "GET", "/api/v1/public/info"))["phone"]),
            "+7 700 000 00 00");
  server_.reset();
  unsetenv("AFTERMATH_METRICS_ALLOW");
  unsetenv("AFTERMATH_CONFIG");

  // One file serves every command: `migrate` takes its db and ignores the server's keys.
  const std::string other_db = dir_ + "/other.db";
  std::ofstream(conf) << "db = sqlite:" << other_db << "\nlisten = 127.0.0.1:9\n";
  std::string out, err;
  EXPECT_EQ(RunAftermath({"migrate", "--config", conf}, &out, &err), 0) << err;
  EXPECT_TRUE(std::filesystem::exists(other_db));

  // Mistakes name the file, the line and the key.
  std::ofstream(conf) << "db = sqlite:" << other_db << "\nlisen = 127.0.0.1:9\n";
  EXPECT_EQ(RunAftermath({"serve", "--config", conf}, &out, &err), 2);
  EXPECT_NE(err.find(conf + ":2: unknown key 'lisen'"), std::string::npos) << err;
  EXPECT_EQ(RunAftermath({"user", "list", "--config", dir_ + "/missing.conf"}, &out, &err), 2);
  EXPECT_NE(err.find("cannot read config file " + dir_ + "/missing.conf"), std::string::npos)
      << err;
}


// ---- issue #14 item 2: a second process beside the server ----

std::string SourceNames(const ServerProcess& server) {
  auto r = server.Request("GET", "/api/v1/sources");
  EXPECT_EQ(r.status, 200) << r.body;
  return r.body;
}

// The server answered 201, then another descriptor of the database file was opened and closed in
// its process (which drops SQLite's POSIX locks: here a download of the file from a web root that
// holds it) and `audit verify` ran: it deleted the live -wal, and the rows written after were
// gone after a crash and restart while `audit verify` said "intact". Now readers open the file
// read-only and writers are refused with the server's pid, so every acknowledged write survives.
TEST(DatabaseLockTest, ASecondProcessNeitherCorruptsNorLosesAcknowledgedWrites) {
  std::string dir = TempDir("db_lock"), db = dir + "/registry.db", out, err;
  auto server = std::make_unique<ServerProcess>(db, std::vector<std::string>{"--web", dir});
  ASSERT_GT(server->port(), 0);
  auto add_source = [&](const std::string& name) {
    auto r = server->Request("POST", "/api/v1/sources",
                             json::serialize(json::object{{"name", name}, {"kind", "hospital"}}));
    EXPECT_EQ(r.status, 201) << r.body;
  };
  add_source("Lock Test Hospital A");
  // Whatever the static route answers, the server's process opens and closes the file.
  HttpRequest(server->port(), {}, "GET", "/registry.db");

  // Read-only commands run beside the server.
  EXPECT_EQ(RunAftermath({"audit", "verify", "--db", "sqlite:" + db}, &out, &err), 0) << err;
  EXPECT_NE(out.find("intact"), std::string::npos) << out;
  EXPECT_EQ(RunAftermath({"user", "list", "--db", "sqlite:" + db}, &out, &err), 0) << err;
  EXPECT_NE(out.find("admin"), std::string::npos) << out;
  EXPECT_EQ(RunAftermath({"outbox", "list", "--db", "sqlite:" + db}, &out, &err), 0) << err;
  EXPECT_EQ(RunAftermath({"audit", "query", "--db", "sqlite:" + db, "--limit", "1"}, &out, &err),
            0)
      << err;
  EXPECT_EQ(RunAftermath({"purge", "--db", "sqlite:" + db, "--dry-run"}, &out, &err), 0) << err;
  add_source("Lock Test Hospital B");

  // Writing commands are refused, naming the server.
  std::string in_use = "in use by pid " + std::to_string(server->pid());
  EXPECT_EQ(RunAftermath({"user", "add", "--db", "sqlite:" + db, "--username", "late", "--role",
                          "operator", "--password-stdin"},
                         &out, &err, "a long enough passphrase 42\n"),
            1);
  EXPECT_NE(err.find(in_use), std::string::npos) << err;
  EXPECT_EQ(RunAftermath({"purge", "--db", "sqlite:" + db}, &out, &err), 1);
  EXPECT_NE(err.find(in_use), std::string::npos) << err;
  // A second server too (bounded: before the lock, it started and served on).
  std::string second = dir + "/second.err";
  int rc = std::system(("timeout 10 " + AftermathBinary() + " serve --db sqlite:" + db +
                        " --listen 127.0.0.1:0 >/dev/null 2>" + second)
                           .c_str());
  EXPECT_EQ(WEXITSTATUS(rc), 1);
  EXPECT_NE(ReadFile(second).find(in_use), std::string::npos) << ReadFile(second);
  add_source("Lock Test Hospital C");

  // A crash: what was acknowledged must come back from the -wal.
  server->Signal(SIGKILL);
  server = std::make_unique<ServerProcess>(db);
  ASSERT_GT(server->port(), 0);
  std::string names = SourceNames(*server);
  for (const char* name :
       {"Lock Test Hospital A", "Lock Test Hospital B", "Lock Test Hospital C"}) {
    EXPECT_NE(names.find(name), std::string::npos) << name << " lost: " << names;
  }
  ASSERT_EQ(server->Signal(SIGTERM), 0);

  // Without a server: readers open the closed file (no -wal, no -shm), writers run again.
  EXPECT_FALSE(std::filesystem::exists(db + "-wal"));
  EXPECT_EQ(RunAftermath({"audit", "verify", "--db", "sqlite:" + db}, &out, &err), 0) << err;
  EXPECT_EQ(RunAftermath({"user", "add", "--db", "sqlite:" + db, "--username", "late", "--role",
                          "operator", "--password-stdin"},
                         &out, &err, "a long enough passphrase 42\n"),
            0)
      << err;
}

// ---- issue #14 item 6: what `aftermath purge` leaves ----

// Personal data planted through the API: the reported person (two spellings, merged), the
// family's inquiry, the match, the callback's note and the SMS to the family's phone. After the
// retention period and `aftermath purge`, none of it is in the database file, its -wal, or a
// fresh export. Before the fix the outbox phone, callback note, merge snapshot and match
// explanation survived.
TEST(PurgeTest, LeavesNoPlantedValueInTheFilesOrTheExport) {
  std::string dir = TempDir("purge_all"), db = dir + "/registry.db", out, err;
  auto server = std::make_unique<ServerProcess>(db);
  ASSERT_GT(server->port(), 0);
  auto post = [&](const std::string& method, const std::string& target, const json::object& body,
                  const std::map<std::string, std::string>& headers = {}) {
    auto r = server->Request(method, target, json::serialize(body), headers);
    EXPECT_TRUE(r.status == 200 || r.status == 201) << target << ": " << r.body;
    return r.status / 100 == 2 ? json::parse(r.body).as_object() : json::object();
  };
  auto str = [](const json::value& v) { return v.is_string() ? std::string(v.as_string()) : ""; };
  std::string hospital = str(post("POST", "/api/v1/sources",
                                  {{"name", "City Hospital No. 4"}, {"kind", "hospital"}})["id"]);
  std::string shelter =
      str(post("POST", "/api/v1/sources", {{"name", "Shelter 2"}, {"kind", "shelter"}})["id"]);
  auto inquiry = post("POST", "/api/v1/inquiries",
                      {{"sought_name", "Qorqytbayev Nurlybek"},
                       {"sought_sex", "male"},
                       {"sought_birth_date", "1991"},
                       {"sought_features", "swallow tattoo on the left wrist"},
                       {"last_seen_place", "Zhibek Zholy underpass"},
                       {"inquirer_name", "Saule Qorqytbayeva"},
                       {"inquirer_relation", "grandmother"},
                       {"callback_phone", "+7 701 987 65 43"},
                       {"notes", "calls back after the night shift"}},
                      {{"Idempotency-Key", "purge-test-inquiry"}});  // its answer is kept too
  std::string inquiry_id = str(inquiry["id"]);
  std::string phone = str(inquiry["callback_phone"]);
  auto report = post("POST", "/api/v1/reports",
                     {{"source_id", hospital},
                      {"external_id", "H4-7731"},
                      {"full_name", "ҚОРҚЫТБАЕВ Нұрлыбек Ерғалиұлы"},
                      {"sex", "m"},
                      {"birth_date", "1991-07-19"},
                      {"features", "swallow tattoo, left wrist"},
                      {"status", "hospitalised"},
                      {"facility", "City Hospital No. 4"},
                      {"location", "Ward Nineteen bed seven"},
                      {"notes", "brought by neighbour Ainur"}});
  std::string person_id = str(report["person_id"]);
  auto other = post("POST", "/api/v1/reports",
                    {{"source_id", shelter},
                     {"external_id", "S2-18"},
                     {"full_name", "Korkytbayev Nurlybek"},
                     {"status", "safe"},
                     {"features", "grey anorak with a fox badge"}});
  std::string other_id = str(other["person_id"]);
  ASSERT_FALSE(inquiry_id.empty() || person_id.empty() || other_id.empty());
  if (other_id != person_id) {
    post("POST", "/api/v1/persons/" + person_id + "/merge", {{"other_id", other_id}});
  }
  // The matcher proposed the person for the inquiry; confirming it writes the callback and SMS.
  auto matches = server->Request("GET", "/api/v1/inquiries/" + inquiry_id + "/matches");
  ASSERT_EQ(matches.status, 200) << matches.body;
  auto items = json::parse(matches.body).as_object()["items"].as_array();
  ASSERT_FALSE(items.empty()) << matches.body;
  std::string explanation = str(items[0].as_object()["explanation"]);
  EXPECT_FALSE(explanation.empty());
  post("POST", "/api/v1/matches/" + str(items[0].as_object()["id"]) + "/decision",
       {{"decision", "confirmed"}});
  auto callbacks = server->Request("GET", "/api/v1/callbacks");
  auto tasks = json::parse(callbacks.body).as_object()["items"].as_array();
  ASSERT_EQ(tasks.size(), 1u) << callbacks.body;
  post("POST", "/api/v1/callbacks/" + str(tasks[0].as_object()["id"]) + "/outcome",
       {{"outcome", "informed"}, {"note", "granddaughter Dilnaz will visit"}});
  auto q = json::parse(server->Request("GET", "/api/v1/inquiries/" + inquiry_id).body).as_object();
  post("PATCH", "/api/v1/inquiries/" + inquiry_id,
       {{"version", q["version"]}, {"state", "closed"}, {"close_reason", "family informed"}});
  ASSERT_EQ(server->Signal(SIGTERM), 0);

  const std::vector<std::string> planted = {
      "Qorqytbayev", "Qorqytbayeva", "Нұрлыбек", "ҚОРҚЫТБАЕВ", "Korkytbayev", "swallow tattoo",
      "Zhibek Zholy", "grandmother", phone, "night shift", "1991-07-19", "Ward Nineteen",
      "neighbour Ainur", "fox badge", "Dilnaz"};
  std::string before = ReadFile(db) + ReadFile(db + "-wal");
  std::string outbox;
  ASSERT_EQ(RunAftermath({"outbox", "list", "--all", "--db", "sqlite:" + db}, &outbox, &err), 0);
  EXPECT_NE(outbox.find(phone), std::string::npos) << outbox;  // planted where it matters
  EXPECT_NE(before.find("Dilnaz"), std::string::npos);

  // A year passes (only the dates move), then the daily purge.
  std::string year_ago = "2025-01-01T00:00:00.000Z";
  ASSERT_EQ(std::system(("sqlite3 " + db + " \"UPDATE inquiries SET closed_at = '" + year_ago +
                         "'; UPDATE persons SET updated_at = '" + year_ago + "';\"")
                            .c_str()),
            0);
  ASSERT_EQ(RunAftermath({"purge", "--db", "sqlite:" + db, "--retention-days", "90"}, &out, &err),
            0)
      << err;
  EXPECT_NE(out.find("purged 1 inquiries and 2 persons"), std::string::npos) << out;
  std::string exported;
  ASSERT_EQ(RunAftermath({"export", "--db", "sqlite:" + db, "--format", "jsonl"}, &exported, &err),
            0)
      << err;
  ASSERT_EQ(RunAftermath({"outbox", "list", "--all", "--db", "sqlite:" + db}, &outbox, &err), 0);
  std::string files = ReadFile(db) + ReadFile(db + "-wal");
  for (const auto& value : planted) {
    EXPECT_EQ(files.find(value), std::string::npos) << "'" << value << "' still in the database";
    EXPECT_EQ(exported.find(value), std::string::npos) << "'" << value << "' still exported";
    EXPECT_EQ(outbox.find(value), std::string::npos) << "'" << value << "' still in the outbox";
  }
  EXPECT_EQ(files.find(explanation), std::string::npos) << explanation;
  // The tombstone stays: the audit chain and the inquiry's id.
  EXPECT_EQ(RunAftermath({"audit", "verify", "--db", "sqlite:" + db}, &out, &err), 0) << err;
  EXPECT_NE(files.find(inquiry_id), std::string::npos);
}

// On SQLite the server is the file's one writer, so the daily purge runs inside it
// (--purge-every): the expired inquiry and person lose their personal data and leave the search.
TEST(PurgeTest, TheServerPurgesOnItsOwnSchedule) {
  std::string dir = TempDir("purge_in_server"), db = dir + "/registry.db";
  auto server = std::make_unique<ServerProcess>(db);
  ASSERT_GT(server->port(), 0);
  auto source = json::parse(server->Request("POST", "/api/v1/sources",
                                            R"({"name":"Shelter 9","kind":"shelter"})")
                                .body)
                    .as_object();
  std::string source_id(source["id"].as_string());
  auto report = server->Request("POST", "/api/v1/reports",
                                R"({"source_id":")" + source_id +
                                    R"(","external_id":"S9-1","full_name":"Zhumabekova Tomiris",)"
                                    R"("status":"safe"})");
  ASSERT_EQ(report.status, 201) << report.body;
  auto inquiry = server->Request(
      "POST", "/api/v1/inquiries",
      R"({"sought_name":"Tomiris Zhumabekova","inquirer_name":"Aruzhan","callback_phone":"+7 701 222 33 44"})");
  ASSERT_EQ(inquiry.status, 201) << inquiry.body;
  std::string inquiry_id(json::parse(inquiry.body).as_object()["id"].as_string());
  // Read again: the matcher may have moved it on (candidate found).
  auto q = json::parse(server->Request("GET", "/api/v1/inquiries/" + inquiry_id).body).as_object();
  auto closed = server->Request(
      "PATCH", "/api/v1/inquiries/" + inquiry_id,
      json::serialize(json::object{
          {"version", q["version"]}, {"state", "withdrawn"}, {"close_reason", "found"}}));
  ASSERT_EQ(closed.status, 200) << closed.body;
  auto found = server->Request("GET", "/api/v1/search?q=Zhumabekova");
  ASSERT_NE(found.body.find("Tomiris"), std::string::npos) << found.body;
  ASSERT_EQ(server->Signal(SIGTERM), 0);
  ASSERT_EQ(std::system(("sqlite3 " + db +
                         " \"UPDATE inquiries SET closed_at = '2025-01-01T00:00:00.000Z'; "
                         "UPDATE persons SET updated_at = '2025-01-01T00:00:00.000Z';\"")
                            .c_str()),
            0);

  server = std::make_unique<ServerProcess>(
      db, std::vector<std::string>{"--purge-every", "24", "--retention-days", "90"});
  ASSERT_GT(server->port(), 0);
  bool purged = false;
  for (int i = 0; i < 100 && !purged; ++i) {
    auto r = server->Request("GET", "/api/v1/inquiries/" + inquiry_id);
    purged = r.status == 200 && r.body.find("Aruzhan") == std::string::npos &&
             server->Request("GET", "/api/v1/search?q=Zhumabekova").body.find("Tomiris") ==
                 std::string::npos;
    if (!purged) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(purged) << server->Request("GET", "/api/v1/inquiries/" + inquiry_id).body;
  ASSERT_EQ(server->Signal(SIGTERM), 0);
  std::string files = ReadFile(db) + ReadFile(db + "-wal");
  EXPECT_EQ(files.find("Zhumabekova"), std::string::npos);
  EXPECT_EQ(files.find("222 33 44"), std::string::npos);
}

// Matching in the background must yield the cores to requests (issue #15: a million-row list's
// catch-up took a third of the server's CPU while operators searched). The catch-up runs in a
// thread named for it, at a lower priority than the threads that answer requests.
TEST(BackgroundWorkTest, TheCatchUpRunsBelowTheRequestThreads) {
  std::string dir = TempDir("background_priority"), db = dir + "/registry.db";
  ServerProcess server(db);
  ASSERT_GT(server.port(), 0);
  auto nice_of = [](const std::filesystem::path& task) {
    std::ifstream stat(task / "stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    // After "(comm)", field 19 (nice) is the 17th: the name may hold spaces, the rest do not.
    std::istringstream rest(text.substr(text.rfind(')') + 2));
    std::string field;
    for (int i = 0; i < 17; ++i) rest >> field;
    return std::stoi(field);
  };
  auto comm_of = [](const std::filesystem::path& task) {
    std::ifstream in(task / "comm");
    std::string name;
    std::getline(in, name);
    return name;
  };
  std::optional<int> catch_up_nice;
  int request_threads_nice = 0, threads = 0;
  for (const auto& task :
       std::filesystem::directory_iterator("/proc/" + std::to_string(server.pid()) + "/task")) {
    ++threads;
    if (comm_of(task.path()) == "catch-up") {
      catch_up_nice = nice_of(task.path());
    } else {
      request_threads_nice = std::max(request_threads_nice, nice_of(task.path()));
    }
  }
  ASSERT_TRUE(catch_up_nice.has_value()) << "no thread named catch-up among " << threads;
  EXPECT_EQ(request_threads_nice, 0);
  EXPECT_GE(*catch_up_nice, 10);
}

}  // namespace
}  // namespace aftermath::testing
