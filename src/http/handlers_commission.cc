// The register's commissions under /api/v1/recovery (issue #17): thin handlers that parse, call
// the register's commissions (recovery/commission.h), map the status and write JSON through the
// one disclosure table for the caller's role.
#include <fmt/format.h>

#include <map>

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

boost::json::array Strings(const std::vector<std::string>& v) {
  boost::json::array out;
  for (const auto& s : v) out.push_back(boost::json::string(s));
  return out;
}

boost::json::object SessionJson(const CommissionSession& s, Viewer viewer,
                                boost::json::object extra = {}) {
  boost::json::object o{{"id", s.id},
                        {"version", s.version},
                        {"commission_id", s.commission_id},
                        {"state", ToString(s.state)},
                        {"present", Strings(s.present)},
                        {"opened_by", s.opened_by},
                        {"opened_at", FormatTimestamp(s.opened_at)},
                        {"closed_at", OrNull(s.closed_at)}};
  for (auto& kv : extra) o[kv.key()] = std::move(kv.value());
  return Disclosed(viewer, View::kSession, std::move(o));
}

boost::json::object CommissionJson(const Commission& c, Viewer viewer,
                                   const std::vector<CommissionSession>* sessions = nullptr,
                                   const std::map<std::string, std::string>* names = nullptr) {
  boost::json::array members;
  for (const auto& m : c.members) {
    members.push_back(boost::json::object{{"user_id", m.user_id}, {"role", ToString(m.role)}});
  }
  boost::json::object o{{"id", c.id},
                        {"version", c.version},
                        {"programme_id", c.programme_id},
                        {"name", c.name},
                        {"quorum", c.quorum},
                        {"members", std::move(members)},
                        {"created_by", c.created_by},
                        {"created_at", FormatTimestamp(c.created_at)},
                        {"updated_at", FormatTimestamp(c.updated_at)}};
  if (sessions) {
    boost::json::array list;
    for (const auto& s : *sessions) list.push_back(SessionJson(s, viewer));
    o["sessions"] = std::move(list);
  }
  if (names) {
    boost::json::object by_id;
    for (const auto& [id, name] : *names) by_id[id] = name;
    o["names"] = std::move(by_id);
  }
  return Disclosed(viewer, View::kCommission, std::move(o));
}

boost::json::object ItemJson(const AgendaItem& i, Viewer viewer) {
  return Disclosed(viewer, View::kAgendaItem,
                   {{"session_id", i.session_id},
                    {"claim_id", i.claim_id},
                    {"ordinal", i.ordinal},
                    {"decision", ToString(i.decision)},
                    {"amount", i.amount},
                    {"reason", OrNull(i.reason)},
                    {"recused", OrNull(i.recused)},
                    {"decided_by", OrNull(i.decided_by)},
                    {"decided_at", OrNull(i.decided_at)}});
}

boost::json::object VoteJson(const Vote& v, Viewer viewer) {
  return Disclosed(viewer, View::kVote,
                   {{"session_id", v.session_id},
                    {"claim_id", v.claim_id},
                    {"user_id", v.user_id},
                    {"choice", ToString(v.choice)},
                    {"cast_at", FormatTimestamp(v.cast_at)}});
}

boost::json::object ActJson(const SessionAct& a, Viewer viewer) {
  boost::json::array signatures;
  for (const auto& s : a.signatures) {
    signatures.push_back(
        boost::json::object{{"user_id", s.user_id}, {"signed_at", FormatTimestamp(s.signed_at)}});
  }
  return Disclosed(viewer, View::kAct,
                   {{"id", a.id},
                    {"session_id", a.session_id},
                    {"supersedes", OrNull(a.supersedes)},
                    {"content", a.content},
                    {"sha256", a.sha256},
                    {"created_at", FormatTimestamp(a.created_at)},
                    {"final_at", OrNull(a.final_at)},
                    {"signatures", std::move(signatures)}});
}

boost::json::object SignOffJson(const SignOff& o, Viewer viewer) {
  return Disclosed(viewer, View::kSignOff,
                   {{"session_id", o.session_id},
                    {"claim_id", o.claim_id},
                    {"role", ToString(o.role)},
                    {"user_id", o.user_id},
                    {"signed_at", FormatTimestamp(o.signed_at)}});
}

boost::json::object SessionViewJson(const recovery::SessionView& v, Viewer viewer) {
  boost::json::array agenda, votes, acts, sign_offs;
  for (const auto& i : v.agenda) agenda.push_back(ItemJson(i, viewer));
  for (const auto& x : v.votes) votes.push_back(VoteJson(x, viewer));
  for (const auto& a : v.acts) acts.push_back(ActJson(a, viewer));
  for (const auto& o : v.sign_offs) sign_offs.push_back(SignOffJson(o, viewer));
  return SessionJson(v.session, viewer,
                     {{"agenda", std::move(agenda)},
                      {"votes", std::move(votes)},
                      {"acts", std::move(acts)},
                      {"sign_offs", std::move(sign_offs)}});
}

