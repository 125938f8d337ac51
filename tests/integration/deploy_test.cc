// Fault tests of the loopback deployment (deploy/local/cluster.sh): nginx in front of two
// `aftermath serve` processes over one PostgreSQL. Each test starts its own deployment, breaks
// one part of it under a stream of requests, and checks what clients were told against what
// the database holds afterwards.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "server_process.h"

namespace aftermath::testing {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::string SourceDir() {
  const char* d = std::getenv("AFTERMATH_SOURCE_DIR");
  return d ? d : ".";
}

json::object Obj(const HttpResult& r) {
  std::error_code ec;
  auto v = json::parse(r.body, ec);
  return !ec && v.is_object() ? v.as_object() : json::object{};
}

std::string Str(const json::object& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
}

int64_t Int(const json::object& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_int64() ? it->value().as_int64() : -1;
}

std::string ErrorCode(const HttpResult& r) {
  auto o = Obj(r);
  auto it = o.find("error");
  return it != o.end() && it->value().is_object() ? Str(it->value().as_object(), "code") : "";
}

// A name nobody else in the test has: syllables spelling a counter, so search finds exactly it.
std::string UniqueName(int n) {
  static const char* kSyllables[] = {"ka", "ri", "mo", "zu", "te", "lo", "ba", "ne", "si", "du"};
  std::string surname;
  for (int i = 0; i < 5; ++i, n /= 10) surname += kSyllables[n % 10];
  surname[0] = static_cast<char>(std::toupper(surname[0]));
  return surname + " Aidar";
}

// The deployment, started by the script the way an operator would, and stopped at the end.
class LocalCluster {
 public:
  explicit LocalCluster(const std::string& name) : dir_(TempDir("deploy_" + name)) {
    int rc = Script("start");
    if (rc != 0) {
      ADD_FAILURE() << "cluster.sh start failed (" << rc << "):\n" << Log();
      return;
    }
    std::ifstream in(dir_ + "/env");
    std::string line;
    while (std::getline(in, line)) {
      auto eq = line.find('=');
      if (eq != std::string::npos) env_[line.substr(0, eq)] = line.substr(eq + 1);
    }
    started_ = true;
  }
  ~LocalCluster() {
    if (Script("stop") != 0) ADD_FAILURE() << "cluster.sh stop failed:\n" << Log();
    // The script's output stays beside the (removed) directory only when something failed.
    if (!::testing::Test::HasFailure()) std::remove((dir_ + ".log").c_str());
  }

