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
};

class Router {
 public:
  // `fallback`, when set, serves GET requests that no route's path matches (static files).
  explicit Router(std::vector<Route> routes, Handler fallback = nullptr);
  // Fills request.path_params and runs the matching handler. `pattern_out` receives the matched
  // pattern (for logs and metrics: patterns hold no personal data, paths might).
  Response Dispatch(Request& request, std::string* pattern_out = nullptr) const;

 private:
  std::vector<Route> routes_;
  Handler fallback_;
};

}  // namespace aftermath::http
