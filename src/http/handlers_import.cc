// POST /api/v1/imports: a source's clerk uploads a list (CSV, PFIF or JSON Lines) as the request
// body; the same importer as `aftermath import` records it into the clerk's own source.
#include <fmt/format.h>

#include <streambuf>

#include "http/error_mapping.h"
#include "http/error_reasons.h"
#include "http/handlers.h"
#include "io/import/formats.h"

namespace aftermath::http {
namespace {

constexpr size_t kMaxRejectionsShown = 1000;

// Reads the request body in place: a 32 MiB upload is not copied again.
class BodyBuf : public std::streambuf {
 public:
  explicit BodyBuf(std::string& body) { setg(body.data(), body.data(), body.data() + body.size()); }
};

Result<bool> BoolQuery(const Request& req, std::string_view key) {
  if (!req.HasQuery(key)) return false;
  std::string v = req.Query(key);
  if (v == "true" || v == "1") return true;
  if (v == "false" || v == "0") return false;
  return InvalidArgument(fmt::format("'{}' is not true or false", v.substr(0, 20)),
                         std::string(key));
}

// The source the upload goes to: a clerk's (or token's) own; an operator's or supervisor's
// goes to the call centre's, as their reports do (CreateReport); an admin names it.
Result<std::string> TargetSource(ApiContext& ctx, const Request& req) {
  if (!access::IsSourceBound(req.principal) && req.principal.role != Role::kAdmin) {
    ASSIGN_OR_RETURN(Source line, ctx.registry.CallCentreSource(Actor(req)));
    return line.id;
  }
  std::string id = req.Query("source_id");
  if (access::IsSourceBound(req.principal) && id.empty()) id = req.principal.source_id;
  if (id.empty()) return InvalidArgument("name the source the list comes from", "source_id");
  RETURN_IF_ERROR(access::AuthorizeForSource(req.principal, access::Action::kSubmitReport, id));
  auto source = ctx.registry.GetSource(id);
  if (!source.ok() && source.status().code() == StatusCode::kNotFound) {
    return InvalidArgument(fmt::format("no source with id '{}'", id.substr(0, 64)), "source_id");
  }
  RETURN_IF_ERROR(source.status());
  return id;
}

}  // namespace

Response UploadImport(ApiContext& ctx, Request& req) {
  std::optional<io::Format> format;
  if (req.HasQuery("format")) {
    format = io::ParseFormat(req.Query("format"));
    if (!format) {
      return ErrorResponse(InvalidArgument("must be csv, pfif or jsonl", "format"));
    }
  } else {
    format = io::FormatFromContentType(req.Header("content-type"));
    if (!format) {
      return ErrorResponse(415, "unsupported_media_type",
                           "send text/csv, application/xml (PFIF) or application/x-ndjson, "
                           "or name the format with ?format=");
    }
  }
  auto dry_run = BoolQuery(req, "dry_run");
  if (!dry_run.ok()) return ErrorResponse(dry_run.status());
  auto all_or_nothing = BoolQuery(req, "all_or_nothing");
  if (!all_or_nothing.ok()) return ErrorResponse(all_or_nothing.status());
  auto source_id = TargetSource(ctx, req);
  if (!source_id.ok()) return ErrorResponse(source_id.status());

  std::unique_ptr<BodyBuf> buf;
  std::unique_ptr<std::istream> in;
  ReaderFactory open = [&]() -> Result<std::unique_ptr<RecordReader>> {
    buf = std::make_unique<BodyBuf>(req.body);
    in = std::make_unique<std::istream>(buf.get());
    return io::OpenReader(*format, *in, {});
  };
  ImportOptions options{
      .actor = Actor(req),
      .source_id = *source_id,
      .pfif_domain = ctx.pfif_domain,
      .mode = *dry_run ? WriteMode::kDryRun : WriteMode::kWrite,
      .bad_rows = *all_or_nothing ? BadRows::kAbortAll : BadRows::kSkip,
      .max_rejections_kept = kMaxRejectionsShown,
  };
  auto summary = ctx.registry.Import(open, options);
  if (!summary.ok()) return ErrorResponse(summary.status());

  boost::json::array rejected;
  for (const auto& r : summary->rejections) {
    boost::json::object row{{"line", r.line}, {"column", r.column}, {"reason", r.reason}};
    if (auto reason = ReasonForMessage(r.reason)) row["detail"] = ReasonJson(*reason);
    rejected.push_back(std::move(row));
  }
  boost::json::array notes;
  boost::json::array note_details;  // each note as a code (null when none), for the console
  for (const auto& n : summary->notes) {
    notes.push_back(boost::json::string(n));
    auto reason = ReasonForMessage(n);
    note_details.push_back(reason ? boost::json::value(ReasonJson(*reason)) : nullptr);
  }
  const auto& c = summary->counts;
  return JsonResponse(200, boost::json::object{
                               {"created", c.created},
                               {"updated", c.updated},
                               {"unchanged", c.unchanged},
                               {"rejected", std::move(rejected)},
                               {"rejected_count", c.rejected},
                               {"dry_run", *dry_run},
                               {"written", summary->written},
                               {"notes", std::move(notes)},
                               {"note_details", std::move(note_details)},
                           });
}

// GET /api/v1/imports: the past uploads of the caller's source (a clerk's own; an admin names
// it; operators' and supervisors' go to the call centre's), newest first: when, by whom, the
// counts. No names of people: the rows are the audit log's.
Response ListImports(ApiContext& ctx, Request& req) {
  auto source_id = TargetSource(ctx, req);
  if (!source_id.ok()) return ErrorResponse(source_id.status());
  auto limit = IntQuery(req, "limit", 20, 1, 500);
  if (!limit.ok()) return ErrorResponse(limit.status());
  auto runs = ctx.registry.ImportRuns(Actor(req), *source_id, *limit);
  if (!runs.ok()) return ErrorResponse(runs.status());
  std::vector<std::string> actors;
  for (const auto& r : *runs) actors.push_back(r.actor);
  auto names = ctx.registry.UserNames(actors);
  boost::json::array items;
  for (const auto& r : *runs) {
    std::string by = r.actor;
    if (names.ok()) {
      if (auto it = names->find(r.actor); it != names->end()) by = it->second;
    }
    items.push_back(boost::json::object{{"at", FormatTimestamp(r.at)},
                                        {"by", by},
                                        {"created", r.counts.created},
                                        {"updated", r.counts.updated},
                                        {"unchanged", r.counts.unchanged},
                                        {"rejected", r.counts.rejected},
                                        {"written", r.written}});
  }
  return JsonResponse(200, boost::json::object{{"source_id", *source_id},
                                               {"items", std::move(items)}});
}

}  // namespace aftermath::http
