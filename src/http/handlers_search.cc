// Name search for staff, and the public lookup that tells a stranger only that information
// exists.
#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <optional>

#include "access/disclosure.h"
#include "access/lookup_proof.h"
#include "http/error_mapping.h"
#include "http/handlers.h"
#include "http/json_output.h"

namespace aftermath::http {
namespace {

Status IntParam(const Request& req, const char* key, int& out) {
  if (!req.HasQuery(key)) return Status::Ok();
  std::string text = req.Query(key);
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc() || p != text.data() + text.size()) {
    return InvalidArgument("must be a whole number", key);
  }
  return Status::Ok();
}

template <typename T>
Status EnumParam(const Request& req, const char* key, std::optional<T>& out,
                 std::optional<T> (*parse)(std::string_view), std::string_view names) {
  if (!req.HasQuery(key)) return Status::Ok();
  out = parse(req.Query(key));
  if (!out) {
    return InvalidArgument(
        fmt::format("'{}' is not one of: {}", req.Query(key).substr(0, 40), names), key);
  }
  return Status::Ok();
}

// What the caller says of the person besides the name, for ranking (index/evidence.h): a sex,
// a birth year or an age (this year minus the age, give or take the year of the birthday).
Status SoughtFrom(const Request& req, int this_year, index::LifeFacts& out) {
  std::optional<Sex> sex;
  RETURN_IF_ERROR(EnumParam(req, "sought_sex", sex, ParseSex, SexNames()));
  if (sex) out.sex = *sex;
  int year = 0, age = -1;
  RETURN_IF_ERROR(IntParam(req, "birth_year", year));
  RETURN_IF_ERROR(IntParam(req, "age", age));
  if (req.HasQuery("birth_year") && req.HasQuery("age")) {
    return InvalidArgument("give a birth year or an age, not both", "age");
  }
  if (req.HasQuery("birth_year")) {
    if (year < 1880 || year > this_year) {
      return InvalidArgument(fmt::format("must be a year from 1880 to {}", this_year),
                             "birth_year");
    }
    out.birth_year = year;
  }
  if (req.HasQuery("age")) {
    if (age < 0 || age > 130) return InvalidArgument("must be 0..130", "age");
    out.birth_year = this_year - age;
    out.year_spread = 1;
  }
  return Status::Ok();
}

Result<index::SearchOptions> SearchOptionsFrom(const Request& req, int this_year) {
  index::SearchOptions o;
  RETURN_IF_ERROR(IntParam(req, "limit", o.limit));
  if (o.limit < 1 || o.limit > 100) return InvalidArgument("must be 1..100", "limit");
  RETURN_IF_ERROR(EnumParam(req, "status", o.filters.status, ParsePersonStatus,
                            PersonStatusNames()));
  RETURN_IF_ERROR(EnumParam(req, "sex", o.filters.sex, ParseSex, SexNames()));
  RETURN_IF_ERROR(EnumParam(req, "source_kind", o.filters.source_kind, ParseSourceKind,
                            SourceKindNames()));
  RETURN_IF_ERROR(IntParam(req, "birth_year_min", o.filters.birth_year_min));
  RETURN_IF_ERROR(IntParam(req, "birth_year_max", o.filters.birth_year_max));
  o.filters.place = req.Query("place");
  if (req.HasQuery("reported_after")) {
    auto t = ParseTimestamp(req.Query("reported_after"));
    if (!t.ok()) return InvalidArgument(t.status().message(), "reported_after");
    o.filters.reported_after = *t;
  }
  RETURN_IF_ERROR(SoughtFrom(req, this_year, o.sought));
  std::string prefix = req.Query("prefix");
  if (prefix == "1" || prefix == "true") o.prefix = names::PrefixMode::kLastTokenIsPrefix;
  return o;
}

}  // namespace

Response Search(ApiContext& ctx, Request& req) {
  std::string q = req.Query("q");
  if (q.size() > 10000) return ErrorResponse(InvalidArgument("is too long", "q"));
  auto today = std::chrono::floor<std::chrono::days>(ctx.registry.clock().Now());
  auto options = SearchOptionsFrom(req, int(std::chrono::year_month_day(today).year()));
  if (!options.ok()) return ErrorResponse(options.status());
  auto hits = ctx.registry.SearchViews(Actor(req), q, *options);
  if (!hits.ok()) return ErrorResponse(hits.status());
  // The line says why it ranks where it does: the name, then sex and birth year when asked.
  for (auto& v : *hits) v.hit.why += v.hit.evidence;
  return JsonResponse(200, ItemsToJson(*hits, ViewerOf(req)));
}

