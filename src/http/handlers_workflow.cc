// The review queue, callbacks, merges and figures.

#include "http/error_mapping.h"
#include "http/handlers.h"
#include "http/json_output.h"
#include "io/json_input.h"

namespace aftermath::http {
namespace {

using io::JsonInput;

// Reviewers see both sides of each match, filtered for their role.
Response MatchList(ApiContext& ctx, Request& req, const MatchFilter& filter) {
  auto views = ctx.registry.ListMatchViews(Actor(req), filter);
  if (!views.ok()) return ErrorResponse(views.status());
  return JsonResponse(200, ItemsToJson(*views, ViewerOf(req)));
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
          "must be pending, confirmed, rejected, unsure, closed or all", "decision"));
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
  std::string decision, acknowledged;
  Status s = in->RequiredString("decision", decision);
  if (s.ok()) s = in->String("acknowledged", acknowledged);
  if (s.ok()) s = in->Finish();
  if (!s.ok()) return ErrorResponse(s);
  auto d = ParseMatchDecision(decision);
  if (!d || *d == MatchDecision::kPending || *d == MatchDecision::kClosed) {
    return ErrorResponse(InvalidArgument("must be confirmed, rejected or unsure", "decision"));
  }
  auto m = ctx.registry.DecideMatchView(Actor(req), req.path_params["id"], *d, acknowledged);
  if (!m.ok()) return ErrorResponse(m.status());
  return JsonResponse(200, ToJson(*m, ViewerOf(req)));
}

Response UndoConfirmation(ApiContext& ctx, Request& req) {
  auto undone = ctx.registry.UndoConfirmation(Actor(req), req.path_params["id"]);
  if (!undone.ok()) return ErrorResponse(undone.status());
  return JsonResponse(200, boost::json::object{{"undone", true},
                                               {"match_id", undone->match.id},
                                               {"callback_id", undone->callback_id},
                                               {"message_withdrawn", undone->message_withdrawn}});
}

// "This is who the caller means": the person joins the inquiry's candidates for review.
Response LinkInquiryPerson(ApiContext& ctx, Request& req) {
  auto in = JsonInput::Parse(req.body);
  if (!in.ok()) return ErrorResponse(in.status());
  std::string person_id;
  Status s = in->RequiredString("person_id", person_id);
  if (s.ok()) s = in->Finish();
  if (!s.ok()) return ErrorResponse(s);
  auto m = ctx.registry.LinkPerson(Actor(req), req.path_params["id"], person_id);
  if (!m.ok()) return ErrorResponse(m.status());
  return JsonResponse(200, boost::json::object{{"match_id", m->id},
                                               {"inquiry_id", m->inquiry_id},
                                               {"person_id", m->person_id},
                                               {"decision", ToString(m->decision)},
                                               {"score", m->score}});
}

Response ClaimCallback(ApiContext& ctx, Request& req) {
  auto task = ctx.registry.ClaimCallback(Actor(req), req.path_params["id"]);
  if (!task.ok()) return ErrorResponse(task.status());
  return JsonResponse(200, ToJson(*task, ViewerOf(req)));
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
  auto tasks = ctx.registry.ListCallbackViews(Actor(req), state, page->limit);
  if (!tasks.ok()) return ErrorResponse(tasks.status());
  return JsonResponse(200, ItemsToJson(*tasks, ViewerOf(req)));
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
  return JsonResponse(200, ToJson(*task, ViewerOf(req)));
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
                                               {"person", ToJson(*person, ViewerOf(req))}});
}

Response UndoMerge(ApiContext& ctx, Request& req) {
  Status s = ctx.registry.UndoMerge(Actor(req), req.path_params["id"]);
  if (!s.ok()) return ErrorResponse(s);
  return JsonResponse(200, boost::json::object{{"undone", true}});
}

Response Figures(ApiContext& ctx, Request& req) {
  auto hours = IntQuery(req, "hours", 24, 1, 24 * 31);
  if (!hours.ok()) return ErrorResponse(hours.status());
  auto f = ctx.registry.GetFigures(Actor(req), std::chrono::hours(*hours));
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

// GET /api/v1/figures/shift: the shift lead's figures (Registry::ShiftFigures), aggregates only.
Response ShiftFigures(ApiContext& ctx, Request& req) {
  auto f = ctx.registry.GetShiftFigures(Actor(req));
  if (!f.ok()) return ErrorResponse(f.status());
  boost::json::value oldest = nullptr;
  boost::json::value oldest_age = nullptr;
  if (f->oldest_unanswered) {
    oldest = FormatTimestamp(*f->oldest_unanswered);
    oldest_age = f->oldest_unanswered_age.count();
  }
  return JsonResponse(200, boost::json::object{{"review_backlog", f->review_backlog},
                                               {"pending_callbacks", f->pending_callbacks},
                                               {"overdue_callbacks", f->overdue_callbacks},
                                               {"oldest_unanswered_at", oldest},
                                               {"oldest_unanswered_seconds", oldest_age},
                                               {"calls_last_hour", f->calls_last_hour},
                                               {"staff_on_shift", f->staff_on_shift}});
}

}  // namespace aftermath::http
