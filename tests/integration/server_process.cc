#include "server_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <regex>

#include <sodium.h>

namespace aftermath::testing {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace net = boost::asio;

std::string AftermathBinary() {
  const char* p = std::getenv("AFTERMATH_BINARY");
  return p ? p : AFTERMATH_BUILD_DIR "/aftermath";
}

std::string TempDir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("aftermath_it_" + std::to_string(getpid()) + "_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

namespace {

std::vector<char*> Argv(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return argv;
}

std::string ReadAll(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, n);
  return out;
}

}  // namespace

int RunAftermath(const std::vector<std::string>& args, std::string* out, std::string* err,
                 const std::string& stdin_text) {
  std::string dir = TempDir("run");
  std::string in_path = dir + "/stdin", out_path = dir + "/stdout", err_path = dir + "/stderr";
  FILE* f = fopen(in_path.c_str(), "w");
  fwrite(stdin_text.data(), 1, stdin_text.size(), f);
  fclose(f);
  pid_t pid = fork();
  if (pid == 0) {
    int in = open(in_path.c_str(), O_RDONLY);
    int o = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int e = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(in, 0);
    dup2(o, 1);
    dup2(e, 2);
    std::vector<std::string> full = {AftermathBinary()};
    full.insert(full.end(), args.begin(), args.end());
    auto argv = Argv(full);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  int o = open(out_path.c_str(), O_RDONLY), e = open(err_path.c_str(), O_RDONLY);
  if (out) *out = ReadAll(o);
  if (err) *err = ReadAll(e);
  close(o);
  close(e);
  std::filesystem::remove_all(dir);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string DbUrl(const std::string& db) {
  bool is_url = db.rfind("sqlite:", 0) == 0 || db.rfind("postgres://", 0) == 0 ||
                db.rfind("postgresql://", 0) == 0;
  return is_url ? db : "sqlite:" + db;
}

void AddUser(const std::string& db_path, const std::string& username, const std::string& role,
             const std::string& source_name) {
  std::vector<std::string> args = {"user", "add", "--db", DbUrl(db_path), "--username",
                                   username, "--role", role, "--password-stdin"};
  if (!source_name.empty()) {
    args.push_back("--source");
    args.push_back(source_name);
  }
  std::string out, err;
  int rc = RunAftermath(args, &out, &err, std::string(kTestPassword) + "\n");
  EXPECT_TRUE(rc == 0 || err.find("taken") != std::string::npos) << err;
}

ServerProcess::ServerProcess(std::string db_path, std::vector<std::string> extra_args,
                             std::string stderr_path) {
  AddUser(db_path, kAdminUser, "admin");
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) {
    ADD_FAILURE() << "pipe failed";
    return;
  }
  pid_ = fork();
  if (pid_ == 0) {
    dup2(pipe_fds[1], 1);
    close(pipe_fds[0]);
    if (!stderr_path.empty()) {
      dup2(open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600), 2);
    } else if (!std::getenv("AFTERMATH_TEST_SERVER_LOGS")) {
      dup2(open("/dev/null", O_WRONLY), 2);
    }
    std::vector<std::string> args = {AftermathBinary(), "serve", "--db", DbUrl(db_path),
                                     "--listen", "127.0.0.1:0", "--web", "web"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    auto argv = Argv(args);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  std::string seen;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  std::regex url_re(R"(http://127\.0\.0\.1:(\d+)/)");
  std::smatch m;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{pipe_fds[0], POLLIN, 0};
    if (poll(&p, 1, 200) > 0) {
      char buf[512];
      ssize_t n = read(pipe_fds[0], buf, sizeof buf);
      if (n <= 0) break;
      seen.append(buf, n);
      if (std::regex_search(seen, m, url_re)) {
        port_ = std::stoi(m[1]);
        break;
      }
    }
  }
  close(pipe_fds[0]);
  if (port_ == 0) {
    ADD_FAILURE() << "server did not start; it printed: " << seen;
    Signal(SIGKILL);
    return;
  }
  admin_ = Login(kAdminUser);
}

Credentials ServerProcess::Login(const std::string& username, const std::string& password) const {
  return LoginAt(port_, username, password);
}

Credentials LoginAt(int port, const std::string& username, const std::string& password) {
  std::string body = "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
  HttpResult r = HttpRequest(port, {}, "POST", "/api/v1/auth/login", body);
  EXPECT_EQ(r.status, 200) << "sign-in as " << username << " failed: " << r.body;
  Credentials c;
  std::string cookie = r.headers["set-cookie"];
  c.cookie = cookie.substr(0, cookie.find(';'));
  std::smatch m;
  static const std::regex csrf_re(R"re("csrf_token":"([0-9a-f]+)")re");
  if (std::regex_search(r.body, m, csrf_re)) c.csrf = m[1];
  return c;
}

HttpResult ServerProcess::Request(const std::string& method, const std::string& target,
                                  const std::string& body,
                                  const std::map<std::string, std::string>& headers) const {
  return RequestAs(admin_, method, target, body, headers);
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Signal(SIGTERM);
}

int ServerProcess::Signal(int sig) {
  if (pid_ <= 0) return -1;
  kill(pid_, sig);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

HttpResult ServerProcess::RequestAs(const Credentials& who, const std::string& method,
                                    const std::string& target, const std::string& body,
                                    std::map<std::string, std::string> headers) const {
  return HttpRequest(port_, who, method, target, body, std::move(headers));
}

HttpResult HttpRequest(int port, const Credentials& who, const std::string& method,
                       const std::string& target, const std::string& body,
                       std::map<std::string, std::string> headers) {
  if (!who.cookie.empty()) headers.try_emplace("Cookie", who.cookie);
  if (!who.csrf.empty()) headers.try_emplace("X-CSRF-Token", who.csrf);
  if (!who.bearer.empty()) headers.try_emplace("Authorization", "Bearer " + who.bearer);
  HttpResult result;
  try {
    net::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.expires_after(std::chrono::seconds(30));
    stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    bhttp::request<bhttp::string_body> req(bhttp::string_to_verb(method), target, 11);
    req.set(bhttp::field::host, "127.0.0.1");
    if (!body.empty()) req.set(bhttp::field::content_type, "application/json");
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    bhttp::write(stream, req);
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 << 20);
    bhttp::read(stream, buffer, parser);
    auto& res = parser.get();
    result.status = res.result_int();
    for (const auto& field : res) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      result.headers[name] = std::string(field.value());
    }
    result.body = res.body();
    beast::error_code ec;
    stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
  } catch (const std::exception& e) {
    result.status = -1;
    result.body = e.what();
  }
  return result;
}

std::string RawHttp(int port, const std::string& bytes, int timeout_seconds) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return {};
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    size_t sent = 0;
    while (sent < bytes.size()) {
      ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<size_t>(n);
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
    char buf[4096];
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      ssize_t n = recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
      if (out.size() > (16u << 20)) break;
    }
  }
  close(fd);
  return out;
}

