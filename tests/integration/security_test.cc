// Attacks on the HTTP edge, tried against the real binary on loopback (issue #14): path tricks on
// the static files, malformed requests, cross-site sign-in, duplicate JSON keys, retries.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "server_process.h"

namespace aftermath::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

std::string Get(const std::string& target) {
  return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
}

// The JSON body of a raw response.
std::string BodyOf(const std::string& response) {
  auto at = response.find("\r\n\r\n");
  return at == std::string::npos ? std::string() : response.substr(at + 4);
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    // A web root of our own, with a secret beside it and links that lead out of it.
    web_ = dir_ + "/web";
    fs::create_directories(web_ + "/js");
    std::ofstream(web_ + "/index.html") << "<!doctype html><title>console</title>";
    std::ofstream(web_ + "/js/app.js") << "export const app = 1;";
    std::ofstream(dir_ + "/secret.txt") << "SECRET-OUTSIDE-THE-ROOT";
    fs::create_symlink(dir_ + "/secret.txt", web_ + "/leak.txt");
    fs::create_directory_symlink(dir_, web_ + "/up");
    fs::create_symlink("/dev/zero", web_ + "/zero.js");
    fs::create_symlink(web_ + "/js/app.js", web_ + "/inside.js");  // stays inside: served
    server_ = std::make_unique<ServerProcess>(dir_ + "/registry.db",
                                              std::vector<std::string>{"--web", web_});
    ASSERT_GT(server_->port(), 0);
  }

  // Asserts that `target`, sent byte for byte, is a JSON 404 that leaks nothing.
  void ExpectRefused(const std::string& target) {
    std::string response = RawHttp(server_->port(), Get(target));
    int status = RawStatus(response);
    EXPECT_TRUE(status == 404 || status == 400) << target << " -> " << response.substr(0, 200);
    EXPECT_EQ(response.find("root:"), std::string::npos) << target;
    EXPECT_EQ(response.find("SECRET-OUTSIDE"), std::string::npos) << target;
    EXPECT_EQ(response.find("SQLite format"), std::string::npos) << target;
    EXPECT_NE(response.find("application/json"), std::string::npos) << target;
    EXPECT_LT(response.size(), 4096u) << target;
  }

  std::string dir_, web_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(StaticFilesTest, ServesFilesInsideTheRoot) {
  EXPECT_EQ(RawStatus(RawHttp(server_->port(), Get("/"))), 200);
  std::string js = RawHttp(server_->port(), Get("/js/app.js"));
  EXPECT_EQ(RawStatus(js), 200);
  EXPECT_NE(js.find("export const app"), std::string::npos);
  EXPECT_EQ(RawStatus(RawHttp(server_->port(), Get("/inside.js"))), 200);
}

// The service worker (issue #18) is served with the shell's list written in: every file the root
// serves and nothing it refuses, and a version that changes when any file's bytes change, so a
// new deploy replaces the shell the phones keep.
TEST_F(StaticFilesTest, TheServiceWorkerListsTheShellAndItsVersion) {
  std::ofstream(web_ + "/sw.js") << "const kShell = '__AFTERMATH_SHELL__';\n";
  std::ofstream(web_ + "/.hidden") << "not served";
  auto shell = [&] {
    std::string response = RawHttp(server_->port(), Get("/sw.js"));
    EXPECT_EQ(RawStatus(response), 200);
    EXPECT_NE(response.find("text/javascript"), std::string::npos);
    std::string body = BodyOf(response);
    const std::string prefix = "const kShell = ";
    EXPECT_TRUE(body.starts_with(prefix)) << body;
    auto end = body.rfind(';');
    return json::parse(body.substr(prefix.size(), end - prefix.size())).as_object();
  };
  json::object first = shell();
  std::vector<std::string> files;
  for (const auto& f : first.at("files").as_array()) files.emplace_back(f.as_string());
  EXPECT_EQ(files, (std::vector<std::string>{"/index.html", "/inside.js", "/js/app.js"}));
  std::string version(first.at("version").as_string());
  EXPECT_FALSE(version.empty());
  EXPECT_EQ(shell().at("version").as_string(), version) << "the same files, the same version";

  std::ofstream(web_ + "/js/app.js") << "export const app = 2;";
  EXPECT_NE(shell().at("version").as_string(), version) << "a changed file is a new version";
}

