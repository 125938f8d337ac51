#include "http/error_mapping.h"

#include <boost/json.hpp>

#include "http/error_reasons.h"

namespace aftermath::http {

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kAlreadyExists: return 409;
    case StatusCode::kFailedPrecondition: return 409;
    case StatusCode::kAborted: return 409;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kResourceExhausted: return 429;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kDataLoss: return 500;
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

Response ErrorResponse(const Status& status) {
  boost::json::object err{{"code", std::string(StatusCodeName(status.code()))}};
  // Internal details (SQL errors, file paths) stay in the server; clients get a generic line.
  int http_status = HttpStatusFor(status.code());
  err["message"] = http_status >= 500 && status.code() != StatusCode::kUnavailable
                       ? std::string("internal error; the operators have been told")
                       : status.message();
  if (!status.field().empty()) err["field"] = status.field();
  // The message as a code and parameters, for a console in the operator's language.
  if (auto reason = ReasonForMessage(err["message"].as_string())) err["detail"] = ReasonJson(*reason);
  Response r;
  r.status = http_status;
  r.body = boost::json::serialize(boost::json::object{{"error", std::move(err)}});
  return r;
}

Response ErrorResponse(int http_status, std::string_view code, std::string_view message) {
  Response r;
  r.status = http_status;
  boost::json::object err{{"code", code}, {"message", message}};
  if (auto reason = ReasonForMessage(message)) err["detail"] = ReasonJson(*reason);
  r.body = boost::json::serialize(boost::json::object{{"error", std::move(err)}});
  return r;
}

}  // namespace aftermath::http
