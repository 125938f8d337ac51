#include "http/router.h"

#include <algorithm>
#include <string_view>

#include "http/error_mapping.h"

namespace aftermath::http {
namespace {

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

bool Match(std::string_view pattern, std::string_view path,
           std::map<std::string, std::string>& params) {
  auto ps = Split(pattern), xs = Split(path);
  if (ps.size() != xs.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < ps.size(); ++i) {
    if (ps[i].size() > 2 && ps[i].front() == '{' && ps[i].back() == '}') {
      found[std::string(ps[i].substr(1, ps[i].size() - 2))] = std::string(xs[i]);
    } else if (ps[i] != xs[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace

Router::Router(std::vector<Route> routes, Handler fallback)
    : routes_(std::move(routes)), fallback_(std::move(fallback)) {}

size_t Router::BodyLimit(std::string_view method, std::string_view path) const {
  for (const auto& route : routes_) {
    std::map<std::string, std::string> params;
    if (route.method == method && Match(route.pattern, path, params)) return route.max_body_bytes;
  }
  return 0;
}

Response Router::Dispatch(Request& request, std::string* pattern_out) const {
  bool path_known = false;
  std::string allowed;
  for (const auto& route : routes_) {
    std::map<std::string, std::string> params;
    if (!Match(route.pattern, request.path, params)) continue;
    path_known = true;
    if (route.method != request.method &&
        !(request.method == "HEAD" && route.method == "GET")) {
      if (!allowed.empty()) allowed += ", ";
      allowed += route.method;
      continue;
    }
    request.path_params = std::move(params);
    if (pattern_out) *pattern_out = route.pattern;
    return route.handler(request);
  }
  if (!path_known && fallback_ && (request.method == "GET" || request.method == "HEAD") &&
      !request.path.starts_with("/api/")) {
    if (pattern_out) *pattern_out = "(static)";
    return fallback_(request);
  }
  if (pattern_out) *pattern_out = path_known ? "(method not allowed)" : "(not found)";
  if (path_known) {
    Response r = ErrorResponse(405, "method_not_allowed",
                               "this path does not accept " + request.method);
    r.headers.emplace_back("Allow", allowed);
    return r;
  }
  return ErrorResponse(404, "not_found", "no such endpoint");
}

}  // namespace aftermath::http
