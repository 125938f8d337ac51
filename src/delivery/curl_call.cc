#include "delivery/curl_call.h"

#include <fmt/format.h>

#include <mutex>

namespace aftermath::delivery {

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Status CurlStatus(CURLcode code, const char* what, const char* error_buffer) {
  if (code == CURLE_OK) return Status::Ok();
  return Unavailable(fmt::format("{}: {}", what,
                                 error_buffer && *error_buffer ? error_buffer
                                                               : curl_easy_strerror(code)));
}

}  // namespace aftermath::delivery