TEST_F(StaticFilesTest, NothingOutsideTheRootIsServed) {
  std::string db = fs::absolute(dir_ + "/registry.db").string();
  for (const std::string& target : {
           std::string("//etc/passwd"),
           std::string("/%2Fetc%2Fpasswd"),
           std::string("/%2fetc/passwd"),
           std::string("//proc/self/environ"),
           std::string("//proc/self/cmdline"),
           std::string("/" + db),
           std::string("/%2F") + db.substr(1),
           std::string("//dev/zero"),
           std::string("/../secret.txt"),
           std::string("/js/../../secret.txt"),
           std::string("/%2e%2e/secret.txt"),
           std::string("/%2E%2E%2Fsecret.txt"),
           std::string("/js/%2e%2e/%2e%2e/secret.txt"),
           std::string("/..%5Csecret.txt"),
           std::string("/%5C..%5Csecret.txt"),
           std::string("/js\\..\\..\\secret.txt"),
           std::string("/index.html%00.js"),
           std::string("/%00"),
           std::string("/js/app.js%00"),
           std::string("/leak.txt"),
           std::string("/up/secret.txt"),
           std::string("/up/registry.db"),
           std::string("/zero.js"),
           std::string("/.hidden"),
           std::string("/js/./app.js"),
           std::string("/%2E/js/app.js"),
           std::string("/C:%5Cwindows"),
           std::string("/js/"),
       }) {
    ExpectRefused(target);
  }
  // The server is still answering (no read of /dev/zero without end).
  EXPECT_EQ(server_->Request("GET", "/healthz").status, 200);
}

TEST(SecurityTest, MalformedRequestsGetAJson400) {
  std::string dir = TempDir("malformed");
  ServerProcess server(dir + "/r.db");
  ASSERT_GT(server.port(), 0);
  for (const std::string& request : {
           std::string("GARBAGE\r\n\r\n"),
           std::string("GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n"),
           std::string("POST /api/v1/inquiries HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"),
           std::string("POST /api/v1/inquiries HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                       "Content-Length: 3\r\n\r\n{}"),
           std::string("GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n"),
       }) {
    std::string response = RawHttp(server.port(), request);
    EXPECT_EQ(RawStatus(response), 400) << request << " -> " << response;
    auto body = json::parse(BodyOf(response));
    EXPECT_EQ(body.at_pointer("/error/code").as_string(), "bad_request") << response;
  }
}

TEST(SecurityTest, ABodyTooLargeForItsRouteNamesTheRoutesLimit) {
  std::string dir = TempDir("toolarge");
  ServerProcess server(dir + "/r.db");
  ASSERT_GT(server.port(), 0);
  // 40 MB declared to a route that takes 1 MiB: refused at once, naming 1 MiB, not the 32 MiB
  // of the import route.
  std::string response =
      RawHttp(server.port(),
              "POST /api/v1/inquiries HTTP/1.1\r\nHost: x\r\n"
              "Content-Type: application/json\r\nContent-Length: 40000000\r\n\r\n{");
  EXPECT_EQ(RawStatus(response), 413) << response;
  EXPECT_NE(response.find("1048576 bytes"), std::string::npos) << response;
  response = RawHttp(server.port(),
                     "POST /api/v1/imports HTTP/1.1\r\nHost: x\r\n"
                     "Content-Type: text/csv\r\nContent-Length: 40000000\r\n\r\n{");
  EXPECT_EQ(RawStatus(response), 413) << response;
  EXPECT_NE(response.find("33554432 bytes"), std::string::npos) << response;
}

class EdgeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    server_ = std::make_unique<ServerProcess>(
        dir_ + "/registry.db", std::vector<std::string>{"--trusted-proxies", "127.0.0.1/32"});
    ASSERT_GT(server_->port(), 0);
  }

  int CountInquiries() {
    auto r = server_->Request("GET", "/api/v1/inquiries?limit=200");
    return static_cast<int>(json::parse(r.body).as_object().at("items").as_array().size());
  }

  std::string dir_;
  std::unique_ptr<ServerProcess> server_;
};

