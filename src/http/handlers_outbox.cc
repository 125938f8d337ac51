// The SMS and e-mail gateway's side of the outbox: it lists what to send and says what it sent.
// Over HTTP because, on SQLite, the running server is the file's one writer (the CLI's
// `outbox mark-sent` is refused beside it).

#include "delivery/receipt.h"
#include "http/error_mapping.h"
#include "http/handlers.h"
#include "http/json_output.h"
#include "io/json_input.h"

namespace aftermath::http {
namespace {

Response Mark(ApiContext& ctx, Request& req, std::string error) {
  auto message = ctx.registry.MarkOutbox(Actor(req), req.path_params["id"], error);
  if (!message.ok()) return ErrorResponse(message.status());
  return JsonResponse(200, ToJson(*message, ViewerOf(req)));
}

}  // namespace

Response ListOutbox(ApiContext& ctx, Request& req) {
  bool all = req.Query("all") == "true";
  if (req.HasQuery("all") && !all && req.Query("all") != "false") {
    return ErrorResponse(InvalidArgument("must be true or false", "all"));
  }
  auto limit = IntQuery(req, "limit", 1000, 1, 10000);
  if (!limit.ok()) return ErrorResponse(limit.status());
  auto messages = ctx.registry.ListOutbox(Actor(req), !all, *limit);
  if (!messages.ok()) return ErrorResponse(messages.status());
  return JsonResponse(200, ItemsToJson(*messages, ViewerOf(req)));
}

Response MarkOutboxSent(ApiContext& ctx, Request& req) {
  if (!req.body.empty()) {
    auto in = io::JsonInput::Parse(req.body);
    if (!in.ok()) return ErrorResponse(in.status());
    if (Status s = in->Finish(); !s.ok()) return ErrorResponse(s);
  }
  return Mark(ctx, req, "");
}

Response MarkOutboxFailed(ApiContext& ctx, Request& req) {
  auto in = io::JsonInput::Parse(req.body);
  if (!in.ok()) return ErrorResponse(in.status());
  std::string error;
  Status s = in->RequiredString("error", error);
  if (s.ok()) s = in->Finish();
  if (s.ok() && error.empty()) s = InvalidArgument("say what failed", "error");
  if (!s.ok()) return ErrorResponse(s);
  return Mark(ctx, req, error);
}

Response OutboxReceipt(ApiContext& ctx, Request& req) {
  if (ctx.receipt_secret.empty()) {
    return ErrorResponse(Unavailable("delivery receipts are not configured (sms-secret)"));
  }
  auto receipt = delivery::ParseSignedReceipt(ctx.receipt_secret, req.body,
                                              req.Header(ctx.receipt_signature_header));
  if (!receipt.ok()) return ErrorResponse(receipt.status());
  auto message = ctx.registry.RecordReceipt(
      "gateway:receipt", receipt->message_id,
      receipt->delivered ? Registry::Receipt::kDelivered : Registry::Receipt::kUndelivered,
      receipt->error);
  if (!message.ok()) return ErrorResponse(message.status());
  // The gateway learns only what it told: no number, no text.
  return JsonResponse(200, boost::json::object{{"id", message->id},
                                               {"state", ToString(message->state)}});
}

}  // namespace aftermath::http
