// The register's handlers read a JSON object body through recovery::JsonFields: an empty body is
// an empty object, anything else that is not one JSON object is a 400 naming why.
#pragma once

#include "http/error_mapping.h"
#include "http/message.h"
#include "recovery/json_fields.h"

namespace aftermath::http {

template <typename Fn>
Response WithBody(Request& req, Fn fn) {
  auto in = recovery::JsonFields::Parse(req.body.empty() ? "{}" : req.body);
  if (!in.ok()) return ErrorResponse(in.status());
  return fn(*in);
}

}  // namespace aftermath::http