  bool started() const { return started_; }
  int front_port() const { return Port("FRONT_PORT"); }
  int server_port(int i) const { return Port("SERVER" + std::to_string(i) + "_PORT"); }
  pid_t server_pid(int i) const {
    return static_cast<pid_t>(Port("SERVER" + std::to_string(i) + "_PID"));
  }
  void KillServer(int i) { kill(server_pid(i), SIGKILL); }
  bool ServerAlive(int i) const { return kill(server_pid(i), 0) == 0; }
  int StartServer(int i) { return Script("server-start", std::to_string(i)); }
  int RestartDatabase() { return Script("db-restart"); }
  std::string Log() const {
    std::ifstream in(dir_ + ".log");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

 private:
  int Port(const std::string& key) const {
    auto it = env_.find(key);
    return it == env_.end() ? 0 : std::atoi(it->second.c_str());
  }
  int Script(const std::string& cmd, const std::string& arg = "") {
    std::string line = "AFTERMATH_BIN='" + AftermathBinary() + "' AFTERMATH_ADMIN_PASSWORD='" +
                       kTestPassword + "' '" + SourceDir() + "/deploy/local/cluster.sh' " + cmd +
                       " '" + dir_ + "' " + arg + " >>'" + dir_ + ".log' 2>&1";
    int rc = std::system(line.c_str());
    if (cmd == "server-start") ReloadEnv();
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  }
  void ReloadEnv() {
    std::ifstream in(dir_ + "/env");
    std::string line;
    while (std::getline(in, line)) {
      auto eq = line.find('=');
      if (eq != std::string::npos) env_[line.substr(0, eq)] = line.substr(eq + 1);
    }
  }

  std::string dir_;
  std::map<std::string, std::string> env_;
  bool started_ = false;
};

// One request's outcome, with when it ended.
struct Outcome {
  Clock::time_point at;
  int status;
  std::string id;    // of the person created, on 2xx
  std::string name;  // that was written
  std::string error_code, body;
};

// Threads writing persons (POST /api/v1/persons) through one port until stopped.
class WriteStream {
 public:
  WriteStream(int port, Credentials who, int threads, int first_name_number)
      : port_(port), who_(std::move(who)), next_(first_name_number) {
    for (int t = 0; t < threads; ++t) {
      threads_.emplace_back([this] {
        while (!stop_) {
          int n = next_++;
          std::string name = UniqueName(n);
          auto r = HttpRequest(port_, who_, "POST", "/api/v1/persons",
                               json::serialize(json::object{{"full_name", name}}));
          Outcome o{Clock::now(), r.status, Str(Obj(r), "id"), name, ErrorCode(r), r.body};
          std::lock_guard lock(mu_);
          outcomes_.push_back(std::move(o));
        }
      });
    }
  }
  ~WriteStream() { Stop(); }
  std::vector<Outcome> Stop() {
    stop_ = true;
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
    std::lock_guard lock(mu_);
    return outcomes_;
  }