int RawStatus(const std::string& response) {
  if (!response.starts_with("HTTP/1.") || response.size() < 12) return 0;
  return std::atoi(response.c_str() + 9);
}

std::string PublicLookupTarget(const std::string& surname, const std::string& given_name,
                               const std::string& patronymic, int bits) {
  auto encode = [](const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
        out += static_cast<char>(c);
      } else {
        char hex[4];
        std::snprintf(hex, sizeof hex, "%%%02X", c);
        out += hex;
      }
    }
    return out;
  };
  std::string prefix = "aftermath-lookup|" +
                       std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count()) +
                       "|" + surname + "\n" + given_name + "\n" + patronymic + "|";
  // A random start, so the same name looked up twice in one second gets two proofs.
  std::string nonce, start = std::to_string(std::random_device{}()) + "-";
  for (unsigned long n = 0;; ++n) {
    nonce = start + std::to_string(n);
    std::string text = prefix + nonce;
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    int zeros = 0;
    for (unsigned char byte : d) {
      int lead = byte == 0 ? 8 : __builtin_clz(byte) - 24;
      zeros += lead;
      if (lead < 8) break;
    }
    if (zeros >= bits) break;
  }
  std::string seconds = prefix.substr(17, prefix.find('|', 17) - 17);
  std::string target =
      "/api/v1/public/search?surname=" + encode(surname) + "&given_name=" + encode(given_name);
  if (!patronymic.empty()) target += "&patronymic=" + encode(patronymic);
  return target + "&proof=" + seconds + "." + nonce;
}

}  // namespace aftermath::testing
