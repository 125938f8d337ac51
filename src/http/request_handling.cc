#include "http/request_handling.h"

#include <spdlog/spdlog.h>
#include <unicode/utf8.h>

#include <boost/asio/ip/address.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/url.hpp>
#include <cctype>

#include "http/error_mapping.h"

namespace aftermath::http {

namespace bhttp = boost::beast::http;

// `text` with every byte sequence that is not UTF-8 replaced by U+FFFD. A handler may quote
// what a client sent (an id in a path, a query) in its answer; in JSON those bytes can only sit
// inside strings, so the answer stays JSON, and valid JSON for any client's parser.
std::string ValidUtf8(std::string text) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  int32_t length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  bool valid = true;
  while (i < length && valid) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    valid = c >= 0;
  }
  if (valid) return text;
  std::string out;
  out.reserve(text.size() + 16);
  i = 0;
  while (i < length) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c >= 0) {
      out.append(text, static_cast<size_t>(start), static_cast<size_t>(i - start));
    } else {
      out += "\xEF\xBF\xBD";
    }
  }
  return out;
}

namespace {

Response WithValidJson(Response response) {
  if (response.content_type.starts_with("application/json")) {
    response.body = ValidUtf8(std::move(response.body));
  }
  return response;
}

}  // namespace

bool IsMalformed(boost::beast::error_code ec) {
  if (!ec || ec.category() != bhttp::make_error_code(bhttp::error::bad_method).category()) {
    return false;
  }
  return ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message &&
         ec != bhttp::error::need_more && ec != bhttp::error::need_buffer &&
         ec != bhttp::error::buffer_overflow && ec != bhttp::error::body_limit &&
         ec != bhttp::error::header_limit && ec != bhttp::error::stale_parser &&
         ec != bhttp::error::short_read;
}

Response HandleParsed(const Router& router, BeastRequest& req, const std::string& remote,
                      const AddressList* trusted_proxies, std::string* pattern, Request* converted,
                      bool may_answer_later) {
  Request request;
  request.may_answer_later = may_answer_later;
  request.method = std::string(req.method_string());
  request.remote_address = remote;
  for (const auto& field : req) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    request.headers[name] = std::string(field.value());
  }
  // Behind a proxy every client would share the proxy's address (one rate-limit bucket, one
  // sign-in throttle): a trusted proxy names the client. Nobody else can choose their own.
  if (trusted_proxies && trusted_proxies->Contains(remote)) {
    boost::system::error_code ec;
    auto client = boost::asio::ip::make_address(request.Header("x-real-ip"), ec);
    if (!ec) request.remote_address = client.to_string();
    // The proxy terminated TLS (nginx: proxy_set_header X-Forwarded-Proto $scheme).
    request.secure_transport = boost::beast::iequals(request.Header("x-forwarded-proto"), "https");
  }
  request.body = std::move(req.body());
  Response response;
  *pattern = "(bad target)";
  auto url = boost::urls::parse_origin_form(req.target());
  if (!url) {
    response = ErrorResponse(400, "bad_request", "the request target is not a valid path");
  } else {
    request.path = url->path();
    for (auto param : url->params()) request.query.emplace(param.key, param.value);
    try {
      response = router.Dispatch(request, pattern);
    } catch (const std::exception& e) {
      spdlog::error("http handler threw route={} what={}", *pattern, e.what());
      response = ErrorResponse(500, "internal", "internal error");
    }
  }
  if (response.later) {
    response.later = [later = std::move(response.later)](std::function<void(Response)> send) {
      later([send = std::move(send)](Response answer) { send(WithValidJson(std::move(answer))); });
    };
  } else {
    response = WithValidJson(std::move(response));
  }
  if (converted) *converted = std::move(request);
  return response;
}

}  // namespace aftermath::http