 private:
  int port_;
  Credentials who_;
  std::atomic<int> next_;
  std::atomic<bool> stop_ = false;
  std::mutex mu_;
  std::vector<Outcome> outcomes_;
  std::vector<std::thread> threads_;
};

bool Is2xx(int status) { return status >= 200 && status < 300; }

// Every acknowledged write is in the database: read back through `port`.
void ExpectAllPersisted(int port, const Credentials& who, const std::vector<Outcome>& outcomes) {
  int checked = 0;
  for (const auto& o : outcomes) {
    if (!Is2xx(o.status)) continue;
    ASSERT_FALSE(o.id.empty()) << o.body;
    auto r = HttpRequest(port, who, "GET", "/api/v1/persons/" + o.id);
    EXPECT_EQ(r.status, 200) << "acknowledged person " << o.id << " is missing: " << r.body;
    EXPECT_EQ(Str(Obj(r), "display_name"), o.name);
    ++checked;
  }
  EXPECT_GT(checked, 0);
}

bool SearchFinds(int port, const Credentials& who, const std::string& name, const std::string& id) {
  std::string q;
  for (char c : name) q += c == ' ' ? std::string("%20") : std::string(1, c);
  auto r = HttpRequest(port, who, "GET", "/api/v1/search?limit=5&q=" + q);
  if (r.status != 200) return false;
  auto body = Obj(r);
  for (const auto& item : body["items"].as_array()) {
    if (Str(item.as_object(), "person_id") == id) return true;
  }
  return false;
}

// A GET from a chosen loopback address (127.0.0.2, ...), as if from another client; the status.
int GetFrom(const char* source, int port, const std::string& target,
            const std::string& extra_headers = "") {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in from{}, to{};
  from.sin_family = to.sin_family = AF_INET;
  inet_pton(AF_INET, source, &from.sin_addr);
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  to.sin_port = htons(static_cast<uint16_t>(port));
  std::string response;
  if (bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) == 0 &&
      connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0) {
    std::string req = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers +
                      "Connection: close\r\n\r\n";
    if (write(fd, req.data(), req.size()) == static_cast<ssize_t>(req.size())) {
      char buf[4096];
      ssize_t n;
      while ((n = read(fd, buf, sizeof buf)) > 0) response.append(buf, n);
    }
  }
  close(fd);
  return response.size() > 12 ? std::atoi(response.c_str() + 9) : -1;
}

// A public lookup with a fresh proof of work (each proof answers once).
std::string PublicLookup() { return PublicLookupTarget("Serikov", "Yerlan"); }

// Polls until `ok` or the deadline; true when it became true.
template <typename F>
bool Eventually(F ok, milliseconds within, milliseconds every = milliseconds(20)) {
  auto deadline = Clock::now() + within;
  while (Clock::now() < deadline) {
    if (ok()) return true;
    std::this_thread::sleep_for(every);
  }
  return ok();
}

TEST(DeployTest, NginxBalancesBothServersAndSpeaksTheApiErrorShape) {
  LocalCluster c("front");
  ASSERT_TRUE(c.started());
  auto admin = LoginAt(c.front_port(), kAdminUser);
  // Sessions live in the database: signed in through nginx, known to each server.
  for (int i : {1, 2}) {
    auto r = HttpRequest(c.server_port(i), admin, "GET", "/api/v1/persons?limit=1");
    EXPECT_EQ(r.status, 200) << "server " << i << ": " << r.body;
  }
  // nginx's body limit is the server's (1 MiB), answered in the API's JSON shape.
  std::string big = json::serialize(json::object{{"full_name", std::string(1100000, 'a')}});
  auto r = HttpRequest(c.front_port(), admin, "POST", "/api/v1/persons", big);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(ErrorCode(r), "payload_too_large") << r.body;
  // Public lookups are limited per client (10 at once, by each server: two servers allow 20),
  // and nginx tells the servers who the client is: one client using up its allowance leaves
  // the next one's alone.
  int limited = 0;
  for (int i = 0; i < 30; ++i) {
    limited += GetFrom("127.0.0.2", c.front_port(), PublicLookup()) == 429;
  }
  EXPECT_GE(limited, 5);
  EXPECT_EQ(GetFrom("127.0.0.3", c.front_port(), PublicLookup()), 200);
  // With every server down, a JSON 503 the client may retry.
  c.KillServer(1);
  c.KillServer(2);
  r = HttpRequest(c.front_port(), admin, "GET", "/api/v1/persons?limit=1");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(ErrorCode(r), "unavailable") << r.body;
  EXPECT_EQ(r.headers["retry-after"], "1");
}

// A server not told to trust a proxy takes nobody's word for who the client is.
TEST(DeployTest, ClientsCannotNameThemselvesToEscapeTheRateLimit) {
  std::string dir = TempDir("untrusted");
  ServerProcess server(dir + "/registry.db");
  int limited = 0;
  for (int i = 0; i < 15; ++i) {
    std::string spoof = "X-Real-IP: 10.0.0." + std::to_string(i + 1) + "\r\n";
    limited += GetFrom("127.0.0.1", server.port(), PublicLookup(), spoof) == 429;
  }
  EXPECT_GE(limited, 4);
}

TEST(DeployTest, KilledServerLosesNoAcknowledgedWriteAndCatchesUpOnRestart) {
  LocalCluster c("kill");
  ASSERT_TRUE(c.started());
  auto admin = LoginAt(c.front_port(), kAdminUser);
  constexpr int kWriters = 4;
  WriteStream writes(c.front_port(), admin, kWriters, 0);
  std::this_thread::sleep_for(milliseconds(1500));
  auto killed_at = Clock::now();
  c.KillServer(1);
  std::this_thread::sleep_for(milliseconds(3000));
  auto outcomes = writes.Stop();

  int acked_before = 0, acked_after = 0, failed = 0;
  for (const auto& o : outcomes) {
    if (Is2xx(o.status)) {
      EXPECT_EQ(o.status, 201);
      (o.at < killed_at ? acked_before : acked_after)++;
    } else {
      ++failed;
      // Only requests in flight to the killed server fail, as nginx's JSON 503: never a
      // server error, never a hang.
      EXPECT_EQ(o.status, 503) << o.body;
      EXPECT_EQ(o.error_code, "unavailable") << o.body;
      EXPECT_LT(o.at, killed_at + milliseconds(1000)) << "a write failed long after the kill";
    }
  }
  EXPECT_GT(acked_before, 10);
  EXPECT_GT(acked_after, 10) << "nginx did not keep serving through the surviving server";
  EXPECT_LE(failed, 2 * kWriters);
  std::printf("writes acknowledged: %d before the kill, %d after; failed: %d\n", acked_before,
              acked_after, failed);
  ExpectAllPersisted(c.server_port(2), admin, outcomes);

  // The restarted server builds its index from the database: it finds what server 2 wrote
  // while it was down.
  ASSERT_EQ(c.StartServer(1), 0) << c.Log();
  std::vector<const Outcome*> written_while_down;
  for (const auto& o : outcomes) {
    if (Is2xx(o.status) && o.at > killed_at + milliseconds(200)) written_while_down.push_back(&o);
  }
  ASSERT_FALSE(written_while_down.empty());
  for (size_t i = 0; i < written_while_down.size(); i += written_while_down.size() / 10 + 1) {
    const Outcome& o = *written_while_down[i];
    EXPECT_TRUE(SearchFinds(c.server_port(1), admin, o.name, o.id)) << o.name;
  }
  ExpectAllPersisted(c.server_port(1), admin, outcomes);
  // And nginx sends traffic to it again once its fail_timeout (5 s) has passed: the front
  // answers every request meanwhile.
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(HttpRequest(c.front_port(), admin, "GET", "/healthz").status, 200);
  }
}

