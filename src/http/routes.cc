#include "http/routes.h"

#include "http/guard.h"
#include "http/handlers.h"
#include "http/idempotent.h"

namespace aftermath::http {
namespace {

using access::Action;
constexpr std::optional<Action> kOpen;
constexpr RouteGuard kUpload = RouteGuard::kUpload;
constexpr RouteGuard kAuditedRead = RouteGuard::kAuditedRead;

// Every route with the action its caller must be allowed (access/policy.cc has the table of
// actions by role). kOpen: open to everybody.
const RouteSpec kRoutes[] = {
    {"GET", "/healthz", kOpen, Healthz},
    {"GET", "/metrics", kOpen, Metrics, RouteGuard::kMonitoring},
    {"GET", "/api/v1/version", kOpen, Version},
    {"POST", "/api/v1/auth/login", kOpen, Login},
    {"GET", "/api/v1/public/search", Action::kPublicLookup, PublicSearch},
    {"GET", "/api/v1/public/info", kOpen, PublicInfo},
    {"GET", "/api/v1/family/{id}", Action::kPublicLookup, FamilyView},
    {"POST", "/api/v1/public/claim-status", Action::kPublicLookup, PublicClaimStatus},
    // Applying online (handlers_apply.cc): no sign-in; the code, then the token, is the key.
    {"GET", "/api/v1/public/programmes", Action::kPublicLookup, PublicProgrammes},
    {"POST", "/api/v1/public/apply/start", Action::kPublicLookup, ApplyStart},
    {"POST", "/api/v1/public/apply/confirm", Action::kPublicLookup, ApplyConfirm},
    {"POST", "/api/v1/public/apply/documents", Action::kPublicLookup, ApplyUpload, kUpload,
     21 << 20},
    {"POST", "/api/v1/public/apply/submit", Action::kPublicLookup, ApplySubmit},
    // Operators search as the caller spells: the one read hot enough to keep sessions in memory.
    {"GET", "/api/v1/search", Action::kSearch, Search, kAuditedRead},
    {"POST", "/api/v1/auth/logout", kOpen, Logout},
    {"GET", "/api/v1/auth/me", Action::kReadSources, Me},

    {"POST", "/api/v1/sources", Action::kManageSources, CreateSource},
    {"GET", "/api/v1/sources", Action::kReadSources, ListSources},
    {"POST", "/api/v1/persons", Action::kWritePerson, CreatePerson},
    {"GET", "/api/v1/persons", Action::kReadPerson, ListPersons},
    {"GET", "/api/v1/persons/{id}", Action::kReadPerson, GetPerson},
    {"GET", "/api/v1/persons/{id}/history", Action::kReadPerson, PersonHistory},
    {"POST", "/api/v1/reports", Action::kSubmitReport, CreateReport},
    {"POST", "/api/v1/imports", Action::kSubmitReport, UploadImport, kUpload, 32 << 20},
    {"GET", "/api/v1/imports", Action::kSubmitReport, ListImports},
    {"GET", "/api/v1/reports", Action::kReadReport, ListReports},
    {"GET", "/api/v1/reports/{id}", Action::kReadReport, GetReport},
    {"POST", "/api/v1/inquiries", Action::kWriteInquiry, CreateInquiry},
    {"GET", "/api/v1/inquiries", Action::kReadInquiry, ListInquiries},
    {"GET", "/api/v1/inquiries/{id}", Action::kReadInquiry, GetInquiry},
    {"PATCH", "/api/v1/inquiries/{id}", Action::kWriteInquiry, UpdateInquiry},

    {"GET", "/api/v1/inquiries/{id}/matches", Action::kReviewMatches, InquiryMatches},
    {"POST", "/api/v1/inquiries/{id}/link", Action::kReviewMatches, LinkInquiryPerson},
    {"GET", "/api/v1/matches", Action::kReviewMatches, ListMatches},
    {"POST", "/api/v1/matches/{id}/decision", Action::kReviewMatches, DecideMatch},
    {"POST", "/api/v1/matches/{id}/undo", Action::kReviewMatches, UndoConfirmation},
    {"GET", "/api/v1/callbacks", Action::kWriteInquiry, ListCallbacks},
    {"POST", "/api/v1/callbacks/{id}/outcome", Action::kWriteInquiry, CallbackOutcome},
    {"POST", "/api/v1/callbacks/{id}/claim", Action::kWriteInquiry, ClaimCallback},
    {"POST", "/api/v1/persons/{id}/merge", Action::kWritePerson, MergePersons},
    {"POST", "/api/v1/merges/{id}/undo", Action::kWritePerson, UndoMerge},
    {"GET", "/api/v1/figures", Action::kReadFigures, Figures},
    {"GET", "/api/v1/figures/shift", Action::kReadFigures, ShiftFigures},
    {"GET", "/api/v1/export", Action::kExport, ExportRecords},
    {"GET", "/api/v1/outbox", Action::kRelayMessages, ListOutbox},
    {"POST", "/api/v1/outbox/{id}/sent", Action::kRelayMessages, MarkOutboxSent},
    {"POST", "/api/v1/outbox/{id}/failed", Action::kRelayMessages, MarkOutboxFailed},
    // The SMS gateway's delivery receipts: no session, the body's HMAC is the credential.
    {"POST", "/api/v1/outbox/receipts", kOpen, OutboxReceipt},

    {"GET", "/api/v1/users", Action::kManageUsers, ListUsers},
    {"POST", "/api/v1/users", Action::kManageUsers, CreateUser},
    {"PATCH", "/api/v1/users/{id}", Action::kManageUsers, UpdateUser},
    {"GET", "/api/v1/tokens", Action::kManageTokens, ListTokens},
    {"POST", "/api/v1/tokens", Action::kManageTokens, CreateToken},
    {"DELETE", "/api/v1/tokens/{id}", Action::kManageTokens, RevokeToken},
    {"GET", "/api/v1/audit", Action::kReadAudit, QueryAudit},
    {"GET", "/api/v1/audit/verify", Action::kReadAudit, VerifyAudit},

    // The damage & support register (handlers_recovery.cc).
    {"GET", "/api/v1/recovery/programmes", Action::kReadClaims, ListProgrammes},
    {"POST", "/api/v1/recovery/programmes", Action::kManageProgrammes, CreateProgramme},
    {"PATCH", "/api/v1/recovery/programmes/{id}", Action::kManageProgrammes, UpdateProgramme},
    {"POST", "/api/v1/recovery/objects", Action::kSubmitClaims, RegisterObject},
    {"GET", "/api/v1/recovery/objects", Action::kReadClaims, ListObjects},
    {"GET", "/api/v1/recovery/objects/{id}", Action::kReadClaims, GetObject},
    {"POST", "/api/v1/recovery/objects/{id}/assessments", Action::kInspect, CreateAssessment},
    {"POST", "/api/v1/recovery/objects/{id}/works", Action::kInspect, StartWork},
    {"PATCH", "/api/v1/recovery/works/{id}", Action::kInspect, UpdateWork},
    {"POST", "/api/v1/recovery/files", Action::kUploadFiles, UploadFile, kUpload, 21 << 20},
    {"POST", "/api/v1/recovery/claims", Action::kSubmitClaims, SubmitClaim},
    {"POST", "/api/v1/recovery/imports", Action::kSubmitClaims, ImportClaims, kUpload, 32 << 20},
    {"GET", "/api/v1/recovery/claims", Action::kReadClaims, ListClaims},
    {"GET", "/api/v1/recovery/overdue", Action::kReadClaims, ListOverdueClaims},
    {"GET", "/api/v1/recovery/claims/{id}", Action::kReadClaims, GetClaim},
    {"PATCH", "/api/v1/recovery/claims/{id}", Action::kSubmitClaims, UpdateClaim},
    {"POST", "/api/v1/recovery/claims/{id}/review", Action::kSubmitClaims, ReviewClaim},
    {"POST", "/api/v1/recovery/claims/{id}/check", Action::kSubmitClaims, CheckClaim},
    {"POST", "/api/v1/recovery/claims/{id}/valuation", Action::kValueClaims, ValueClaim},
    {"POST", "/api/v1/recovery/claims/{id}/ready", Action::kSubmitClaims, MarkClaimReady},
    {"POST", "/api/v1/recovery/claims/{id}/withdraw", Action::kSubmitClaims, WithdrawClaim},
    {"POST", "/api/v1/recovery/claims/{id}/payee", Action::kConfirmPayee, ConfirmPayee},
    {"GET", "/api/v1/recovery/conflicts", Action::kReadClaims, ListConflicts},
    {"POST", "/api/v1/recovery/conflicts/{id}/resolution", Action::kResolveConflicts,
     ResolveConflict},
    {"POST", "/api/v1/recovery/conflicts/{id}/undo", Action::kResolveConflicts,
     UndoConflictResolution},
    // The register's commissions (handlers_commission.cc); who within a commission may do what
    // (chair, secretary, member; recusals) is the domain's (recovery/commission.h).
    {"GET", "/api/v1/recovery/commissions", Action::kReadCommissions, ListCommissions},
    {"POST", "/api/v1/recovery/commissions", Action::kManageCommissions, CreateCommission},
    {"GET", "/api/v1/recovery/commissions/{id}", Action::kReadCommissions, GetCommission},
    {"POST", "/api/v1/recovery/commissions/{id}/declarations", Action::kCommissionWork,
     DeclareInterest},
    {"POST", "/api/v1/recovery/commissions/{id}/sessions", Action::kCommissionWork, OpenSession},
    {"GET", "/api/v1/recovery/sessions/{id}", Action::kReadCommissions, GetSession},
    {"POST", "/api/v1/recovery/sessions/{id}/votes", Action::kCommissionWork, CastVote},
    {"POST", "/api/v1/recovery/sessions/{id}/decisions", Action::kCommissionWork, DecideClaim},
    {"POST", "/api/v1/recovery/sessions/{id}/close", Action::kCommissionWork, CloseSession},
    {"POST", "/api/v1/recovery/sessions/{id}/corrections", Action::kCommissionWork,
     CorrectDecision},
    {"POST", "/api/v1/recovery/acts/{id}/signatures", Action::kCommissionWork, SignAct},
    {"GET", "/api/v1/recovery/acts/{id}/pdf", Action::kReadCommissions, GetActPdf},
    {"POST", "/api/v1/recovery/claims/{id}/appeal", Action::kAppealClaims, AppealClaim},
    {"GET", "/api/v1/recovery/programmes/{id}/approval-tiers", Action::kReadCommissions,
     GetApprovalTiers},
    {"PUT", "/api/v1/recovery/programmes/{id}/approval-tiers", Action::kManageProgrammes,
     SetApprovalTiers},
    {"POST", "/api/v1/recovery/sessions/{id}/signoffs", Action::kCommissionWork, ChairSignOff},
    {"POST", "/api/v1/recovery/sessions/{id}/finance-signoffs", Action::kFinanceSignOff,
     FinanceSignOff},
    // The register's payments (handlers_payments.cc).
    {"GET", "/api/v1/recovery/payment-lists", Action::kReadPayments, ListPaymentLists},
    {"POST", "/api/v1/recovery/payment-lists", Action::kManagePayments, BuildPaymentList},
    {"GET", "/api/v1/recovery/payment-lists/{id}", Action::kReadPayments, GetPaymentList},
    {"POST", "/api/v1/recovery/payment-lists/{id}/export", Action::kManagePayments,
     ExportPaymentList},
    {"POST", "/api/v1/recovery/payment-lists/{id}/answer", Action::kManagePayments,
     ReadBankAnswer, kUpload, 32 << 20},
    {"POST", "/api/v1/recovery/payments/{id}/iban", Action::kSubmitClaims, CorrectPaymentIban},
    // The register's figures (handlers_register_figures.cc): staff's JSON; the public's
    // aggregates without sign-in (small cells suppressed, rate-limited like the lookups).
    {"GET", "/api/v1/recovery/figures", Action::kReadFigures, RegisterFigures},
    {"GET", "/api/v1/public/recovery-figures.csv", kOpen, PublicRegisterFigures},
    {"GET", "/api/v1/recovery/figures/commissions", Action::kReadFigures, CommissionThroughput},
    {"GET", "/api/v1/pfif/persons", Action::kReadPfifFeed, PfifPersonsFeed},
    {"GET", "/api/v1/pfif/notes", Action::kReadPfifFeed, PfifNotesFeed},
    {"POST", "/api/v1/pfif", Action::kSubmitReport, PfifWrite, kUpload, 32 << 20},
};

Route MakeRoute(ApiContext& ctx, const RouteSpec& spec) {
  auto fn = spec.handler;
  Handler handler = [&ctx, fn](Request& req) { return fn(ctx, req); };
  switch (spec.guard) {
    case RouteGuard::kMonitoring:
      return Route{spec.method, spec.pattern, MonitoringOnly(ctx, std::move(handler))};
    case RouteGuard::kUpload:
      return WithBodyLimit(Route{spec.method, spec.pattern,
                                 Guarded(ctx, spec.action, std::move(handler), BodyType::kUpload)},
                           spec.body_limit);
    case RouteGuard::kAuditedRead:
      return WithBodyLimit(Route{spec.method, spec.pattern,
                                 Guarded(ctx, spec.action, std::move(handler), BodyType::kJson,
                                         SessionSource::kMemoryThenConfirm)},
                           spec.body_limit);
    case RouteGuard::kJson:
      break;
  }
  // Every signed-in POST may be retried with an Idempotency-Key (sign-in and out need none).
  if (std::string_view(spec.method) == "POST" && spec.action) {
    handler = Idempotent(ctx, handler);
  }
  return WithBodyLimit(Route{spec.method, spec.pattern, Guarded(ctx, spec.action, handler)},
                       spec.body_limit);
}

}  // namespace

std::span<const RouteSpec> RouteTable() { return kRoutes; }

Router MakeRouter(ApiContext& ctx) {
  std::vector<Route> routes;
  for (const auto& spec : kRoutes) routes.push_back(MakeRoute(ctx, spec));
  return Router(
      std::move(routes),
      ctx.web_root.empty() ? Handler() : [&ctx](Request& req) { return StaticFile(ctx, req); });
}

}  // namespace aftermath::http
