#include "http/idempotent.h"

#include <spdlog/spdlog.h>

#include "http/error_mapping.h"
#include "http/handlers.h"

namespace aftermath::http {
namespace {

// Answers worth replaying: what the request did or why it can never succeed. A conflict, a
// throttle or a server error may pass on a later try, so the key is freed for it.
bool Replayable(int status) {
  return status < 500 && status != 408 && status != 409 && status != 429;
}

}  // namespace

Handler Idempotent(ApiContext& ctx, Handler handler) {
  return [&ctx, handler = std::move(handler)](Request& req) -> Response {
    if (!req.headers.contains("idempotency-key") || !ctx.idempotency ||
        !req.principal.signed_in()) {
      return handler(req);
    }
    const std::string key = req.Header("idempotency-key");
    const std::string actor = Actor(req);
    auto reservation = ctx.idempotency->Reserve(actor, key, req.method, req.path, req.body);
    if (!reservation.ok()) return ErrorResponse(reservation.status());
    using Kind = access::IdempotencyKeys::Reservation::Kind;
    switch (reservation->kind) {
      case Kind::kReplay: {
        Response r;
        r.status = reservation->status;
        r.body = std::move(reservation->response);
        r.headers.emplace_back("Idempotent-Replayed", "true");
        return r;
      }
      case Kind::kOtherRequest:
        return ErrorResponse(422, "idempotency_key_reused",
                             "this Idempotency-Key was used for a different request; send a new "
                             "key for a new request");
      case Kind::kUnfinished:
        return ErrorResponse(409, "idempotency_key_in_use",
                             "a request with this Idempotency-Key is still running or was "
                             "interrupted; it may have taken effect: look for the record before "
                             "sending it again with a new key");
      case Kind::kNew:
        break;
    }
    Response response = handler(req);
    Status s = Replayable(response.status)
                   ? ctx.idempotency->Complete(actor, key, response.status, response.body)
                   : ctx.idempotency->Release(actor, key);
    if (!s.ok()) spdlog::warn("idempotency key not recorded: {}", s.ToString());
    return response;
  };
}

}  // namespace aftermath::http
