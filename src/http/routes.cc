#include "http/routes.h"

#include "http/guard.h"
#include "http/handlers.h"
#include "http/idempotent.h"

namespace aftermath::http {

// Every route with the action its caller must be allowed (access/policy.cc has the table of
// actions by role). std::nullopt: open to everybody.
Router MakeRouter(ApiContext& ctx) {
  using access::Action;
  using Fn = Response (*)(ApiContext&, Request&);
  auto route = [&ctx](const char* method, const char* pattern, std::optional<Action> action,
                      Fn fn) {
    Handler handler = [&ctx, fn](Request& req) { return fn(ctx, req); };
    // Every signed-in POST may be retried with an Idempotency-Key (sign-in and out need none).
    if (std::string_view(method) == "POST" && action) handler = Idempotent(ctx, handler);
    return Route{method, pattern, Guarded(ctx, action, std::move(handler))};
  };
  auto upload = [&ctx](const char* method, const char* pattern, Action action, Fn fn) {
    return Route{method, pattern,
                 Guarded(ctx, action, [&ctx, fn](Request& req) { return fn(ctx, req); },
                         BodyType::kUpload)};
  };
  const std::optional<Action> kOpen;
  return Router(
      {
          route("GET", "/healthz", kOpen, Healthz),
          Route{"GET", "/metrics",
                MonitoringOnly(ctx, [&ctx](Request& req) { return Metrics(ctx, req); })},
          route("GET", "/api/v1/version", kOpen, Version),
          route("POST", "/api/v1/auth/login", kOpen, Login),
          route("GET", "/api/v1/public/search", Action::kPublicLookup, PublicSearch),
          route("GET", "/api/v1/public/info", kOpen, PublicInfo),
          route("GET", "/api/v1/family/{id}", Action::kPublicLookup, FamilyView),
          route("GET", "/api/v1/search", Action::kSearch, Search),
          route("POST", "/api/v1/auth/logout", kOpen, Logout),
          route("GET", "/api/v1/auth/me", Action::kReadSources, Me),

          route("POST", "/api/v1/sources", Action::kManageSources, CreateSource),
          route("GET", "/api/v1/sources", Action::kReadSources, ListSources),
          route("POST", "/api/v1/persons", Action::kWritePerson, CreatePerson),
          route("GET", "/api/v1/persons", Action::kReadPerson, ListPersons),
          route("GET", "/api/v1/persons/{id}", Action::kReadPerson, GetPerson),
          route("GET", "/api/v1/persons/{id}/history", Action::kReadPerson, PersonHistory),
          route("POST", "/api/v1/reports", Action::kSubmitReport, CreateReport),
          WithBodyLimit(upload("POST", "/api/v1/imports", Action::kSubmitReport, UploadImport),
                        32 << 20),
          route("GET", "/api/v1/reports", Action::kReadReport, ListReports),
          route("GET", "/api/v1/reports/{id}", Action::kReadReport, GetReport),
          route("POST", "/api/v1/inquiries", Action::kWriteInquiry, CreateInquiry),
          route("GET", "/api/v1/inquiries", Action::kReadInquiry, ListInquiries),
          route("GET", "/api/v1/inquiries/{id}", Action::kReadInquiry, GetInquiry),
          route("PATCH", "/api/v1/inquiries/{id}", Action::kWriteInquiry, UpdateInquiry),

          route("GET", "/api/v1/inquiries/{id}/matches", Action::kReviewMatches, InquiryMatches),
          route("GET", "/api/v1/matches", Action::kReviewMatches, ListMatches),
          route("POST", "/api/v1/matches/{id}/decision", Action::kReviewMatches, DecideMatch),
          route("GET", "/api/v1/callbacks", Action::kWriteInquiry, ListCallbacks),
          route("POST", "/api/v1/callbacks/{id}/outcome", Action::kWriteInquiry, CallbackOutcome),
          route("POST", "/api/v1/persons/{id}/merge", Action::kWritePerson, MergePersons),
          route("POST", "/api/v1/merges/{id}/undo", Action::kWritePerson, UndoMerge),
          route("GET", "/api/v1/figures", Action::kReadFigures, Figures),
          route("GET", "/api/v1/export", Action::kExport, ExportRecords),
          route("GET", "/api/v1/outbox", Action::kRelayMessages, ListOutbox),
          route("POST", "/api/v1/outbox/{id}/sent", Action::kRelayMessages, MarkOutboxSent),
          route("POST", "/api/v1/outbox/{id}/failed", Action::kRelayMessages, MarkOutboxFailed),

          route("GET", "/api/v1/users", Action::kManageUsers, ListUsers),
          route("POST", "/api/v1/users", Action::kManageUsers, CreateUser),
          route("PATCH", "/api/v1/users/{id}", Action::kManageUsers, UpdateUser),
          route("GET", "/api/v1/tokens", Action::kManageTokens, ListTokens),
          route("POST", "/api/v1/tokens", Action::kManageTokens, CreateToken),
          route("DELETE", "/api/v1/tokens/{id}", Action::kManageTokens, RevokeToken),
          route("GET", "/api/v1/audit", Action::kReadAudit, QueryAudit),
          route("GET", "/api/v1/audit/verify", Action::kReadAudit, VerifyAudit),
      },
      ctx.web_root.empty() ? Handler() : [&ctx](Request& req) { return StaticFile(ctx, req); });
}

}  // namespace aftermath::http
