#include <fmt/format.h>

#include <charconv>

#include "http/error_mapping.h"
#include "http/guard.h"
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

access::Viewer ViewerOf(const Request& req) { return access::ViewerFor(req.principal); }

bool IsJsonBody(const Request& req) {
  std::string type = req.Header("content-type");
  return (req.body.empty() && type.empty()) || IsJsonMediaType(type);
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

Result<int> IntQuery(const Request& req, const char* key, int fallback, int lo, int hi) {
  if (!req.HasQuery(key)) return fallback;
  std::string text = req.Query(key);
  int value = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || p != text.data() + text.size() || value < lo || value > hi) {
    return InvalidArgument(fmt::format("must be {}..{}", lo, hi), key);
  }
  return value;
}

std::optional<Response> Throttled(access::RateLimiter& limiter, const Request& req,
                                  std::string_view message) {
  int wait = limiter.Acquire(req.remote_address);
  if (wait <= 0) return std::nullopt;
  Response r = ErrorResponse(ResourceExhausted(std::string(message)));
  r.headers.emplace_back("Retry-After", std::to_string(wait));
  return r;
}

Response Healthz(ApiContext& ctx, Request&) {
  auto schema = ctx.registry.GetSchemaStatus();
  if (!schema.ok() || !schema->current) {
    return JsonResponse(503, boost::json::object{{"status", "unavailable"}, {"db", "error"}});
  }
  return JsonResponse(
      200,
      boost::json::object{{"status", "ok"}, {"db", "ok"}, {"schema_version", *schema->current}});
}

Response Version(ApiContext& ctx, Request&) {
  auto schema = ctx.registry.GetSchemaStatus();
  if (!schema.ok()) return ErrorResponse(schema.status());
  return JsonResponse(200, boost::json::object{{"name", "aftermath"},
                                               {"version", AFTERMATH_VERSION},
                                               {"schema_version", schema->latest}});
}

}  // namespace aftermath::http
