// The one place that knows HTTP status codes for Status codes.
#pragma once

#include "common/status.h"
#include "http/message.h"

namespace aftermath::http {

int HttpStatusFor(StatusCode code);

// {"error": {"code": "invalid_argument", "message": "...", "field": "..."}} with the mapped status.
Response ErrorResponse(const Status& status);
// The same for errors found at the HTTP edge itself (413, 405, 415, 404 for unknown routes).
Response ErrorResponse(int http_status, std::string_view code, std::string_view message);

}  // namespace aftermath::http
