// What the senders share of libcurl: one global initialisation, and a transfer's outcome as a
// Status (curl's words, never the message's contents).
#pragma once

#include <curl/curl.h>

#include <string>

#include "common/status.h"

namespace aftermath::delivery {

// curl_global_init, once per process (thread-safe).
void InitCurlOnce();

// Unavailable naming what failed for a transfer that did not complete (`what`: "sms gateway",
// "smtp server"); OK otherwise.
Status CurlStatus(CURLcode code, const char* what, const char* error_buffer);

}  // namespace aftermath::delivery