TEST(DeployTest, DatabaseRestartFailsCleanlyAndServersReconnectByThemselves) {
  LocalCluster c("pgrestart");
  ASSERT_TRUE(c.started());
  auto admin = LoginAt(c.front_port(), kAdminUser);
  pid_t pid1 = c.server_pid(1), pid2 = c.server_pid(2);
  WriteStream writes(c.front_port(), admin, 2, 0);
  // Readers on both servers directly, so each one's pool meets the restart.
  std::atomic<bool> stop_reading = false;
  std::mutex mu;
  std::vector<Outcome> reads;
  std::vector<std::thread> readers;
  for (int i : {1, 2}) {
    readers.emplace_back([&, port = c.server_port(i)] {
      while (!stop_reading) {
        auto r = HttpRequest(port, admin, "GET", "/api/v1/persons?limit=5");
        std::lock_guard lock(mu);
        reads.push_back({Clock::now(), r.status, "", "", ErrorCode(r), r.body});
      }
    });
  }
  std::this_thread::sleep_for(milliseconds(1500));
  auto restart_began = Clock::now();
  ASSERT_EQ(c.RestartDatabase(), 0) << c.Log();
  auto restart_done = Clock::now();
  // The servers reconnect without being restarted.
  for (int i : {1, 2}) {
    EXPECT_TRUE(Eventually(
        [&] { return HttpRequest(c.server_port(i), {}, "GET", "/healthz").status == 200; },
        milliseconds(10000)))
        << "server " << i << " did not recover";
  }
  auto recovered = Clock::now();
  std::this_thread::sleep_for(milliseconds(2000));
  auto outcomes = writes.Stop();
  stop_reading = true;
  for (auto& t : readers) t.join();

  EXPECT_TRUE(c.ServerAlive(1) && c.ServerAlive(2));
  EXPECT_EQ(c.server_pid(1), pid1);
  EXPECT_EQ(c.server_pid(2), pid2);
  int failed = 0, ok_after = 0;
  auto all = outcomes;
  all.insert(all.end(), reads.begin(), reads.end());
  for (const auto& o : all) {
    if (Is2xx(o.status)) {
      if (o.at > recovered) ++ok_after;
      continue;
    }
    ++failed;
    // The server's own answer: 503 "unavailable", during the outage only.
    EXPECT_EQ(o.status, 503) << o.body;
    EXPECT_EQ(o.error_code, "unavailable") << o.body;
    EXPECT_EQ(o.body.find("no aftermath server answered"), std::string::npos)
        << "nginx, not the server, answered: a server was unreachable";
    EXPECT_GT(o.at, restart_began);
    EXPECT_LT(o.at, recovered + milliseconds(500)) << "failures went on after recovery";
  }
  EXPECT_GT(failed, 0)
      << "no request met the outage (restart took "
      << std::chrono::duration_cast<milliseconds>(restart_done - restart_began).count()
      << " ms): the test tested nothing";
  EXPECT_GT(ok_after, 20);
  std::printf(
      "requests: %zu; failed (503) during the restart: %d; restart took %lld ms, "
      "servers answered again %lld ms after it began\n",
      all.size(), failed,
      static_cast<long long>(
          std::chrono::duration_cast<milliseconds>(restart_done - restart_began).count()),
      static_cast<long long>(
          std::chrono::duration_cast<milliseconds>(recovered - restart_began).count()));
  ExpectAllPersisted(c.front_port(), admin, outcomes);
}

