// GET /api/v1/export: the same export as `aftermath export`, for supervisors while the server
// runs (on SQLite the running server is the file's one writer, and an export writes its audit
// row, so the CLI's export is refused beside it). Audited by the registry.
#include <fmt/format.h>

#include <sstream>

#include "http/error_mapping.h"
#include "http/handlers.h"
#include "io/export/record_writer.h"

namespace aftermath::http {

Response ExportRecords(ApiContext& ctx, Request& req) {
  ExportOptions options{.actor = Actor(req)};
  auto format = io::ParseFormat(req.Query("format"));
  if (!format) return ErrorResponse(InvalidArgument("must be csv, pfif or jsonl", "format"));
  if (req.HasQuery("status")) {
    options.status = ParsePersonStatus(req.Query("status"));
    if (!options.status) {
      return ErrorResponse(
          InvalidArgument(fmt::format("must be one of: {}", PersonStatusNames()), "status"));
    }
  }
  if (req.HasQuery("source_id")) {
    options.source_id = req.Query("source_id");  // the registry refuses an unknown one
    if (options.source_id.empty()) {
      return ErrorResponse(InvalidArgument("no such source", "source_id"));
    }
  }
  std::ostringstream out;
  auto writer = io::MakeWriter(*format, out, req.HasQuery("pfif_domain")
                                                  ? req.Query("pfif_domain")
                                                  : ctx.pfif_domain);  // the server's own
  auto summary = ctx.registry.Export(options, *writer);
  if (!summary.ok()) return ErrorResponse(summary.status());
  Response r;
  switch (*format) {
    case io::Format::kCsv:
      r.content_type = "text/csv; charset=utf-8";
      break;
    case io::Format::kPfif:
      r.content_type = "application/xml; charset=utf-8";
      break;
    case io::Format::kJsonl:
      r.content_type = "application/x-ndjson";
      break;
  }
  r.body = std::move(out).str();
  r.headers.emplace_back("Content-Disposition",
                         fmt::format("attachment; filename=\"aftermath-export.{}\"",
                                     *format == io::Format::kPfif ? "xml" : io::ToString(*format)));
  r.headers.emplace_back("X-Exported-Persons", std::to_string(summary->persons));
  r.headers.emplace_back("X-Exported-Reports", std::to_string(summary->reports));
  return r;
}

}  // namespace aftermath::http
