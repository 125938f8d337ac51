// The PFIF feeds and the PFIF write, as Person Finder's API serves them (issue #20):
// GET /api/v1/pfif/persons and /api/v1/pfif/notes (Atom feeds of PFIF 1.4, min_entry_date and
// skip paging), POST /api/v1/pfif (a PFIF document, imported as an upload is). Through the
// registry: a source's clerk or token reads and writes its own source's records only, and
// every field passes the disclosure table for the caller's role.
#include <fmt/format.h>

#include <charconv>
#include <sstream>

#include "http/error_mapping.h"
#include "http/handlers.h"
#include "io/pfif/pfif_feed.h"

namespace aftermath::http {
namespace {

constexpr size_t kDefaultMaxResults = 100;
constexpr size_t kMaxResults = 200;
constexpr size_t kMaxSkip = 1000000;

Result<size_t> CountQuery(const Request& req, std::string_view key, size_t fallback, size_t low,
                          size_t high) {
  if (!req.HasQuery(key)) return fallback;
  std::string v = req.Query(key);
  size_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || end != v.data() + v.size() || n < low || n > high) {
    return InvalidArgument(fmt::format("must be a whole number from {} to {}", low, high),
                           std::string(key));
  }
  return n;
}

Response Feed(ApiContext& ctx, Request& req, io::PfifFeedKind kind) {
  PfifFeedOptions options{.actor = Actor(req)};
  if (access::IsSourceBound(req.principal)) {
    // A source's clerk or token: its own records, whatever source_id= says.
    options.source_id = req.principal.source_id;
    if (req.HasQuery("source_id") && req.Query("source_id") != options.source_id) {
      return ErrorResponse(PermissionDenied("you may act only for your own source"));
    }
  } else if (req.HasQuery("source_id")) {
    options.source_id = req.Query("source_id");
    auto source = ctx.registry.GetSource(options.source_id);
    if (!source.ok() && source.status().code() == StatusCode::kNotFound) {
      return ErrorResponse(InvalidArgument("no such source", "source_id"));
    }
    if (!source.ok()) return ErrorResponse(source.status());
  }
  if (req.HasQuery("min_entry_date")) {
    auto t = ParseTimestamp(req.Query("min_entry_date"));
    if (!t.ok()) {
      return ErrorResponse(InvalidArgument(std::string(t.status().message()), "min_entry_date"));
    }
    options.min_entry_date = *t;
  }
  auto skip = CountQuery(req, "skip", 0, 0, kMaxSkip);
  if (!skip.ok()) return ErrorResponse(skip.status());
  auto max_results = CountQuery(req, "max_results", kDefaultMaxResults, 1, kMaxResults);
  if (!max_results.ok()) return ErrorResponse(max_results.status());

  access::Viewer viewer = ViewerOf(req);
  bool persons = kind == io::PfifFeedKind::kPersons;
  io::PfifFeedOptions feed{
      .kind = kind,
      .domain = ctx.pfif_domain,
      .url = req.path,
      .title = fmt::format("aftermath {}: PFIF {}", ctx.pfif_domain, persons ? "persons" : "notes"),
      .updated = ctx.registry.clock().Now(),
      .skip = *skip,
      .skip_date =
          req.HasQuery("min_entry_date") ? std::optional(options.min_entry_date) : std::nullopt,
      .max_results = *max_results,
      .may_write =
          [viewer](PfifKind record, std::string_view field) {
            return access::MayShow(
                viewer,
                record == PfifKind::kPerson ? access::View::kPfifPerson : access::View::kPfifNote,
                field);
          },
  };
  std::ostringstream out;
  auto writer = io::MakePfifFeedWriter(out, std::move(feed));
  auto handed = ctx.registry.PfifFeed(options, *writer);
  if (!handed.ok()) return ErrorResponse(handed.status());
  Response r;
  r.content_type = "application/atom+xml; charset=utf-8";
  r.body = std::move(out).str();
  return r;
}

}  // namespace

Response PfifPersonsFeed(ApiContext& ctx, Request& req) {
  return Feed(ctx, req, io::PfifFeedKind::kPersons);
}

Response PfifNotesFeed(ApiContext& ctx, Request& req) {
  return Feed(ctx, req, io::PfifFeedKind::kNotes);
}

// The body is a PFIF document (or an Atom feed of one), imported as an upload to the caller's
// source is (UploadImport: the same sources, dry_run and all_or_nothing, the same answer).
Response PfifWrite(ApiContext& ctx, Request& req) {
  if (req.HasQuery("format") && req.Query("format") != "pfif") {
    return ErrorResponse(InvalidArgument("this route takes PFIF only", "format"));
  }
  req.query.erase("format");
  req.query.emplace("format", "pfif");
  return UploadImport(ctx, req);
}

}  // namespace aftermath::http
