// Thin handlers: parse the request, call the registry, map the status, write JSON.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string_view>

#include "access/disclosure.h"
#include "http/message.h"
#include "http/routes.h"

namespace aftermath::http {

Response Healthz(ApiContext& ctx, Request& req);
Response Version(ApiContext& ctx, Request& req);
Response Metrics(ApiContext& ctx, Request& req);  // guarded by MonitoringOnly
Response StaticFile(ApiContext& ctx, Request& req);

Response CreateSource(ApiContext& ctx, Request& req);
Response ListSources(ApiContext& ctx, Request& req);

Response CreatePerson(ApiContext& ctx, Request& req);
Response GetPerson(ApiContext& ctx, Request& req);
Response ListPersons(ApiContext& ctx, Request& req);
Response PersonHistory(ApiContext& ctx, Request& req);

Response CreateReport(ApiContext& ctx, Request& req);
Response UploadImport(ApiContext& ctx, Request& req);
Response ListImports(ApiContext& ctx, Request& req);  // a source's past uploads
Response GetReport(ApiContext& ctx, Request& req);
Response ListReports(ApiContext& ctx, Request& req);

Response CreateInquiry(ApiContext& ctx, Request& req);
Response GetInquiry(ApiContext& ctx, Request& req);
Response ListInquiries(ApiContext& ctx, Request& req);
Response UpdateInquiry(ApiContext& ctx, Request& req);

Response Search(ApiContext& ctx, Request& req);
Response ListMatches(ApiContext& ctx, Request& req);
Response InquiryMatches(ApiContext& ctx, Request& req);
Response LinkInquiryPerson(ApiContext& ctx, Request& req);
Response DecideMatch(ApiContext& ctx, Request& req);
Response ListCallbacks(ApiContext& ctx, Request& req);
Response CallbackOutcome(ApiContext& ctx, Request& req);
Response UndoConfirmation(ApiContext& ctx, Request& req);
Response ClaimCallback(ApiContext& ctx, Request& req);
Response MergePersons(ApiContext& ctx, Request& req);
Response UndoMerge(ApiContext& ctx, Request& req);
Response Figures(ApiContext& ctx, Request& req);
Response ShiftFigures(ApiContext& ctx, Request& req);  // the shift lead's dashboard
Response ListOutbox(ApiContext& ctx, Request& req);
Response ExportRecords(ApiContext& ctx, Request& req);
Response MarkOutboxSent(ApiContext& ctx, Request& req);
Response MarkOutboxFailed(ApiContext& ctx, Request& req);
Response OutboxReceipt(ApiContext& ctx, Request& req);
Response PublicSearch(ApiContext& ctx, Request& req);
Response PublicInfo(ApiContext& ctx, Request& req);
Response FamilyView(ApiContext& ctx, Request& req);
Response Login(ApiContext& ctx, Request& req);
Response Logout(ApiContext& ctx, Request& req);
Response Me(ApiContext& ctx, Request& req);
Response ListUsers(ApiContext& ctx, Request& req);
Response CreateUser(ApiContext& ctx, Request& req);
Response UpdateUser(ApiContext& ctx, Request& req);
Response ListTokens(ApiContext& ctx, Request& req);
Response CreateToken(ApiContext& ctx, Request& req);
Response RevokeToken(ApiContext& ctx, Request& req);
Response QueryAudit(ApiContext& ctx, Request& req);
Response PfifPersonsFeed(ApiContext& ctx, Request& req);
Response PfifNotesFeed(ApiContext& ctx, Request& req);
Response PfifWrite(ApiContext& ctx, Request& req);
Response VerifyAudit(ApiContext& ctx, Request& req);

// The damage & support register (handlers_recovery.cc).
Response PublicClaimStatus(ApiContext& ctx, Request& req);
// Applying online (handlers_apply.cc).
Response PublicProgrammes(ApiContext& ctx, Request& req);
Response ApplyStart(ApiContext& ctx, Request& req);
Response ApplyConfirm(ApiContext& ctx, Request& req);
Response ApplyUpload(ApiContext& ctx, Request& req);
Response ApplySubmit(ApiContext& ctx, Request& req);
Response ListProgrammes(ApiContext& ctx, Request& req);
Response CreateProgramme(ApiContext& ctx, Request& req);
Response UpdateProgramme(ApiContext& ctx, Request& req);
Response RegisterObject(ApiContext& ctx, Request& req);
Response ListObjects(ApiContext& ctx, Request& req);
Response GetObject(ApiContext& ctx, Request& req);
Response CreateAssessment(ApiContext& ctx, Request& req);
Response StartWork(ApiContext& ctx, Request& req);
Response UpdateWork(ApiContext& ctx, Request& req);
Response UploadFile(ApiContext& ctx, Request& req);
Response SubmitClaim(ApiContext& ctx, Request& req);
Response ImportClaims(ApiContext& ctx, Request& req);
Response ListClaims(ApiContext& ctx, Request& req);
Response ListOverdueClaims(ApiContext& ctx, Request& req);
Response GetClaim(ApiContext& ctx, Request& req);
Response UpdateClaim(ApiContext& ctx, Request& req);
Response ReviewClaim(ApiContext& ctx, Request& req);
Response CheckClaim(ApiContext& ctx, Request& req);
Response ValueClaim(ApiContext& ctx, Request& req);
Response MarkClaimReady(ApiContext& ctx, Request& req);
Response WithdrawClaim(ApiContext& ctx, Request& req);
Response ConfirmPayee(ApiContext& ctx, Request& req);
Response ListConflicts(ApiContext& ctx, Request& req);
Response ResolveConflict(ApiContext& ctx, Request& req);
Response UndoConflictResolution(ApiContext& ctx, Request& req);
// The register's commissions (handlers_commission.cc).
Response ListCommissions(ApiContext& ctx, Request& req);
Response CreateCommission(ApiContext& ctx, Request& req);
Response GetCommission(ApiContext& ctx, Request& req);
Response DeclareInterest(ApiContext& ctx, Request& req);
Response OpenSession(ApiContext& ctx, Request& req);
Response GetSession(ApiContext& ctx, Request& req);
Response CastVote(ApiContext& ctx, Request& req);
Response DecideClaim(ApiContext& ctx, Request& req);
Response CloseSession(ApiContext& ctx, Request& req);
Response CorrectDecision(ApiContext& ctx, Request& req);
Response SignAct(ApiContext& ctx, Request& req);
Response AppealClaim(ApiContext& ctx, Request& req);
Response GetApprovalTiers(ApiContext& ctx, Request& req);
Response SetApprovalTiers(ApiContext& ctx, Request& req);
Response ChairSignOff(ApiContext& ctx, Request& req);
Response FinanceSignOff(ApiContext& ctx, Request& req);
// A session's act as PDF, ?lang=kk|ru (handlers_documents.cc).
Response GetActPdf(ApiContext& ctx, Request& req);
// The register's payments (handlers_payments.cc).
Response ListPaymentLists(ApiContext& ctx, Request& req);
Response BuildPaymentList(ApiContext& ctx, Request& req);
Response GetPaymentList(ApiContext& ctx, Request& req);
Response ExportPaymentList(ApiContext& ctx, Request& req);
Response ReadBankAnswer(ApiContext& ctx, Request& req);
Response CorrectPaymentIban(ApiContext& ctx, Request& req);
// The register's figures (handlers_register_figures.cc): supervisors' JSON and the public's
// HXL-tagged CSV of small-cell-suppressed aggregates.
Response RegisterFigures(ApiContext& ctx, Request& req);
Response PublicRegisterFigures(ApiContext& ctx, Request& req);
Response CommissionThroughput(ApiContext& ctx, Request& req);

// Helpers shared by handler files.
Response JsonResponse(int status, const boost::json::value& body);
// The acting principal for the audit log ("usr_…", "tok_…", "anonymous").
std::string Actor(const Request& req);
// Who reads, for the disclosure table (access/disclosure.h).
access::Viewer ViewerOf(const Request& req);
// Rejects bodies that declare a non-JSON content type (415 at the edge).
bool IsJsonBody(const Request& req);
Result<PageRequest> PageFromQuery(const Request& req);
// The whole number `key` of the query, `fallback` when absent; InvalidArgument naming `key`
// ("must be lo..hi") when it is not a whole number within lo..hi.
Result<int> IntQuery(const Request& req, const char* key, int fallback, int lo, int hi);
// Takes one of the client's calls from `limiter` (per client address and overall): nullopt when
// it may go on, else the 429 to answer, with `message` and Retry-After.
std::optional<Response> Throttled(access::RateLimiter& limiter, const Request& req,
                                  std::string_view message);

}  // namespace aftermath::http
