// Applying online on the public page (issue #18), no sign-in: the phone confirmed by a one-time
// code, documents uploaded under the token the code buys, the application submitted as a claim
// (recovery/online_application.h). Starting and confirming are rate-limited per client address
// like the public lookup (the domain limits each phone besides); the token-bound steps are
// bounded by the token (documents per application, one claim per token). The token travels in a
// header or the body, never in a URL.
#include <fmt/format.h>

#include "http/error_mapping.h"
#include "http/handlers.h"
#include "http/json_body.h"
#include "recovery/json_fields.h"
#include "recovery/json_requests.h"

namespace aftermath::http {
namespace {

using recovery::JsonFields;

Response NoApplications() {
  return ErrorResponse(Unavailable("this server takes no applications online"));
}

constexpr std::string_view kTooMany = "too many requests; try again later";

Result<recovery::OnlineClaim> OnlineClaimFrom(JsonFields& in) {
  recovery::OnlineClaim c;
  std::string kind;
  RETURN_IF_ERROR(in.String("token", c.token));
  RETURN_IF_ERROR(in.String("kind", kind));
  auto parsed = ParseClaimKind(kind);
  if (!parsed) {
    return InvalidArgument(fmt::format("must be one of {}", ClaimKindNames()), "kind");
  }
  c.kind = *parsed;
  RETURN_IF_ERROR(in.String("programme", c.programme));
  RETURN_IF_ERROR(in.String("applicant_name", c.applicant_name));
  RETURN_IF_ERROR(in.String("applicant_id", c.applicant_id));
  RETURN_IF_ERROR(in.String("applicant_address", c.applicant_address));
  RETURN_IF_ERROR(in.String("iban", c.iban));
  RETURN_IF_ERROR(in.String("person_name", c.person_name));
  RETURN_IF_ERROR(in.String("relation", c.relation));
  RETURN_IF_ERROR(in.Int64("amount_claimed", c.amount_claimed));
  RETURN_IF_ERROR(in.String("notes", c.notes));
  ASSIGN_OR_RETURN(auto object, in.Object("object"));
  if (object) {
    ASSIGN_OR_RETURN(c.object, recovery::NewObjectFrom(*object));
  }
  ASSIGN_OR_RETURN(auto documents, in.Objects("documents"));
  for (auto& d : documents) {
    std::string sha256, doc_kind;
    RETURN_IF_ERROR(d.String("sha256", sha256));
    RETURN_IF_ERROR(d.String("kind", doc_kind));
    RETURN_IF_ERROR(d.Finish());
    c.documents.emplace_back(std::move(sha256), std::move(doc_kind));
  }
  RETURN_IF_ERROR(in.Finish());
  return c;
}

}  // namespace

// The active programmes an applicant may choose from: codes, names and kinds, nothing personal.
Response PublicProgrammes(ApiContext& ctx, Request&) {
  if (!ctx.recovery) return NoApplications();
  auto list = ctx.recovery->ListProgrammes();
  if (!list.ok()) return ErrorResponse(list.status());
  boost::json::array items;
  for (const auto& p : *list) {
    if (!p.active) continue;
    boost::json::array kinds, objects;
    for (auto k : p.claim_kinds) kinds.emplace_back(std::string(ToString(k)));
    for (auto k : p.object_kinds) objects.emplace_back(std::string(ToString(k)));
    items.push_back(boost::json::object{{"code", p.code},
                                        {"name", p.name},
                                        {"claim_kinds", std::move(kinds)},
                                        {"object_kinds", std::move(objects)}});
  }
  return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
}

Response ApplyStart(ApiContext& ctx, Request& req) {
  if (!ctx.applications) return NoApplications();
  return WithBody(req, [&](JsonFields& in) {
    std::string phone, language = "kk";
    Status s = in.String("phone", phone);
    if (s.ok()) s = in.String("language", language);
    if (s.ok()) s = in.Finish();
    if (!s.ok()) return ErrorResponse(s);
    if (auto r = Throttled(ctx.public_limiter, req, kTooMany)) return *r;
    auto started = ctx.applications->Start(phone, language);
    if (!started.ok()) return ErrorResponse(started.status());
    return JsonResponse(
        201, boost::json::object{{"application", started->id},
                                 {"code_expires_at", FormatTimestamp(started->code_expires_at)}});
  });
}

Response ApplyConfirm(ApiContext& ctx, Request& req) {
  if (!ctx.applications) return NoApplications();
  return WithBody(req, [&](JsonFields& in) {
    std::string application, code;
    Status s = in.String("application", application);
    if (s.ok()) s = in.String("code", code);
    if (s.ok()) s = in.Finish();
    if (!s.ok()) return ErrorResponse(s);
    if (auto r = Throttled(ctx.public_limiter, req, kTooMany)) return *r;
    auto token = ctx.applications->Confirm(application, code);
    if (!token.ok()) return ErrorResponse(token.status());
    return JsonResponse(200,
                        boost::json::object{{"token", token->token},
                                            {"expires_at", FormatTimestamp(token->expires_at)}});
  });
}

// The body is the file itself; its type is read from its bytes, not from a name or header.
Response ApplyUpload(ApiContext& ctx, Request& req) {
  if (!ctx.applications) return NoApplications();
  auto f = ctx.applications->Upload(req.Header("x-application-token"), req.body);
  if (!f.ok()) return ErrorResponse(f.status());
  return JsonResponse(
      201,
      boost::json::object{{"sha256", f->sha256}, {"media_type", f->media_type}, {"size", f->size}});
}

// The applicant learns the claim's number and state: what the status page asks for later.
Response ApplySubmit(ApiContext& ctx, Request& req) {
  if (!ctx.applications) return NoApplications();
  return WithBody(req, [&](JsonFields& in) {
    auto c = OnlineClaimFrom(in);
    if (!c.ok()) return ErrorResponse(c.status());
    auto out = ctx.applications->Submit(*c);
    if (!out.ok()) return ErrorResponse(out.status());
    bool created = out->change == recovery::IntakeOutcome::Change::kCreated;
    return JsonResponse(created ? 201 : 200,
                        boost::json::object{{"number", out->claim.id},
                                            {"state", std::string(ToString(out->claim.state))},
                                            {"existing", !created}});
  });
}

}  // namespace aftermath::http