// Requires a surname and a given name, so nobody can list a family or a place; answers only
// whether the registry holds information, never what it is (access/disclosure.cc, "public").
// A family with a confirmed inquiry and the code from the callback: status and facility of their
// person, nothing more (access/disclosure.cc, "family").
Response FamilyView(ApiContext& ctx, Request& req) {
  if (auto r = Throttled(ctx.public_limiter, req, "too many lookups; try again later")) {
    return *r;
  }
  auto p = ctx.registry.FamilyView(req.path_params["id"], req.Query("code"));
  if (!p.ok()) return ErrorResponse(p.status());
  return JsonResponse(200, FamilyAnswerJson(*p, ctx.line_phone));
}

// The line's phone, and what a client needs for the lookup's proof of work: the difficulty and
// the server's time (a device whose clock is off can date its proof by it).
Response PublicInfo(ApiContext& ctx, Request&) {
  boost::json::object out{{"phone", ctx.line_phone.empty() ? boost::json::value(nullptr)
                                                           : boost::json::value(ctx.line_phone)}};
  if (ctx.lookup_proof) {
    auto now = std::chrono::floor<std::chrono::seconds>(ctx.registry.clock().Now());
    out["proof"] = boost::json::object{{"bits", ctx.lookup_proof->bits()},
                                       {"now", now.time_since_epoch().count()}};
  }
  return JsonResponse(200, out);
}

// Costs a scraper in three ways, cheapest check first: a proof of work for this very name
// (refused proofs and replays spend no allowance), then the client's own bucket (IPv6 by /64),
// and only then the allowance shared by everybody, so one client cannot starve the others.
Response PublicSearch(ApiContext& ctx, Request& req) {
  std::string surname = req.Query("surname"), given = req.Query("given_name");
  std::string subject = access::LookupProofSubject(surname, given, req.Query("patronymic"));
  auto trimmed = [](const std::string& s) {
    size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
  };
  surname = trimmed(surname);
  given = trimmed(given);
  if (surname.size() < 2) return ErrorResponse(InvalidArgument("is required", "surname"));
  if (given.size() < 2) return ErrorResponse(InvalidArgument("is required", "given_name"));
  if (surname.size() > 100 || given.size() > 100) {
    return ErrorResponse(InvalidArgument("is too long", "surname"));
  }
  std::string proof = req.Query("proof");
  if (ctx.lookup_proof) {
    if (Status s = ctx.lookup_proof->Check(subject, proof); !s.ok()) return ErrorResponse(s);
  }
  if (auto r = Throttled(ctx.public_limiter, req, "too many lookups; try again later")) {
    return *r;
  }
  if (ctx.lookup_proof) {
    if (Status s = ctx.lookup_proof->Accept(subject, proof); !s.ok()) return ErrorResponse(s);
  }
  std::string patronymic = trimmed(req.Query("patronymic"));
  std::string query = surname + " " + given + (patronymic.empty() ? "" : " " + patronymic);
  index::SearchOptions options;
  options.limit = 5;
  options.explain = false;
  auto hits = ctx.registry.Search(Actor(req), query, options);
  if (!hits.ok()) return ErrorResponse(hits.status());
  bool found = false;
  for (const auto& h : *hits) {
    // Only a confident match: "possible" would let a stranger fish with half-right names.
    if (h.decision == names::Decision::kMatch) found = true;
  }
  boost::json::object out{{"found", found}, {"name", query}};
  out["message"] = found ? "The registry holds information about a person with this name. "
                           "Call the direct line to learn more."
                         : "The registry holds no information about a person with this name "
                           "yet. Call the direct line to leave an inquiry.";
  if (!ctx.line_phone.empty()) out["phone"] = ctx.line_phone;
  return JsonResponse(200, Disclosed(ViewerOf(req), access::View::kPublicAnswer, std::move(out)));
}

}  // namespace aftermath::http
