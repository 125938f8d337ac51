// The register's figures under /api/v1 (issue #17): thin handlers that call the register
// (recovery/figures.h) and write its aggregates, which hold no personal data, as JSON for staff
// or as HXL-tagged CSV for the public.

#include "http/error_mapping.h"
#include "http/handlers.h"
#include "recovery/recovery.h"

namespace aftermath::http {
namespace {

Response NoRegister() {
  return ErrorResponse(Unavailable("this server runs without the recovery register"));
}

boost::json::object CountsJson(const recovery::FigureCounts& n) {
  return {{"claims", n.claims},
          {"approved_claims", n.in_need},
          {"paid_claims", n.reached},
          {"rejected_claims", n.rejected},
          {"valued", n.valued},
          {"approved", n.approved},
          {"paid", n.paid}};
}

boost::json::array KeyedJson(const std::vector<recovery::KeyedFigures>& by, const char* key) {
  boost::json::array out;
  for (const auto& k : by) {
    boost::json::object o = CountsJson(k.counts);
    o[key] = k.key;
    out.push_back(std::move(o));
  }
  return out;
}

boost::json::object DaysJson(const recovery::DaysFigures& d) {
  return {{"count", d.count}, {"median", d.median}, {"p90", d.p90}};
}

}  // namespace

Response RegisterFigures(ApiContext& ctx, Request&) {
  if (!ctx.recovery) return NoRegister();
  auto f = ctx.recovery->GetFigures();
  if (!f.ok()) return ErrorResponse(f.status());
  boost::json::array cells, programmes, sectors;
  for (const auto& c : f->cells) {
    boost::json::object o = CountsJson(c.counts);
    o["district"] = c.district;
    o["type"] = c.type;
    cells.push_back(std::move(o));
  }
  for (const auto& p : f->programmes) {
    boost::json::object o = CountsJson(p.counts);
    o["id"] = p.id;
    o["code"] = p.code;
    o["name"] = p.name;
    o["budget"] = p.budget;
    o["budget_used"] = p.budget_used;
    programmes.push_back(std::move(o));
  }
  for (const auto& s : f->sectors) {
    sectors.push_back(boost::json::object{
        {"sector", s.sector}, {"objects", s.objects}, {"damage", s.damage}, {"losses", s.losses}});
  }
  return JsonResponse(
      200, boost::json::object{{"total", CountsJson(f->total)},
                               {"cells", std::move(cells)},
                               {"by_district", KeyedJson(f->by_district, "district")},
                               {"by_type", KeyedJson(f->by_type, "type")},
                               {"by_state", KeyedJson(f->by_state, "state")},
                               {"programmes", std::move(programmes)},
                               {"days_complete_to_decision", DaysJson(f->complete_to_decision)},
                               {"days_complete_to_payment", DaysJson(f->complete_to_payment)},
                               {"sectors", std::move(sectors)}});
}

// Each commission's sessions of the last `days` (1..366, 30 when absent) in counts and times.
Response CommissionThroughput(ApiContext& ctx, Request& req) {
  if (!ctx.recovery) return NoRegister();
  auto days = IntQuery(req, "days", 30, 1, 366);
  if (!days.ok()) return ErrorResponse(days.status());
  auto list = ctx.recovery->commissions().Throughput(std::chrono::hours(24 * *days));
  if (!list.ok()) return ErrorResponse(list.status());
  auto or_null = [](const auto& v) -> boost::json::value {
    if (v) return boost::json::value(*v);
    return nullptr;
  };
  boost::json::array items;
  for (const auto& c : *list) {
    items.push_back(boost::json::object{
        {"commission_id", c.commission_id},
        {"name", c.name},
        {"programme_id", c.programme_id},
        {"sessions", c.sessions},
        {"open_sessions", c.open_sessions},
        {"decided", c.decided},
        {"approved", c.approved},
        {"rejected", c.rejected},
        {"pending", c.pending},
        {"amount_approved", c.amount_approved},
        {"session_hours", c.session_hours},
        {"claims_per_hour", or_null(c.claims_per_hour)},
        {"median_seconds_per_decision", or_null(c.median_seconds_per_decision)},
        {"last_decision_at", c.last_decision_at
                                 ? boost::json::value(FormatTimestamp(*c.last_decision_at))
                                 : boost::json::value(nullptr)}});
  }
  return JsonResponse(200, boost::json::object{{"days", *days}, {"items", std::move(items)}});
}

// Open to everybody: aggregates only, cells too small to hide a family suppressed, and each
// client's calls taken from the public lookups' allowance so nobody scrapes it in a loop.
Response PublicRegisterFigures(ApiContext& ctx, Request& req) {
  if (!ctx.recovery) return NoRegister();
  access::RateLimiter& limiter = ctx.figures_limiter ? *ctx.figures_limiter : ctx.public_limiter;
  if (auto r = Throttled(limiter, req, "too many requests; try again later")) return *r;
  auto cells = ctx.recovery->PublicFigures(ctx.figures_small_cell);
  if (!cells.ok()) return ErrorResponse(cells.status());
  Response r;
  r.status = 200;
  r.content_type = "text/csv; charset=utf-8";
  r.body = recovery::HxlCsv(*cells);
  r.headers.emplace_back("Content-Disposition", "inline; filename=\"recovery-figures.hxl.csv\"");
  return r;
}

}  // namespace aftermath::http
