// What the server does with the bytes of one request, apart from the socket: Beast's parser as
// the server configures it, the conversion to a handler Request, and dispatch. The server and
// the HTTP fuzzer (fuzz/http_fuzz.cc) share it, so the fuzzer drives exactly this code.
#pragma once

#include <boost/beast/http.hpp>
#include <string>

#include "http/address_list.h"
#include "http/message.h"
#include "http/router.h"

namespace aftermath::http {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;

// True for errors of the request's syntax (a garbage request line, a negative or repeated
// Content-Length), which get a JSON 400, as opposed to the connection ending or timing out.
bool IsMalformed(boost::beast::error_code ec);

// `text` with every sequence that is not UTF-8 replaced by U+FFFD (JSON answers pass through it).
std::string ValidUtf8(std::string text);

// Converts `parsed` (its body is moved out) and runs the router on it. `remote` is the peer's
// address; a peer in `trusted_proxies` names the client (X-Real-IP) and whether it came over TLS
// (X-Forwarded-Proto). `pattern` receives the matched route for logs and metrics. Exceptions
// from handlers become a 500; a JSON answer is made valid UTF-8. With `may_answer_later`, the
// answer may come through Response::later (the server's requests; the fuzzer's get it at once).
Response HandleParsed(const Router& router, BeastRequest& parsed, const std::string& remote,
                      const AddressList* trusted_proxies, std::string* pattern,
                      Request* converted = nullptr, bool may_answer_later = false);

}  // namespace aftermath::http
