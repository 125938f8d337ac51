#include "delivery/sms_gateway.h"

#include <fmt/format.h>

#include <cctype>
#include <memory>

#include "delivery/curl_call.h"
#include "delivery/signature.h"

namespace aftermath::delivery {
namespace {

std::string JsonEscaped(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

std::string FormEscaped(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

size_t Discard(char*, size_t size, size_t n, void*) { return size * n; }

}  // namespace

SmsGateway::SmsGateway(SmsGatewayOptions options) : options_(std::move(options)) {
  InitCurlOnce();
}

std::string SmsGateway::RenderBody(const OutboxMessage& message) const {
  auto escape = [&](std::string_view v) -> std::string {
    if (options_.content_type.find("json") != std::string::npos) return JsonEscaped(v);
    if (options_.content_type.find("x-www-form-urlencoded") != std::string::npos) {
      return FormEscaped(v);
    }
    return std::string(v);
  };
  // One pass per placeholder over the template only: a value holding "{id}" stays as it is.
  std::string out;
  std::string_view t = options_.body_template;
  for (size_t i = 0; i < t.size();) {
    if (t.substr(i).starts_with("{phone}")) {
      out += escape(message.recipient);
      i += 7;
    } else if (t.substr(i).starts_with("{text}")) {
      out += escape(message.body);
      i += 6;
    } else if (t.substr(i).starts_with("{id}")) {
      out += escape(message.id);
      i += 4;
    } else {
      out += t[i++];
    }
  }
  return out;
}

Status SmsGateway::Send(const OutboxMessage& message) const {
  std::string body = RenderBody(message);
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return Internal("sms gateway: curl_easy_init failed");
  curl_slist* headers = nullptr;
  for (const std::string& h :
       {"Content-Type: " + options_.content_type,
        options_.signature_header + ": sha256=" + SignHex(options_.secret, body),
        "Idempotency-Key: " + message.id, "X-Message-Id: " + message.id}) {
    headers = curl_slist_append(headers, h.c_str());
  }
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(headers,
                                                                          curl_slist_free_all);
  char error[CURL_ERROR_SIZE] = {};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, options_.url.c_str());
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Discard);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  RETURN_IF_ERROR(CurlStatus(curl_easy_perform(c), "sms gateway", error));
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  // A 4xx is the gateway refusing this message (a number it cannot reach, a body it will not
  // take): trying it again gets the same answer. Only "too many requests" and a timeout are
  // worth another try, as every 5xx is.
  if (code >= 400 && code <= 499 && code != 429 && code != 408) {
    return FailedPrecondition(fmt::format("sms gateway: HTTP {} (refused)", code));
  }
  if (code < 200 || code > 299) {
    return Unavailable(fmt::format("sms gateway: HTTP {}", code));
  }
  return Status::Ok();
}

}  // namespace aftermath::delivery
