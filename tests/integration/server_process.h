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

class ServerProcess {
 public:
  // Runs `aftermath serve --db sqlite:<db_path> --listen 127.0.0.1:0 <extra_args>` and waits for
  // its "serving ... on http://..." line. Aborts the test on failure.
  explicit ServerProcess(std::string db_path, std::vector<std::string> extra_args = {});
  ~ServerProcess();

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // Sends a signal and waits for the exit; returns the exit status (or 128+signal).
  int Signal(int sig);
  bool running() const { return pid_ > 0; }

  HttpResult Request(const std::string& method, const std::string& target,
                     const std::string& body = {},
                     const std::map<std::string, std::string>& headers = {}) const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

// The path of the built `aftermath` binary (AFTERMATH_BINARY, set by CTest).
std::string AftermathBinary();
// A fresh temporary directory for one test.
std::string TempDir(const std::string& name);
// Runs the binary with arguments; returns exit code, fills stdout/stderr.
int RunAftermath(const std::vector<std::string>& args, std::string* out, std::string* err,
                 const std::string& stdin_text = {});

}  // namespace aftermath::testing
