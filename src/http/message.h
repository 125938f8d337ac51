// Requests and responses as handlers see them: plain values, independent of Beast, so handlers
// stay thin and are testable without sockets.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "access/policy.h"

namespace aftermath::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded path, without the query
  std::multimap<std::string, std::string> query;  // decoded parameters
  std::map<std::string, std::string> headers;     // lower-case names
  std::string body;
  std::string remote_address;
  bool secure_transport = false;  // came over TLS (a trusted proxy's X-Forwarded-Proto: https)
  std::map<std::string, std::string> path_params;  // filled by the router: {id} -> value
  access::Principal principal;  // filled by the route guard
  std::string session_token;    // the session cookie's value, when one was sent
  // The server can send the answer later (Response::later); a handler run by a test or the
  // fuzzer cannot, and gets its answer at once.
  bool may_answer_later = false;

  // The first value of a query parameter, or empty.
  std::string Query(std::string_view name) const;
  bool HasQuery(std::string_view name) const;
  std::string Header(std::string_view lower_name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // Set when the answer may leave only later (an audited read whose row is not yet durable:
  // registry/read_audit.h); the rest of this response is then empty. The server calls it with a
  // function that sends the final answer, possibly from another thread, and sends nothing else.
  std::function<void(std::function<void(Response)> send)> later;
};

}  // namespace aftermath::http
