// GET of the static web console: files under the web root, and nothing else on the host.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cerrno>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/error_mapping.h"
#include "http/handlers.h"
#include "recovery/file_store.h"

namespace aftermath::http {
namespace {

// The console's files are small; a larger one is not ours (and a device would never end).
constexpr off_t kMaxStaticBytes = 8 << 20;

// The console's service worker, at the root so that its scope is the whole console (no
// Service-Worker-Allowed header needed), and the mark in it the server replaces by the shell's
// list and version.
constexpr std::string_view kWorker = "sw.js";
constexpr std::string_view kShellMark = "'__AFTERMATH_SHELL__'";

std::string_view ContentTypeFor(const std::filesystem::path& p) {
  auto ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".csv") return "text/csv; charset=utf-8";  // the clerk's list templates
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  return "application/octet-stream";
}

// True when every segment of the decoded path is a plain name: not empty ("//etc" would make
// the path absolute and drop the root), not hidden or "..", no backslash, no control byte
// (NUL would cut the path short in the kernel).
bool PlainRelativePath(std::string_view rel) {
  if (rel.empty()) return false;
  size_t start = 0;
  while (start <= rel.size()) {
    size_t end = rel.find('/', start);
    if (end == std::string_view::npos) end = rel.size();
    std::string_view segment = rel.substr(start, end - start);
    if (segment.empty() || segment.front() == '.') return false;
    for (char c : segment) {
      auto u = static_cast<unsigned char>(c);
      if (u < 0x20 || u == 0x7f || c == '\\' || c == ':') return false;
    }
    start = end + 1;
  }
  return true;
}

// True when `path` is `root` or lies below it (both canonical).
bool Within(const std::filesystem::path& root, const std::filesystem::path& path) {
  auto [r, p] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return r == root.end();
}

Response NotFound() { return ErrorResponse(404, "not_found", "no such file"); }

// The bytes of `path` when it is a regular file inside `root` (both canonical after `path`'s
// symbolic links are followed) of at most kMaxStaticBytes; nullopt otherwise.
std::optional<std::string> ReadServable(const std::filesystem::path& root,
                                        const std::filesystem::path& path,
                                        std::filesystem::path* resolved_out) {
  std::error_code ec;
  // Symbolic links are followed only while they stay inside the root.
  std::filesystem::path resolved = std::filesystem::canonical(path, ec);
  if (ec || !Within(root, resolved)) return std::nullopt;
  int fd = open(resolved.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  std::string body;
  bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= kMaxStaticBytes;
  if (ok) {
    body.resize(static_cast<size_t>(st.st_size));
    size_t done = 0;
    while (done < body.size()) {
      ssize_t n = read(fd, body.data() + done, body.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    ok = done == body.size();  // a file that shrank meanwhile is served on the next request
  }
  close(fd);
  if (!ok) return std::nullopt;
  if (resolved_out != nullptr) *resolved_out = std::move(resolved);
  return body;
}

// The service worker's shell (web/sw.js): every file the root serves (but the worker itself),
// as absolute paths in order, and a version of the server's version and a digest of the files'
// names and bytes, so any change of a file is a new version. As a JavaScript object literal.
std::string ShellManifest(const std::filesystem::path& root) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  std::error_code ec;
  // Directory links are not followed (a file link is read by ReadServable, inside the root only).
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    std::string rel = it->path().lexically_relative(root).generic_string();
    if (!PlainRelativePath(rel)) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (rel == kWorker || it->is_directory(ec)) continue;
    files.push_back(std::move(rel));
  }
  std::sort(files.begin(), files.end());
  std::string digest_input;
  boost::json::array listed;
  for (const auto& rel : files) {
    auto bytes = ReadServable(root, root / rel, nullptr);
    if (!bytes) continue;
    digest_input += rel;
    digest_input.push_back('\0');
    digest_input += recovery::Sha256Hex(*bytes);
    digest_input.push_back('\n');
    listed.emplace_back("/" + rel);
  }
  std::string version =
      std::string(AFTERMATH_VERSION) + "-" + recovery::Sha256Hex(digest_input).substr(0, 16);
  return boost::json::serialize(boost::json::object{{"version", version}, {"files", listed}});
}

}  // namespace

Response StaticFile(ApiContext& ctx, Request& req) {
  namespace fs = std::filesystem;
  if (!req.path.starts_with("/")) return NotFound();
  std::string rel = req.path == "/" ? "index.html" : req.path.substr(1);
  if (!rel.empty() && rel.back() == '/') rel += "index.html";
  if (!PlainRelativePath(rel)) return NotFound();
  std::error_code ec;
  fs::path root = fs::canonical(ctx.web_root, ec);
  if (ec) return NotFound();
  fs::path path = root / rel;
  if (fs::is_directory(path, ec)) path /= "index.html";
  fs::path resolved;
  auto body = ReadServable(root, path, &resolved);
  if (!body) return NotFound();
  if (resolved == root / kWorker) {
    auto at = body->find(kShellMark);
    if (at != std::string::npos) body->replace(at, kShellMark.size(), ShellManifest(root));
  }
  Response r;
  r.content_type = std::string(ContentTypeFor(resolved));
  r.body = std::move(*body);
  r.headers.emplace_back("Cache-Control", "no-cache");
  r.headers.emplace_back("Content-Security-Policy",
                         "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
  return r;
}

}  // namespace aftermath::http