boost::json::object TiersJson(const std::string& programme, const std::vector<ApprovalTier>& tiers,
                              Viewer viewer) {
  boost::json::array list;
  for (const auto& t : tiers) {
    boost::json::array roles;
    for (SignOffRole r : t.sign_offs) roles.push_back(boost::json::string(ToString(r)));
    list.push_back(boost::json::object{{"above", t.above}, {"sign_offs", std::move(roles)}});
  }
  return Disclosed(viewer, View::kApprovalTiers,
                   {{"programme_id", programme}, {"tiers", std::move(list)}});
}

Result<recovery::DecisionInput> DecisionFrom(JsonFields& in) {
  recovery::DecisionInput d;
  std::string outcome;
  RETURN_IF_ERROR(in.String("claim_id", d.claim_id));
  RETURN_IF_ERROR(in.String("outcome", outcome));
  RETURN_IF_ERROR(in.Int64("amount", d.amount));
  RETURN_IF_ERROR(in.String("reason", d.reason));
  RETURN_IF_ERROR(in.Finish());
  auto parsed = ParseDecision(outcome);
  if (!parsed || *parsed == Decision::kPending) {
    return InvalidArgument("must be approved or rejected", "outcome");
  }
  d.outcome = *parsed;
  return d;
}

}  // namespace

Response ListCommissions(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  auto list = ctx.recovery->commissions().ListCommissions();
  if (!list.ok()) return ErrorResponse(list.status());
  boost::json::array items;
  for (const auto& c : *list) items.push_back(CommissionJson(c, ViewerOf(req)));
  return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
}

Response CreateCommission(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  return WithBody(req, [&](JsonFields& in) {
    recovery::NewCommission c;
    Status s = in.String("programme", c.programme);
    if (s.ok()) s = in.String("name", c.name);
    if (s.ok()) s = in.Int("quorum", c.quorum);
    auto members = in.Objects("members");
    if (s.ok() && !members.ok()) s = members.status();
    if (s.ok()) {
      for (auto& m : *members) {
        CommissionMember member;
        std::string role = "member";
        s = m.String("user_id", member.user_id);
        if (s.ok()) s = m.String("role", role);
        if (s.ok()) s = m.Finish();
        if (!s.ok()) break;
        auto parsed = ParseCommissionRole(role);
        if (!parsed) {
          s = InvalidArgument("must be chair, secretary or member", m.Path("role"));
          break;
        }
        member.role = *parsed;
        c.members.push_back(std::move(member));
      }
    }
    if (s.ok()) s = in.Finish();
    if (!s.ok()) return ErrorResponse(s);
    auto created = ctx.recovery->commissions().CreateCommission(Actor(req), c);
    if (!created.ok()) return ErrorResponse(created.status());
    return JsonResponse(201, CommissionJson(*created, ViewerOf(req)));
  });
}

Response GetCommission(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  auto c = ctx.recovery->commissions().GetCommission(req.path_params["id"]);
  if (!c.ok()) return ErrorResponse(c.status());
  return JsonResponse(200, CommissionJson(c->commission, ViewerOf(req), &c->sessions, &c->names));
}

Response DeclareInterest(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  return WithBody(req, [&](JsonFields& in) {
    std::string claim_id;
    Status s = in.String("claim_id", claim_id);
    if (s.ok()) s = in.Finish();
    if (s.ok() && claim_id.empty()) s = InvalidArgument("is required", "claim_id");
    if (!s.ok()) return ErrorResponse(s);
    auto d =
        ctx.recovery->commissions().DeclareInterest(Actor(req), req.path_params["id"], claim_id);
    if (!d.ok()) return ErrorResponse(d.status());
    return JsonResponse(201, Disclosed(ViewerOf(req), View::kDeclaration,
                                       {{"id", d->id},
                                        {"commission_id", d->commission_id},
                                        {"user_id", d->user_id},
                                        {"claim_id", d->claim_id},
                                        {"declared_at", FormatTimestamp(d->declared_at)}}));
  });
}

Response OpenSession(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  return WithBody(req, [&](JsonFields& in) {
    std::vector<std::string> present, claim_ids;
    Status s = in.Strings("present", present);
    if (s.ok()) s = in.Strings("claim_ids", claim_ids);
    if (s.ok()) s = in.Finish();
    if (!s.ok()) return ErrorResponse(s);
    auto v = ctx.recovery->commissions().OpenSession(Actor(req), req.path_params["id"], present,
                                                     claim_ids);
    if (!v.ok()) return ErrorResponse(v.status());
    return JsonResponse(201, SessionViewJson(*v, ViewerOf(req)));
  });
}

Response GetSession(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  auto v = ctx.recovery->commissions().GetSession(Actor(req), req.path_params["id"]);
  if (!v.ok()) return ErrorResponse(v.status());
  return JsonResponse(200, SessionViewJson(*v, ViewerOf(req)));
}

