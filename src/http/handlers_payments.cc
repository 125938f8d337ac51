// The register's payments under /api/v1/recovery (issue #17): thin handlers that parse, call the
// register's payments (recovery/payments.h), map the status and write JSON through the one
// disclosure table, or the bank's file as it is.
#include <fmt/format.h>

#include "http/error_mapping.h"
#include "http/handlers.h"
#include "http/json_body.h"
#include "http/json_output.h"
#include "recovery/json_fields.h"
#include "recovery/recovery.h"

namespace aftermath::http {
namespace {

using access::View;
using recovery::JsonFields;

Response NoRegister() {
  return ErrorResponse(Unavailable("this server runs without the recovery register"));
}

#define REQUIRE_RECOVERY(ctx) \
  if (!(ctx).recovery) return NoRegister()

boost::json::value OrNull(const std::string& s) {
  return s.empty() ? boost::json::value(nullptr) : boost::json::value(s);
}
boost::json::value OrNull(const std::optional<Timestamp>& t) {
  return t ? boost::json::value(FormatTimestamp(*t)) : boost::json::value(nullptr);
}

boost::json::object PaymentJson(const Payment& p, Viewer viewer) {
  return Disclosed(viewer, View::kPayment,
                   {{"id", p.id},
                    {"version", p.version},
                    {"list_id", p.list_id},
                    {"programme_id", p.programme_id},
                    {"claim_id", p.claim_id},
                    {"session_id", p.session_id},
                    {"object_id", OrNull(p.object_id)},
                    {"payee_name", p.payee_name},
                    {"payee_id", OrNull(p.payee_id)},
                    {"payee_person_id", OrNull(p.payee_person_id)},
                    {"iban", p.iban},
                    {"bic", p.bic},
                    {"amount", p.amount},
                    {"state", ToString(p.state)},
                    {"return_reason", OrNull(p.return_reason)},
                    {"resent_from", OrNull(p.resent_from)},
                    {"created_at", FormatTimestamp(p.created_at)},
                    {"paid_at", OrNull(p.paid_at)},
                    {"returned_at", OrNull(p.returned_at)}});
}

boost::json::object ListJson(const PaymentList& l, Viewer viewer,
                             const recovery::PaymentListView* view = nullptr) {
  boost::json::object o{{"id", l.id},
                        {"version", l.version},
                        {"programme_id", l.programme_id},
                        {"state", ToString(l.state)},
                        {"count", l.count},
                        {"total", l.total},
                        {"created_by", l.created_by},
                        {"created_at", FormatTimestamp(l.created_at)},
                        {"exported_at", OrNull(l.exported_at)},
                        {"export_format", OrNull(l.export_format)},
                        {"export_sha256", OrNull(l.export_sha256)},
                        {"answered_at", OrNull(l.answered_at)}};
  if (view) {
    boost::json::array payments, held;
    for (const auto& p : view->payments) payments.push_back(PaymentJson(p, viewer));
    for (const auto& h : view->held) {
      boost::json::object params;
      for (const auto& [k, v] : h.params) params[k] = v;
      held.push_back(Disclosed(viewer, View::kHeldBack,
                               {{"claim_id", h.claim_id},
                                {"code", h.code},
                                {"params", std::move(params)},
                                {"reason", h.reason}}));
    }
    o["payments"] = std::move(payments);
    o["held"] = std::move(held);
  }
  return Disclosed(viewer, View::kPaymentList, std::move(o));
}

}  // namespace

Response ListPaymentLists(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  auto lists = ctx.recovery->payments().ListLists(req.Query("programme"));
  if (!lists.ok()) return ErrorResponse(lists.status());
  boost::json::array items;
  for (const auto& l : *lists) items.push_back(ListJson(l, ViewerOf(req)));
  return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
}

Response BuildPaymentList(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  return WithBody(req, [&](JsonFields& in) {
    std::string programme;
    Status s = in.String("programme", programme);
    if (s.ok()) s = in.Finish();
    if (!s.ok()) return ErrorResponse(s);
    auto view = ctx.recovery->payments().BuildList(Actor(req), programme);
    if (!view.ok()) return ErrorResponse(view.status());
    return JsonResponse(201, ListJson(view->list, ViewerOf(req), &*view));
  });
}

Response GetPaymentList(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  auto view = ctx.recovery->payments().GetList(Actor(req), req.path_params["id"]);
  if (!view.ok()) return ErrorResponse(view.status());
  return JsonResponse(200, ListJson(view->list, ViewerOf(req), &*view));
}

Response ExportPaymentList(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  return WithBody(req, [&](JsonFields& in) {
    std::string format = "pain.001";
    recovery::ExportRequest request;
    Status s = in.String("format", format);
    if (s.ok()) s = in.String("execution_date", request.execution_date);
    auto debtor = in.Object("debtor");
    if (s.ok() && !debtor.ok()) s = debtor.status();
    if (s.ok() && *debtor) {
      auto& d = **debtor;
      s = d.String("name", request.debtor.name);
      if (s.ok()) s = d.String("iban", request.debtor.iban);
      if (s.ok()) s = d.String("bic", request.debtor.bic);
      if (s.ok()) s = d.Finish();
    }
    if (s.ok()) s = in.Finish();
    if (s.ok()) {
      if (format == "pain.001" || format == "pain.001.001.03") {
        request.format = recovery::ExportFormat::kPain001;
      } else if (format == "csv") {
        request.format = recovery::ExportFormat::kCsv;
      } else {
        s = InvalidArgument("must be pain.001 or csv", "format");
      }
    }
    if (!s.ok()) return ErrorResponse(s);
    auto out = ctx.recovery->payments().Export(Actor(req), req.path_params["id"], request);
    if (!out.ok()) return ErrorResponse(out.status());
    Response r;
    r.status = 200;
    r.content_type = out->content_type + "; charset=utf-8";
    r.body = std::move(out->body);
    r.headers.emplace_back("Content-Disposition",
                           fmt::format("attachment; filename=\"{}\"", out->filename));
    r.headers.emplace_back("X-Export-SHA256", out->list.export_sha256);
    return r;
  });
}

Response ReadBankAnswer(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  auto out = ctx.recovery->payments().ReadAnswer(Actor(req), req.path_params["id"], req.body);
  if (!out.ok()) return ErrorResponse(out.status());
  boost::json::array errors;
  for (const auto& e : out->errors) {
    errors.push_back(boost::json::object{
        {"code", StatusCodeName(e.code())}, {"where", e.field()}, {"message", e.message()}});
  }
  return JsonResponse(
      200, boost::json::object{{"paid", out->paid},
                               {"returned", out->returned},
                               {"unchanged", out->unchanged},
                               {"errors", std::move(errors)},
                               {"list", ListJson(out->view.list, ViewerOf(req), &out->view)}});
}

Response CorrectPaymentIban(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  return WithBody(req, [&](JsonFields& in) {
    std::string iban;
    Status s = in.String("iban", iban);
    if (s.ok()) s = in.Finish();
    if (s.ok() && iban.empty()) s = InvalidArgument("is required", "iban");
    if (!s.ok()) return ErrorResponse(s);
    auto c = ctx.recovery->payments().CorrectIban(Actor(req), req.path_params["id"], iban);
    if (!c.ok()) return ErrorResponse(c.status());
    return JsonResponse(200, Disclosed(ViewerOf(req), View::kClaim,
                                       {{"id", c->id},
                                        {"version", c->version},
                                        {"state", ToString(c->state)},
                                        {"iban", c->iban}}));
  });
}

}  // namespace aftermath::http