constexpr const char* kInquiry =
    R"({"sought_name":"Yerlan Serikov","inquirer_name":"Aigul","callback_phone":"+7 701 555 01 23"})";

// A page on another site can post a text/plain or form body without a CORS preflight: with
// the sign-in accepting it, it could sign a victim's browser in as the attacker (login CSRF).
TEST_F(EdgeTest, JsonRoutesRefuseBodiesThatAreNotDeclaredJson) {
  std::string login = std::string(R"({"username":"admin","password":")") + kTestPassword + "\"}";
  for (const std::string type :
       {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/jsonp", "text/plain; application/json"}) {
    auto r = HttpRequest(server_->port(), {}, "POST", "/api/v1/auth/login", login,
                         {{"Content-Type", type}});
    EXPECT_EQ(r.status, 415) << type << " " << r.body;
    EXPECT_EQ(r.headers.count("set-cookie"), 0u) << type;
  }
  EXPECT_EQ(HttpRequest(server_->port(), {}, "POST", "/api/v1/auth/login", login,
                        {{"Content-Type", "Application/JSON; charset=utf-8"}})
                .status,
            200);
  // A write with a body and no Content-Type at all, as docs/api.md says.
  std::string raw =
      "POST /api/v1/inquiries HTTP/1.1\r\nHost: x\r\nCookie: " + server_->admin().cookie +
      "\r\nX-CSRF-Token: " + server_->admin().csrf +
      "\r\nContent-Length: " + std::to_string(std::string(kInquiry).size()) +
      "\r\nConnection: close\r\n\r\n" + kInquiry;
  EXPECT_EQ(RawStatus(RawHttp(server_->port(), raw)), 415);
  EXPECT_EQ(CountInquiries(), 0);
}

TEST_F(EdgeTest, DuplicateJsonKeysAreRefused) {
  auto r = server_->Request(
      "POST", "/api/v1/inquiries",
      R"({"sought_name":"Yerlan Serikov","inquirer_name":"Aigul","inquirer_name":"Dana",)"
      R"("callback_phone":"+7 701 555 01 23"})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("inquirer_name"), std::string::npos) << r.body;
  EXPECT_EQ(CountInquiries(), 0);
}

TEST_F(EdgeTest, ACreateSentTwiceWithOneIdempotencyKeyIsMadeOnce) {
  std::map<std::string, std::string> key = {{"Idempotency-Key", "call-2026-12-05-0001"}};
  auto first = server_->Request("POST", "/api/v1/inquiries", kInquiry, key);
  ASSERT_EQ(first.status, 201) << first.body;
  auto again = server_->Request("POST", "/api/v1/inquiries", kInquiry, key);
  EXPECT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.headers["idempotent-replayed"], "true");
  EXPECT_EQ(CountInquiries(), 1);
  // The key names one request: another body under it is refused, not run.
  std::string other = kInquiry;
  other.replace(other.find("Aigul"), 5, "Dana");
  EXPECT_EQ(server_->Request("POST", "/api/v1/inquiries", other, key).status, 422);
  EXPECT_EQ(CountInquiries(), 1);
  // Keys are per caller: another operator's identical key is another request.
  auto created = server_->Request(
      "POST", "/api/v1/users",
      json::serialize(json::object{
          {"username", "operator2"}, {"role", "operator"}, {"password", kTestPassword}}));
  ASSERT_EQ(created.status, 201) << created.body;
  auto op = server_->Login("operator2");
  auto theirs = server_->RequestAs(op, "POST", "/api/v1/inquiries", kInquiry, key);
  EXPECT_EQ(theirs.status, 201) << theirs.body;
  EXPECT_NE(theirs.body, first.body);
  EXPECT_EQ(CountInquiries(), 2);
  // Without a key nothing changes: each request is its own.
  EXPECT_EQ(server_->Request("POST", "/api/v1/inquiries", kInquiry).status, 201);
  EXPECT_EQ(CountInquiries(), 3);
  // A malformed key is a 400 naming the header.
  auto bad = server_->Request("POST", "/api/v1/inquiries", kInquiry,
                              {{"Idempotency-Key", std::string(200, 'k')}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("Idempotency-Key"), std::string::npos) << bad.body;
}

// The key outlives the server: a retry after a restart (kill -9 included) finds the answer.
TEST_F(EdgeTest, AnIdempotencyKeySurvivesARestart) {
  std::map<std::string, std::string> key = {{"Idempotency-Key", "restart-1"}};
  auto first = server_->Request("POST", "/api/v1/inquiries", kInquiry, key);
  ASSERT_EQ(first.status, 201) << first.body;
  server_->Signal(SIGKILL);
  server_ = std::make_unique<ServerProcess>(dir_ + "/registry.db");
  ASSERT_GT(server_->port(), 0);
  auto again = server_->Request("POST", "/api/v1/inquiries", kInquiry, key);
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(CountInquiries(), 1);
}

// Behind a TLS-terminating proxy the session cookie must never travel in clear text.
TEST_F(EdgeTest, TheSessionCookieIsSecureWhenTheRequestCameOverTls) {
  std::string login = std::string(R"({"username":"admin","password":")") + kTestPassword + "\"}";
  auto tls = HttpRequest(server_->port(), {}, "POST", "/api/v1/auth/login", login,
                         {{"X-Real-IP", "203.0.113.7"}, {"X-Forwarded-Proto", "https"}});
  ASSERT_EQ(tls.status, 200) << tls.body;
  EXPECT_NE(tls.headers["set-cookie"].find("; Secure"), std::string::npos)
      << tls.headers["set-cookie"];
  auto plain = HttpRequest(server_->port(), {}, "POST", "/api/v1/auth/login", login,
                           {{"X-Real-IP", "203.0.113.8"}, {"X-Forwarded-Proto", "http"}});
  ASSERT_EQ(plain.status, 200) << plain.body;
  EXPECT_EQ(plain.headers["set-cookie"].find("Secure"), std::string::npos);
}

TEST(SecurityTest, OnlyATrustedProxyCanSayTheRequestCameOverTls) {
  std::string dir = TempDir("untrusted_proto");
  ServerProcess server(dir + "/r.db");  // no trusted proxies
  ASSERT_GT(server.port(), 0);
  std::string login = std::string(R"({"username":"admin","password":")") + kTestPassword + "\"}";
  auto r = HttpRequest(server.port(), {}, "POST", "/api/v1/auth/login", login,
                       {{"X-Forwarded-Proto", "https"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["set-cookie"].find("Secure"), std::string::npos);
}

// Found by fuzz/http_fuzz.cc: an id with bytes that are not UTF-8 was quoted back in the error,
// making the answer invalid JSON for strict parsers.
TEST_F(EdgeTest, AnswersAreValidJsonWhateverBytesTheRequestHeld) {
  for (const std::string& target :
       {std::string("/api/v1/persons/2e%C2ed"), std::string("/api/v1/inquiries/%FF%FE"),
        std::string("/api/v1/reports/%ED%A0%80"), std::string("/api/v1/search?q=%C3")}) {
    auto r = server_->Request("GET", target);
    boost::system::error_code ec;
    json::parse(r.body, ec);  // Boost.JSON refuses text that is not UTF-8
    EXPECT_FALSE(ec) << target << ": " << r.status << " " << r.body;
  }
}

}  // namespace
}  // namespace aftermath::testing
