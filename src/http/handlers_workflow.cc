// The review queue, callbacks, merges and figures.
#include <fmt/format.h>

#include <charconv>

#include "http/error_mapping.h"
#include "http/handlers.h"
#include "http/json_output.h"
#include "io/json_input.h"
#include "io/json_text.h"

namespace aftermath::http {
namespace {

using io::JsonInput;

boost::json::value OrNull(const std::string& s) {
  return s.empty() ? boost::json::value(nullptr) : boost::json::value(s);
}

// A match with what a reviewer needs to decide, side by side.
boost::json::object MatchView(Transaction& tx, const Match& m,
                              std::unordered_map<std::string, std::string>& source_names) {
  boost::json::object out{{"id", m.id},
                          {"version", m.version},
                          {"score", io::Rounded(m.score, 3)},
                          {"explanation", m.explanation},
                          {"decision", ToString(m.decision)},
                          {"decided_by", OrNull(m.decided_by)},
                          {"created_at", FormatTimestamp(m.created_at)}};
  if (auto p = tx.GetPerson(m.person_id); p.ok()) {
    out["person"] = boost::json::object{
        {"id", p->id},
        {"display_name", OrNull(p->display_name())},
        {"status", ToString(p->status)},
        {"facility", OrNull(p->facility)},
        {"sex", ToString(p->sex)},
        {"birth_date", OrNull(p->birth_date.ToString())},
        {"approx_age", p->approx_age ? boost::json::value(*p->approx_age)
                                     : boost::json::value(nullptr)},
        {"features", OrNull(p->features)}};
  }
  out["inquiry"] = nullptr;
  if (!m.inquiry_id.empty()) {
    if (auto q = tx.GetInquiry(m.inquiry_id); q.ok()) {
      out["inquiry"] = boost::json::object{
          {"id", q->id},
          {"state", ToString(q->state)},
          {"sought_name", q->sought_name},
          {"sought_sex", ToString(q->sought_sex)},
          {"sought_birth_date", OrNull(q->sought_birth_date.ToString())},
          {"sought_approx_age", q->sought_approx_age ? boost::json::value(*q->sought_approx_age)
                                                     : boost::json::value(nullptr)},
          {"sought_features", OrNull(q->sought_features)},
          {"last_seen_place", OrNull(q->last_seen_place)},
          {"inquirer_name", q->inquirer_name},
          {"inquirer_relation", OrNull(q->inquirer_relation)}};
    }
  }
  out["report"] = nullptr;
  if (!m.report_id.empty()) {
    if (auto r = tx.GetReport(m.report_id); r.ok()) {
      auto it = source_names.find(r->source_id);
      if (it == source_names.end()) {
        auto src = tx.GetSource(r->source_id);
        it = source_names.emplace(r->source_id, src.ok() ? src->name : "").first;
      }
      out["report"] = boost::json::object{{"id", r->id},
                                          {"full_name", OrNull(r->name.full_name)},
                                          {"source_id", r->source_id},
                                          {"source_name", it->second},
                                          {"status", ToString(r->status)},
                                          {"facility", OrNull(r->facility)},
                                          {"features", OrNull(r->features)},
                                          {"observed_at", FormatTimestamp(r->observed_at)}};
    }
  }
  return out;
}

Response MatchList(ApiContext& ctx, Request& req, const MatchFilter& filter) {
  auto matches = ctx.registry.ListMatches(Actor(req), filter);
  if (!matches.ok()) return ErrorResponse(matches.status());
  auto tx = ctx.store.Begin(TransactionMode::kRead);
  if (!tx.ok()) return ErrorResponse(tx.status());
  std::unordered_map<std::string, std::string> source_names;
  boost::json::array items;
  for (const auto& m : *matches) items.push_back(MatchView(**tx, m, source_names));
  return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
}

}  // namespace

Response ListMatches(ApiContext& ctx, Request& req) {
  auto page = PageFromQuery(req);
  if (!page.ok()) return ErrorResponse(page.status());
  MatchFilter filter{.limit = page->limit};
  std::string decision = req.HasQuery("decision") ? req.Query("decision") : "pending";
  if (decision != "all") {
    auto d = ParseMatchDecision(decision);
    if (!d) {
      return ErrorResponse(InvalidArgument(
          "must be pending, confirmed, rejected, unsure or all", "decision"));
    }
    filter.decision = *d;
  }
  return MatchList(ctx, req, filter);
}

Response InquiryMatches(ApiContext& ctx, Request& req) {
  MatchFilter filter{.inquiry_id = req.path_params["id"], .limit = 50};
  return MatchList(ctx, req, filter);
}

Response DecideMatch(ApiContext& ctx, Request& req) {
  auto in = JsonInput::Parse(req.body);
  if (!in.ok()) return ErrorResponse(in.status());
  std::string decision;
  Status s = in->RequiredString("decision", decision);
  if (s.ok()) s = in->Finish();
  if (!s.ok()) return ErrorResponse(s);
  auto d = ParseMatchDecision(decision);
  if (!d || *d == MatchDecision::kPending) {
    return ErrorResponse(InvalidArgument("must be confirmed, rejected or unsure", "decision"));
  }
  auto m = ctx.registry.DecideMatch(Actor(req), req.path_params["id"], *d);
  if (!m.ok()) return ErrorResponse(m.status());
  auto tx = ctx.store.Begin(TransactionMode::kRead);
  if (!tx.ok()) return ErrorResponse(tx.status());
  std::unordered_map<std::string, std::string> names;
  return JsonResponse(200, MatchView(**tx, *m, names));
}

Response ListCallbacks(ApiContext& ctx, Request& req) {
  std::optional<CallbackState> state = CallbackState::kPending;
  if (req.HasQuery("state")) {
    if (req.Query("state") == "all") {
      state.reset();
    } else {
      state = ParseCallbackState(req.Query("state"));
      if (!state) {
        return ErrorResponse(
            InvalidArgument("must be pending, informed, no_answer, cancelled or all", "state"));
      }
    }
  }
  auto page = PageFromQuery(req);
  if (!page.ok()) return ErrorResponse(page.status());
  auto tasks = ctx.registry.ListCallbacks(Actor(req), state, page->limit);
  if (!tasks.ok()) return ErrorResponse(tasks.status());
  auto tx = ctx.store.Begin(TransactionMode::kRead);
  if (!tx.ok()) return ErrorResponse(tx.status());
  boost::json::array items;
  for (const auto& t : *tasks) {
    auto q = (*tx)->GetInquiry(t.inquiry_id);
    auto p = (*tx)->GetPerson(t.person_id);
    if (!q.ok() || !p.ok()) continue;
    // What to tell them: the status and where, in one line the operator can read out.
    std::string message = fmt::format(
        "Call {}{}, {}, about {}: {}{}", q->inquirer_name,
        q->inquirer_relation.empty() ? "" : " (" + q->inquirer_relation + ")", q->callback_phone,
        p->display_name().empty() ? q->sought_name : p->display_name(), ToString(p->status),
        p->facility.empty() ? "" : ", " + p->facility);
    items.push_back(boost::json::object{{"id", t.id},
                                        {"version", t.version},
                                        {"inquiry_id", t.inquiry_id},
                                        {"person_id", t.person_id},
                                        {"phone", q->callback_phone},
                                        {"inquirer_name", q->inquirer_name},
                                        {"inquirer_relation", OrNull(q->inquirer_relation)},
                                        {"person_name", p->display_name()},
                                        {"status", ToString(p->status)},
                                        {"facility", OrNull(p->facility)},
                                        {"message", message},
                                        {"family_code", t.family_code},
                                        {"state", ToString(t.state)},
                                        {"attempts", t.attempts},
                                        {"note", OrNull(t.note)},
                                        {"due_at", FormatTimestamp(t.due_at)},
                                        {"created_at", FormatTimestamp(t.created_at)}});
  }
  return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
}

Response CallbackOutcome(ApiContext& ctx, Request& req) {
  auto in = JsonInput::Parse(req.body);
  if (!in.ok()) return ErrorResponse(in.status());
  std::string outcome, note;
  Status s = in->RequiredString("outcome", outcome);
  if (s.ok()) s = in->String("note", note);
  if (s.ok()) s = in->Finish();
  if (!s.ok()) return ErrorResponse(s);
  Registry::CallOutcome o;
  if (outcome == "informed") {
    o = Registry::CallOutcome::kInformed;
  } else if (outcome == "no_answer") {
    o = Registry::CallOutcome::kNoAnswer;
  } else if (outcome == "retry_later") {
    o = Registry::CallOutcome::kRetryLater;
  } else {
    return ErrorResponse(InvalidArgument("must be informed, no_answer or retry_later", "outcome"));
  }
  auto task = ctx.registry.RecordCallOutcome(Actor(req), req.path_params["id"], o, note);
  if (!task.ok()) return ErrorResponse(task.status());
  return JsonResponse(200, boost::json::object{{"id", task->id},
                                               {"state", ToString(task->state)},
                                               {"attempts", task->attempts},
                                               {"due_at", FormatTimestamp(task->due_at)}});
}

Response MergePersons(ApiContext& ctx, Request& req) {
  auto in = JsonInput::Parse(req.body);
  if (!in.ok()) return ErrorResponse(in.status());
  std::string other;
  Status s = in->RequiredString("other_id", other);
  if (s.ok()) s = in->Finish();
  if (!s.ok()) return ErrorResponse(s);
  auto merge = ctx.registry.Merge(Actor(req), req.path_params["id"], other);
  if (!merge.ok()) return ErrorResponse(merge.status());
  auto person = ctx.registry.GetPerson(Actor(req), merge->survivor_id);
  if (!person.ok()) return ErrorResponse(person.status());
  return JsonResponse(200, boost::json::object{{"merge_id", merge->id},
                                               {"person", ToJson(*person)}});
}

Response UndoMerge(ApiContext& ctx, Request& req) {
  Status s = ctx.registry.UndoMerge(Actor(req), req.path_params["id"]);
  if (!s.ok()) return ErrorResponse(s);
  return JsonResponse(200, boost::json::object{{"undone", true}});
}

Response Figures(ApiContext& ctx, Request& req) {
  int hours = 24;
  if (req.HasQuery("hours")) {
    std::string text = req.Query("hours");
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), hours);
    if (ec != std::errc() || p != text.data() + text.size() || hours < 1 || hours > 24 * 31) {
      return ErrorResponse(InvalidArgument("must be 1..744", "hours"));
    }
  }
  auto f = ctx.registry.GetFigures(Actor(req), std::chrono::hours(hours));
  if (!f.ok()) return ErrorResponse(f.status());
  boost::json::array by_hour;
  for (const auto& h : f->hours) {
    by_hour.push_back(boost::json::object{{"hour", h.hour + ":00Z"},
                                          {"inquiries", h.inquiries},
                                          {"matches", h.matches},
                                          {"confirmed", h.confirmed},
                                          {"informed", h.informed}});
  }
  boost::json::object by_status;
  for (const auto& [status, n] : f->by_status) by_status[status] = n;
  auto sources = ctx.registry.ListSources();
  boost::json::array by_source;
  for (const auto& [id, n] : f->by_source) {
    std::string name;
    if (sources.ok()) {
      for (const auto& s : *sources) {
        if (s.id == id) name = s.name;
      }
    }
    by_source.push_back(boost::json::object{{"source_id", id}, {"name", name}, {"persons", n}});
  }
  return JsonResponse(200, boost::json::object{{"hours", std::move(by_hour)},
                                               {"open_inquiries", f->open_inquiries},
                                               {"by_status", std::move(by_status)},
                                               {"by_source", std::move(by_source)}});
}

}  // namespace aftermath::http
