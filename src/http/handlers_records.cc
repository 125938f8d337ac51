#include <fmt/format.h>

#include "http/error_mapping.h"
#include "http/handlers.h"
#include "http/json_output.h"
#include "io/json_input.h"
#include "io/json_records.h"

namespace aftermath::http {
namespace {

using io::JsonInput;
using io::ParseNewInquiry;
using io::ParseNewPerson;
using io::ParseNewReport;
using io::ParseNewSource;
using io::ReadInquiryFields;

Response UnsupportedMediaType() {
  return ErrorResponse(415, "unsupported_media_type", "send the body as application/json");
}

template <typename T>
Result<T> ParseQueryEnum(const Request& req, std::string_view key,
                         std::optional<T> (*parse)(std::string_view), std::string_view names) {
  std::string text = req.Query(key);
  auto v = parse(text);
  if (!v) {
    return InvalidArgument(fmt::format("'{}' is not one of: {}", text.substr(0, 40), names),
                           std::string(key));
  }
  return *v;
}

}  // namespace

Response CreateSource(ApiContext& ctx, Request& req) {
  if (!IsJsonBody(req)) return UnsupportedMediaType();
  auto in = ParseNewSource(req.body);
  if (!in.ok()) return ErrorResponse(in.status());
  auto s = ctx.registry.CreateSource(Actor(req), *in);
  if (!s.ok()) return ErrorResponse(s.status());
  return JsonResponse(201, ToJson(*s));
}

Response ListSources(ApiContext& ctx, Request& req) {
  auto list = ctx.registry.ListSources();
  if (!list.ok()) return ErrorResponse(list.status());
  boost::json::array items;
  for (const auto& s : *list) {
    if (access::IsSourceBound(req.principal) && s.id != req.principal.source_id) continue;
    items.push_back(ToJson(s));
  }
  return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
}

Response CreatePerson(ApiContext& ctx, Request& req) {
  if (!IsJsonBody(req)) return UnsupportedMediaType();
  auto in = ParseNewPerson(req.body);
  if (!in.ok()) return ErrorResponse(in.status());
  auto p = ctx.registry.CreatePerson(Actor(req), *in);
  if (!p.ok()) return ErrorResponse(p.status());
  Response r = JsonResponse(201, ToJson(*p, ViewerOf(req)));
  r.headers.emplace_back("Location", "/api/v1/persons/" + p->id);
  return r;
}

Response GetPerson(ApiContext& ctx, Request& req) {
  auto p = ctx.registry.GetPerson(Actor(req), req.path_params["id"]);
  if (!p.ok()) return ErrorResponse(p.status());
  return JsonResponse(200, ToJson(*p, ViewerOf(req)));
}

Response ListPersons(ApiContext& ctx, Request& req) {
  auto page = PageFromQuery(req);
  if (!page.ok()) return ErrorResponse(page.status());
  PersonFilter filter;
  if (req.HasQuery("status")) {
    auto s = ParseQueryEnum(req, "status", ParsePersonStatus, PersonStatusNames());
    if (!s.ok()) return ErrorResponse(s.status());
    filter.status = *s;
  }
  auto list = ctx.registry.ListPersons(Actor(req), filter, *page);
  if (!list.ok()) return ErrorResponse(list.status());
  return JsonResponse(200, PageToJson(*list, ViewerOf(req)));
}

Response PersonHistory(ApiContext& ctx, Request& req) {
  auto events = ctx.registry.StatusHistory(Actor(req), req.path_params["id"]);
  if (!events.ok()) return ErrorResponse(events.status());
  boost::json::array items;
  for (const auto& e : *events) items.push_back(ToJson(e, ViewerOf(req)));
  return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
}

// Clerks and source systems report for their own source only; the source may be left out.
// Operators and supervisors speak for the line, never for a hospital or a morgue: what they
// file goes under the call centre's source, whatever source the body names. Admins may name
// any source (they can issue any source's token anyway). Staff may attach a report to any
// person, as they may merge persons.
Status ScopeToOwnSource(ApiContext& ctx, const access::Principal& p, NewReport& in) {
  if (!access::IsSourceBound(p)) {
    in.attach = Attach::kAnyPerson;
    if (p.role == Role::kAdmin) return Status::Ok();
    ASSIGN_OR_RETURN(Source line, ctx.registry.CallCentreSource(p.actor()));
    in.source_id = line.id;
    in.source_name.clear();
    return Status::Ok();
  }
  if (in.source_id.empty() && !in.source_name.empty()) {
    ASSIGN_OR_RETURN(auto sources, ctx.registry.ListSources());
    for (const auto& s : sources) {
      if (s.name == in.source_name) in.source_id = s.id;
    }
    if (in.source_id.empty()) return PermissionDenied("you may act only for your own source");
  }
  if (in.source_id.empty()) in.source_id = p.source_id;
  return access::AuthorizeForSource(p, access::Action::kSubmitReport, in.source_id);
}

Response CreateReport(ApiContext& ctx, Request& req) {
  if (!IsJsonBody(req)) return UnsupportedMediaType();
  auto in = ParseNewReport(req.body);
  if (!in.ok()) return ErrorResponse(in.status());
  if (Status s = ScopeToOwnSource(ctx, req.principal, *in); !s.ok()) return ErrorResponse(s);
  auto out = ctx.registry.RecordReport(Actor(req), *in);
  if (!out.ok()) return ErrorResponse(out.status());
  boost::json::object body = ToJson(out->report, ViewerOf(req));
  const char* change = out->change == ReportOutcome::Change::kCreated   ? "created"
                       : out->change == ReportOutcome::Change::kUpdated ? "updated"
                                                                        : "unchanged";
  body["change"] = change;
  Response r = JsonResponse(out->change == ReportOutcome::Change::kCreated ? 201 : 200, body);
  r.headers.emplace_back("Location", "/api/v1/reports/" + out->report.id);
  return r;
}

Response GetReport(ApiContext& ctx, Request& req) {
  auto r = ctx.registry.GetReport(Actor(req), req.path_params["id"]);
  if (!r.ok()) return ErrorResponse(r.status());
  // Another source's report does not exist as far as a clerk can tell.
  if (access::IsSourceBound(req.principal) && r->source_id != req.principal.source_id) {
    return ErrorResponse(NotFound("no such report"));
  }
  return JsonResponse(200, ToJson(*r, ViewerOf(req)));
}

Response ListReports(ApiContext& ctx, Request& req) {
  auto page = PageFromQuery(req);
  if (!page.ok()) return ErrorResponse(page.status());
  ReportFilter filter{.person_id = req.Query("person_id"), .source_id = req.Query("source_id")};
  if (access::IsSourceBound(req.principal)) {
    if (!filter.source_id.empty() && filter.source_id != req.principal.source_id) {
      return ErrorResponse(PermissionDenied("you may act only for your own source"));
    }
    filter.source_id = req.principal.source_id;
  }
  auto list = ctx.registry.ListReports(Actor(req), filter, *page);
  if (!list.ok()) return ErrorResponse(list.status());
  return JsonResponse(200, PageToJson(*list, ViewerOf(req)));
}

Response CreateInquiry(ApiContext& ctx, Request& req) {
  if (!IsJsonBody(req)) return UnsupportedMediaType();
  auto in = ParseNewInquiry(req.body);
  if (!in.ok()) return ErrorResponse(in.status());
  auto q = ctx.registry.OpenInquiry(Actor(req), *in);
  if (!q.ok()) return ErrorResponse(q.status());
  Response r = JsonResponse(201, ToJson(*q, ViewerOf(req)));
  r.headers.emplace_back("Location", "/api/v1/inquiries/" + q->id);
  return r;
}

Response GetInquiry(ApiContext& ctx, Request& req) {
  auto q = ctx.registry.GetInquiry(Actor(req), req.path_params["id"]);
  if (!q.ok()) return ErrorResponse(q.status());
  return JsonResponse(200, ToJson(*q, ViewerOf(req)));
}

Response ListInquiries(ApiContext& ctx, Request& req) {
  auto page = PageFromQuery(req);
  if (!page.ok()) return ErrorResponse(page.status());
  if (req.HasQuery("person_id")) {
    // An operator on a person's page: every inquiry linked to that person.
    auto list = ctx.registry.InquiriesOfPerson(Actor(req), req.Query("person_id"));
    if (!list.ok()) return ErrorResponse(list.status());
    return JsonResponse(200, PageToJson(Page<Inquiry>{std::move(*list), {}}, ViewerOf(req)));
  }
  if (req.HasQuery("q")) {
    // "I called yesterday": found again by a phone in any format or a name.
    auto hits = ctx.registry.FindInquiries(Actor(req), req.Query("q"), page->limit);
    if (!hits.ok()) return ErrorResponse(hits.status());
    boost::json::array items;
    for (const auto& h : *hits) {
      boost::json::object item = ToJson(h.inquiry, ViewerOf(req));
      item["matched_on"] = h.matched_on;
      item["match_score"] = h.score;
      items.push_back(std::move(item));
    }
    return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
  }
  InquiryFilter filter;
  if (req.HasQuery("state")) {
    auto s = ParseQueryEnum(req, "state", ParseInquiryState, InquiryStateNames());
    if (!s.ok()) return ErrorResponse(s.status());
    filter.state = *s;
  }
  auto list = ctx.registry.ListInquiries(Actor(req), filter, *page);
  if (!list.ok()) return ErrorResponse(list.status());
  return JsonResponse(200, PageToJson(*list, ViewerOf(req)));
}

// PATCH with the version the client last read: a stale version is a 409 carrying the current
// record, so an operator never silently overwrites a colleague's change.
Response UpdateInquiry(ApiContext& ctx, Request& req) {
  if (!IsJsonBody(req)) return UnsupportedMediaType();
  auto in = JsonInput::Parse(req.body);
  if (!in.ok()) return ErrorResponse(in.status());
  if (!in->Has("version")) return ErrorResponse(InvalidArgument("is required", "version"));
  auto current = ctx.registry.GetInquiry(Actor(req), req.path_params["id"]);
  if (!current.ok()) return ErrorResponse(current.status());
  Inquiry q = *current;
  Status s = in->Int64("version", q.version);
  if (s.ok()) s = ReadInquiryFields(*in, q);
  if (s.ok()) s = in->State("state", q.state);
  if (s.ok()) s = in->Finish();
  if (!s.ok()) return ErrorResponse(s);
  auto updated = ctx.registry.UpdateInquiry(Actor(req), q);
  if (!updated.ok()) {
    Response r = ErrorResponse(updated.status());
    if (updated.status().code() == StatusCode::kAborted) {
      // Read again: the record read above may be the very version a concurrent update just
      // replaced, and the client must retry from the one that won.
      auto latest = ctx.registry.GetInquiry(Actor(req), req.path_params["id"]);
      auto body = boost::json::parse(r.body).as_object();
      body["current"] = ToJson(latest.ok() ? *latest : *current, ViewerOf(req));
      r.body = boost::json::serialize(body);
    }
    return r;
  }
  return JsonResponse(200, ToJson(*updated, ViewerOf(req)));
}

}  // namespace aftermath::http
