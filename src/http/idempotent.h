// Retry-safe creates: a POST carrying an Idempotency-Key header is run once per caller and key;
// the same request sent again gets the first answer back (Idempotent-Replayed: true).
#pragma once

#include "http/router.h"
#include "http/routes.h"

namespace aftermath::http {

// Wraps the handler of a state-changing route; runs inside the route guard (the caller is known).
Handler Idempotent(ApiContext& ctx, Handler handler);

}  // namespace aftermath::http