// 50 operators edit 5 inquiries, each reading through one server and writing through the
// other, all with optimistic versions: no acknowledged update may be lost.
TEST(DeployTest, ConcurrentInquiryUpdatesLoseNothingAndConflictsCarryTheCurrentVersion) {
  LocalCluster c("inquiries");
  ASSERT_TRUE(c.started());
  auto admin = LoginAt(c.front_port(), kAdminUser);
  constexpr int kInquiries = 5, kOperators = 50, kRounds = 4;
  std::vector<std::string> ids;
  std::map<std::string, int64_t> initial_version;
  for (int i = 0; i < kInquiries; ++i) {
    auto r = HttpRequest(c.front_port(), admin, "POST", "/api/v1/inquiries",
                         json::serialize(json::object{{"sought_name", UniqueName(i)},
                                                      {"inquirer_name", "Aigul Serikova"},
                                                      {"callback_phone", "+7 701 555 01 23"}}));
    ASSERT_EQ(r.status, 201) << r.body;
    ids.push_back(Str(Obj(r), "id"));
    initial_version[ids.back()] = Int(Obj(r), "version");
  }
  struct Update {
    std::string inquiry, notes;
    int64_t sent_version, new_version;
  };
  std::mutex mu;
  std::vector<Update> acked;
  int conflicts = 0;
  std::vector<std::string> problems;
  std::vector<std::thread> operators;
  for (int op = 0; op < kOperators; ++op) {
    operators.emplace_back([&, op] {
      // Half the operators crowd one inquiry; the others spread over the rest.
      const std::string& id = op % 2 == 0 ? ids[0] : ids[1 + (op / 2) % (kInquiries - 1)];
      int read_port = c.server_port(1 + op % 2), write_port = c.server_port(2 - op % 2);
      for (int round = 0; round < kRounds; ++round) {
        auto got = HttpRequest(read_port, admin, "GET", "/api/v1/inquiries/" + id);
        if (got.status != 200) {
          std::lock_guard lock(mu);
          problems.push_back("GET " + std::to_string(got.status) + " " + got.body);
          continue;
        }
        int64_t version = Int(Obj(got), "version");
        std::string notes = "operator " + std::to_string(op) + " round " + std::to_string(round);
        // As the console does: on a conflict, take the current version from the 409 and retry.
        for (int attempt = 0; attempt < 100; ++attempt) {
          auto r =
              HttpRequest(write_port, admin, "PATCH", "/api/v1/inquiries/" + id,
                          json::serialize(json::object{{"version", version}, {"notes", notes}}));
          std::lock_guard lock(mu);
          if (r.status == 200) {
            acked.push_back({id, notes, version, Int(Obj(r), "version")});
            break;
          }
          if (r.status != 409) {
            problems.push_back("PATCH " + std::to_string(r.status) + " " + r.body);
            break;
          }
          ++conflicts;
          auto body = Obj(r);
          auto current = body.find("current");
          if (ErrorCode(r) != "conflict" || current == body.end() ||
              !current->value().is_object()) {
            problems.push_back("409 without the current record: " + r.body);
            break;
          }
          int64_t now = Int(current->value().as_object(), "version");
          if (now <= version) {
            problems.push_back("409 whose current version " + std::to_string(now) +
                               " is not newer than the one sent, " + std::to_string(version));
            break;
          }
          version = now;
        }
      }
    });
  }
  for (auto& t : operators) t.join();
  for (const auto& p : problems) ADD_FAILURE() << p;
  EXPECT_GT(conflicts, 0) << "no two operators collided: the test tested nothing";
  std::printf("updates acknowledged: %zu, conflicts (409): %d\n", acked.size(), conflicts);
  EXPECT_EQ(acked.size(), static_cast<size_t>(kOperators * kRounds))
      << "an operator gave up after 100 conflicts in a row";

  for (const auto& id : ids) {
    // Each acknowledged update made exactly one new version, none made the same one (that
    // would be an update overwritten unseen), and the record is the newest acknowledged one.
    std::set<int64_t> versions;
    const Update* last = nullptr;
    for (const auto& u : acked) {
      if (u.inquiry != id) continue;
      EXPECT_EQ(u.new_version, u.sent_version + 1);
      EXPECT_TRUE(versions.insert(u.new_version).second)
          << "two acknowledged updates made version " << u.new_version << " of " << id;
      if (!last || u.new_version > last->new_version) last = &u;
    }
    ASSERT_NE(last, nullptr) << "no update of " << id << " succeeded";
    for (int i : {1, 2}) {
      auto now = Obj(HttpRequest(c.server_port(i), admin, "GET", "/api/v1/inquiries/" + id));
      EXPECT_EQ(Int(now, "version"), initial_version[id] + static_cast<int64_t>(versions.size()));
      EXPECT_EQ(Str(now, "notes"), last->notes);
    }
  }
}

