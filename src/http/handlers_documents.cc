// Documents on paper under /api/v1/recovery: a session's act as PDF (documents/act_pdf.h), read
// through the register's one door (audited as "act.read").
#include <fmt/format.h>

#include "documents/act_pdf.h"
#include "http/error_mapping.h"
#include "http/handlers.h"
#include "recovery/recovery.h"

namespace aftermath::http {

Response GetActPdf(ApiContext& ctx, Request& req) {
  if (!ctx.recovery) {
    return ErrorResponse(Unavailable("this server runs without the recovery register"));
  }
  std::string lang = req.HasQuery("lang") ? req.Query("lang") : "kk";
  auto language = documents::ParseDocumentLanguage(lang);
  if (!language) return ErrorResponse(InvalidArgument("must be kk or ru", "lang"));
  auto record = ctx.recovery->commissions().ReadAct(Actor(req), req.path_params["id"]);
  if (!record.ok()) return ErrorResponse(record.status());
  auto pdf = documents::RenderActPdf(*record, *language);
  if (!pdf.ok()) return ErrorResponse(pdf.status());
  Response r;
  r.status = 200;
  r.content_type = "application/pdf";
  r.body = std::move(*pdf);
  r.headers.emplace_back(
      "Content-Disposition",
      fmt::format("attachment; filename=\"{}-{}.pdf\"", record->act.id, lang));
  r.headers.emplace_back("X-Act-SHA256", record->act.sha256);
  return r;
}

}  // namespace aftermath::http
