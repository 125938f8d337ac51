// Starts the real `aftermath serve` binary on a free loopback port and talks to it over real
// HTTP (Beast's synchronous client): integration tests exercise exactly what users run.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace aftermath::testing {

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

// How a test client identifies itself: a session (cookie + CSRF token) or a bearer token.
struct Credentials {
  std::string cookie;  // "aftermath_session=…"
  std::string csrf;
  std::string bearer;
};

inline constexpr const char* kAdminUser = "admin";
inline constexpr const char* kTestPassword = "correct horse battery staple";

class ServerProcess {
 public:
  // Creates the admin user (kAdminUser / kTestPassword) in the database when absent, runs
  // `aftermath serve --db DbUrl(db_path) --listen 127.0.0.1:0 <extra_args>`, waits for its
  // "serving ... on http://..." line and signs in as the admin: Request() then acts as admin.
  // The server's stderr (its logs) goes to `stderr_path` when given, else to /dev/null unless
  // AFTERMATH_TEST_SERVER_LOGS is set.
  explicit ServerProcess(std::string db_path, std::vector<std::string> extra_args = {},
                         std::string stderr_path = {});
  ~ServerProcess();

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // Sends a signal and waits for the exit; returns the exit status (or 128+signal).
  int Signal(int sig);
  bool running() const { return pid_ > 0; }

  // As the signed-in admin.
  HttpResult Request(const std::string& method, const std::string& target,
                     const std::string& body = {},
                     const std::map<std::string, std::string>& headers = {}) const;
  // With the given credentials (empty Credentials: anonymous).
  HttpResult RequestAs(const Credentials& who, const std::string& method,
                       const std::string& target, const std::string& body = {},
                       std::map<std::string, std::string> headers = {}) const;
  // Signs in; fails the test when sign-in fails.
  Credentials Login(const std::string& username, const std::string& password = kTestPassword) const;
  const Credentials& admin() const { return admin_; }

 private:
  Credentials admin_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// One request to 127.0.0.1:port with the given credentials (empty Credentials: anonymous), on a
// new connection. A connection that fails gives status -1 and the error in the body.
HttpResult HttpRequest(int port, const Credentials& who, const std::string& method,
                       const std::string& target, const std::string& body = {},
                       std::map<std::string, std::string> headers = {});
// Sends `bytes` exactly as given on a new connection to 127.0.0.1:port (no normalisation of the
// path, any header) and returns everything the server sent until it closed the connection or
// `timeout_seconds` passed.
std::string RawHttp(int port, const std::string& bytes, int timeout_seconds = 5);
// The status code of a raw HTTP response ("HTTP/1.1 404 Not Found" -> 404), or 0.
int RawStatus(const std::string& response);
// Signs in at 127.0.0.1:port; fails the test when sign-in fails.
Credentials LoginAt(int port, const std::string& username,
                    const std::string& password = kTestPassword);

// A database argument as a URL: a plain path is an SQLite file; "sqlite:…" and "postgres(ql)://…"
// are taken as they are. ServerProcess and AddUser accept either.
std::string DbUrl(const std::string& db);
// The path of the built `aftermath` binary: $AFTERMATH_BINARY, else the one of the build these
// tests were compiled in.
std::string AftermathBinary();
// A fresh temporary directory for one test.
std::string TempDir(const std::string& name);
// Adds a user through the CLI (`aftermath user add --password-stdin`); fails the test on error.
void AddUser(const std::string& db_path, const std::string& username, const std::string& role,
             const std::string& source_name = {});
// Runs the binary with arguments; returns exit code, fills stdout/stderr.
int RunAftermath(const std::vector<std::string>& args, std::string* out, std::string* err,
                 const std::string& stdin_text = {});

// The public lookup's proof of work (docs/api.md): the difficulty `aftermath serve` asks for
// unless --lookup-proof-bits says otherwise.
inline constexpr int kLookupProofBits = 15;
// "/api/v1/public/search?surname=…&given_name=…[&patronymic=…]&proof=…" with the names
// percent-encoded and a fresh proof for them, dated now; solved here with libsodium, apart from
// the server's code, as the browser solves it apart too.
std::string PublicLookupTarget(const std::string& surname, const std::string& given_name,
                               const std::string& patronymic = {}, int bits = kLookupProofBits);

}  // namespace aftermath::testing