// Search on one server finds what another server just wrote: each server's in-memory index
// follows the database's change feed, also across a database restart.
TEST(DeployTest, PersonWrittenOnOneServerIsFoundOnTheOtherWithinASecond) {
  LocalCluster c("feed");
  ASSERT_TRUE(c.started());
  auto admin = LoginAt(c.front_port(), kAdminUser);
  long long slowest_ms = 0;
  auto write_and_find = [&](int n) {
    std::string name = UniqueName(n);
    auto r = HttpRequest(c.server_port(1), admin, "POST", "/api/v1/persons",
                         json::serialize(json::object{{"full_name", name}}));
    ASSERT_EQ(r.status, 201) << r.body;
    std::string id = Str(Obj(r), "id");
    auto written = Clock::now();
    EXPECT_TRUE(Eventually([&] { return SearchFinds(c.server_port(2), admin, name, id); },
                           milliseconds(1000)))
        << name << " not found on server 2 within a second ("
        << std::chrono::duration_cast<milliseconds>(Clock::now() - written).count() << " ms)";
    slowest_ms = std::max<long long>(
        slowest_ms, std::chrono::duration_cast<milliseconds>(Clock::now() - written).count());
  };
  for (int n = 0; n < 5; ++n) write_and_find(n);
  ASSERT_EQ(c.RestartDatabase(), 0) << c.Log();
  for (int i : {1, 2}) {
    ASSERT_TRUE(Eventually(
        [&] { return HttpRequest(c.server_port(i), {}, "GET", "/healthz").status == 200; },
        milliseconds(10000)));
  }
  for (int n = 5; n < 10; ++n) write_and_find(n);
  std::printf("slowest: found on server 2 %lld ms after server 1 acknowledged it\n", slowest_ms);
}

}  // namespace
}  // namespace aftermath::testing