Response CastVote(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  return WithBody(req, [&](JsonFields& in) {
    std::string claim_id, choice;
    Status s = in.String("claim_id", claim_id);
    if (s.ok()) s = in.String("choice", choice);
    if (s.ok()) s = in.Finish();
    auto parsed = ParseVoteChoice(choice);
    if (s.ok() && !parsed) s = InvalidArgument("must be approve, reject or abstain", "choice");
    if (!s.ok()) return ErrorResponse(s);
    auto v =
        ctx.recovery->commissions().CastVote(Actor(req), req.path_params["id"], claim_id, *parsed);
    if (!v.ok()) return ErrorResponse(v.status());
    return JsonResponse(201, VoteJson(*v, ViewerOf(req)));
  });
}

Response DecideClaim(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  return WithBody(req, [&](JsonFields& in) {
    auto d = DecisionFrom(in);
    if (!d.ok()) return ErrorResponse(d.status());
    auto item = ctx.recovery->commissions().Decide(Actor(req), req.path_params["id"], *d);
    if (!item.ok()) return ErrorResponse(item.status());
    return JsonResponse(200, ItemJson(*item, ViewerOf(req)));
  });
}

Response CloseSession(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  auto act = ctx.recovery->commissions().CloseSession(Actor(req), req.path_params["id"]);
  if (!act.ok()) return ErrorResponse(act.status());
  return JsonResponse(200, ActJson(*act, ViewerOf(req)));
}

Response CorrectDecision(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  return WithBody(req, [&](JsonFields& in) {
    auto d = DecisionFrom(in);
    if (!d.ok()) return ErrorResponse(d.status());
    auto act = ctx.recovery->commissions().CorrectDecision(Actor(req), req.path_params["id"], *d);
    if (!act.ok()) return ErrorResponse(act.status());
    return JsonResponse(201, ActJson(*act, ViewerOf(req)));
  });
}

Response SignAct(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  auto act = ctx.recovery->commissions().SignAct(Actor(req), req.path_params["id"]);
  if (!act.ok()) return ErrorResponse(act.status());
  return JsonResponse(200, ActJson(*act, ViewerOf(req)));
}

Response AppealClaim(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  return WithBody(req, [&](JsonFields& in) {
    std::string reason;
    Status s = in.String("reason", reason);
    if (s.ok()) s = in.Finish();
    if (!s.ok()) return ErrorResponse(s);
    auto c = ctx.recovery->commissions().Appeal(Actor(req), req.path_params["id"], reason);
    if (!c.ok()) return ErrorResponse(c.status());
    return JsonResponse(
        200, Disclosed(ViewerOf(req), View::kClaim,
                       {{"id", c->id}, {"version", c->version}, {"state", ToString(c->state)}}));
  });
}

// ---- approvals scaled by amount ----

Response GetApprovalTiers(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  auto tiers = ctx.recovery->commissions().GetApprovalTiers(req.path_params["id"]);
  if (!tiers.ok()) return ErrorResponse(tiers.status());
  return JsonResponse(200, TiersJson(req.path_params["id"], *tiers, ViewerOf(req)));
}

Response SetApprovalTiers(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  return WithBody(req, [&](JsonFields& in) {
    std::vector<ApprovalTier> tiers;
    auto list = in.Objects("tiers");
    Status s = list.status();
    if (s.ok()) {
      for (auto& t : *list) {
        ApprovalTier tier;
        std::vector<std::string> roles;
        s = t.Int64("above", tier.above);
        if (s.ok()) s = t.Strings("sign_offs", roles);
        if (s.ok()) s = t.Finish();
        for (const auto& word : roles) {
          auto r = ParseSignOffRole(word);
          if (!r && s.ok()) s = InvalidArgument("must be chair or finance", t.Path("sign_offs"));
          if (r) tier.sign_offs.push_back(*r);
        }
        if (!s.ok()) break;
        tiers.push_back(std::move(tier));
      }
    }
    if (s.ok()) s = in.Finish();
    if (!s.ok()) return ErrorResponse(s);
    auto out =
        ctx.recovery->commissions().SetApprovalTiers(Actor(req), req.path_params["id"], tiers);
    if (!out.ok()) return ErrorResponse(out.status());
    return JsonResponse(200, TiersJson(req.path_params["id"], *out, ViewerOf(req)));
  });
}

namespace {
Response SignOffAs(ApiContext& ctx, Request& req, SignOffRole role) {
  return WithBody(req, [&](JsonFields& in) {
    std::string claim_id;
    Status s = in.String("claim_id", claim_id);
    if (s.ok()) s = in.Finish();
    if (s.ok() && claim_id.empty()) s = InvalidArgument("is required", "claim_id");
    if (!s.ok()) return ErrorResponse(s);
    auto o =
        ctx.recovery->commissions().GiveSignOff(Actor(req), req.path_params["id"], claim_id, role);
    if (!o.ok()) return ErrorResponse(o.status());
    return JsonResponse(201, SignOffJson(*o, ViewerOf(req)));
  });
}
}  // namespace

Response ChairSignOff(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  return SignOffAs(ctx, req, SignOffRole::kChair);
}

Response FinanceSignOff(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  return SignOffAs(ctx, req, SignOffRole::kFinance);
}

}  // namespace aftermath::http
