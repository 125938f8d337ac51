// Matches "METHOD /path" against a table of patterns with {name} segments
// ("/api/v1/persons/{id}"). Unknown path -> 404, known path with another method -> 405.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/message.h"

namespace aftermath::http {

using Handler = std::function<Response(Request&)>;

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  size_t max_body_bytes = 0;  // 0: the server's limit; file uploads raise it for their route
};

// `route` accepting request bodies up to `max_body_bytes`.
inline Route WithBodyLimit(Route route, size_t max_body_bytes) {
  route.max_body_bytes = max_body_bytes;
  return route;
}

class Router {
 public:
  // `fallback`, when set, serves GET requests that no route's path matches (static files).
  explicit Router(std::vector<Route> routes, Handler fallback = nullptr);
  // Fills request.path_params and runs the matching handler. `pattern_out` receives the matched
  // pattern (for logs and metrics: patterns hold no personal data, paths might).
  Response Dispatch(Request& request, std::string* pattern_out = nullptr) const;
  // The body limit of the route matching `method` and `path`; 0 when none sets one. The server
  // asks after reading the headers, before the body.
  size_t BodyLimit(std::string_view method, std::string_view path) const;

 private:
  std::vector<Route> routes_;
  Handler fallback_;
};

}  // namespace aftermath::http
