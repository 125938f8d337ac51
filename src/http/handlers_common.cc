#include <fmt/format.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "http/error_mapping.h"
#include "http/handlers.h"
#include "io/json_text.h"

namespace aftermath::http {

Response JsonResponse(int status, const boost::json::value& body) {
  Response r;
  r.status = status;
  r.body = io::JsonText(body);
  return r;
}

std::string Actor(const Request& req) { return req.principal.actor(); }

bool IsJsonBody(const Request& req) {
  std::string type = req.Header("content-type");
  return type.empty() || type.starts_with("application/json");
}

Result<PageRequest> PageFromQuery(const Request& req) {
  PageRequest page;
  if (req.HasQuery("limit")) {
    std::string text = req.Query("limit");
    int limit = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
    if (ec != std::errc() || p != text.data() + text.size() || limit < 1 || limit > 200) {
      return InvalidArgument(fmt::format("'{}' is not a page size (1..200)", text.substr(0, 20)),
                             "limit");
    }
    page.limit = limit;
  }
  page.cursor = req.Query("cursor");
  return page;
}

Response Healthz(ApiContext& ctx, Request&) {
  auto v = ctx.store.SchemaVersion();
  if (!v.ok()) {
    return JsonResponse(503, boost::json::object{{"status", "unavailable"}, {"db", "error"}});
  }
  return JsonResponse(200, boost::json::object{{"status", "ok"}, {"db", "ok"},
                                               {"schema_version", *v}});
}

Response Version(ApiContext& ctx, Request&) {
  return JsonResponse(200, boost::json::object{{"name", "aftermath"},
                                               {"version", AFTERMATH_VERSION},
                                               {"schema_version", ctx.store.LatestSchemaVersion()}});
}

namespace {

std::string_view ContentTypeFor(const std::filesystem::path& p) {
  auto ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  return "application/octet-stream";
}

}  // namespace

Response StaticFile(ApiContext& ctx, Request& req) {
  namespace fs = std::filesystem;
  std::string rel = req.path == "/" ? "index.html" : req.path.substr(1);
  // Resolve within web_root only: no "..", no absolute paths, no hidden files.
  if (rel.find("..") != std::string::npos || rel.find("/.") != std::string::npos ||
      rel.starts_with(".") || rel.find('\\') != std::string::npos) {
    return ErrorResponse(404, "not_found", "no such file");
  }
  fs::path path = fs::path(ctx.web_root) / rel;
  std::error_code ec;
  if (fs::is_directory(path, ec)) path /= "index.html";
  std::ifstream in(path, std::ios::binary);
  if (!in) return ErrorResponse(404, "not_found", "no such file");
  std::ostringstream body;
  body << in.rdbuf();
  Response r;
  r.content_type = std::string(ContentTypeFor(path));
  r.body = body.str();
  r.headers.emplace_back("Cache-Control", "no-cache");
  r.headers.emplace_back("Content-Security-Policy",
                         "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
  return r;
}

}  // namespace aftermath::http
