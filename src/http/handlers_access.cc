// Sign-in, users, source tokens and the audit log.
#include <fmt/format.h>

#include <charconv>

#include "access/password.h"
#include "http/error_mapping.h"
#include "http/guard.h"
#include "http/handlers.h"
#include "http/json_output.h"
#include "io/json_input.h"

namespace aftermath::http {
namespace {

using io::JsonInput;

boost::json::object UserJson(const User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"role", ToString(u.role)},
          {"source_id", u.source_id.empty() ? boost::json::value(nullptr)
                                            : boost::json::value(u.source_id)},
          {"disabled", u.disabled},
          {"created_at", FormatTimestamp(u.created_at)}};
}

boost::json::object TokenJson(const ApiToken& t) {
  return {{"id", t.id},
          {"source_id", t.source_id},
          {"name", t.name},
          {"created_by", t.created_by},
          {"created_at", FormatTimestamp(t.created_at)},
          {"revoked_at", t.revoked_at ? boost::json::value(FormatTimestamp(*t.revoked_at))
                                      : boost::json::value(nullptr)}};
}

Response TooMany(const Status& s, int seconds) {
  Response r = ErrorResponse(s);
  r.headers.emplace_back("Retry-After", std::to_string(seconds));
  return r;
}

}  // namespace

Response Login(ApiContext& ctx, Request& req) {
  auto in = JsonInput::Parse(req.body);
  if (!in.ok()) return ErrorResponse(in.status());
  std::string username, password;
  Status s = in->RequiredString("username", username);
  if (s.ok()) s = in->RequiredString("password", password);
  if (s.ok()) s = in->Finish();
  if (!s.ok()) return ErrorResponse(s);
  auto login = ctx.access.Login(username, password, req.remote_address);
  if (!login.ok()) {
    if (auto wait = access::AccessService::RetryAfterSeconds(login.status())) {
      return TooMany(login.status(), *wait);
    }
    return ErrorResponse(login.status());
  }
  int max_age = static_cast<int>(
      std::chrono::duration_cast<std::chrono::seconds>(login->expires_at - ctx.registry.clock().Now())
          .count());
  Response r = JsonResponse(200, boost::json::object{
                                     {"user", UserJson(login->user)},
                                     {"csrf_token", login->csrf_token},
                                     {"expires_at", FormatTimestamp(login->expires_at)}});
  r.headers.emplace_back("Set-Cookie", SessionCookie(ctx, req, login->session_token, max_age));
  return r;
}

Response Logout(ApiContext& ctx, Request& req) {
  if (req.principal.via_cookie) {
    Status s = ctx.access.Logout(req.principal, req.session_token);
    if (!s.ok()) return ErrorResponse(s);
  }
  Response r;
  r.status = 204;
  r.headers.emplace_back("Set-Cookie", ClearedSessionCookie(ctx, req));
  return r;
}

Response Me(ApiContext&, Request& req) {
  const auto& p = req.principal;
  boost::json::object out{{"kind", p.kind == access::PrincipalKind::kSourceToken ? "token" : "user"},
                          {"id", p.user_id},
                          {"username", p.username},
                          {"role", access::IsSourceBound(p) ? "clerk" : ToString(p.role)}};
  out["source_id"] = p.source_id.empty() ? boost::json::value(nullptr)
                                         : boost::json::value(p.source_id);
  if (p.via_cookie) out["csrf_token"] = p.csrf_token;
  return JsonResponse(200, out);
}

Response ListUsers(ApiContext& ctx, Request&) {
  auto users = ctx.access.ListUsers();
  if (!users.ok()) return ErrorResponse(users.status());
  boost::json::array items;
  for (const auto& u : *users) items.push_back(UserJson(u));
  return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
}

Response CreateUser(ApiContext& ctx, Request& req) {
  auto in = JsonInput::Parse(req.body);
  if (!in.ok()) return ErrorResponse(in.status());
  access::NewUser u;
  std::string role;
  Status s = in->RequiredString("username", u.username);
  if (s.ok()) s = in->String("display_name", u.display_name);
  if (s.ok()) s = in->RequiredString("role", role);
  if (s.ok()) s = in->String("source_id", u.source_id);
  if (s.ok()) s = in->RequiredString("password", u.password);
  if (s.ok()) s = in->Finish();
  if (!s.ok()) return ErrorResponse(s);
  auto parsed = ParseRole(role);
  if (!parsed) {
    return ErrorResponse(InvalidArgument(fmt::format("'{}' is not one of: {}", role.substr(0, 20),
                                                     RoleNames()), "role"));
  }
  u.role = *parsed;
  auto created = ctx.access.CreateUser(Actor(req), u);
  if (!created.ok()) return ErrorResponse(created.status());
  return JsonResponse(201, UserJson(*created));
}

Response UpdateUser(ApiContext& ctx, Request& req) {
  auto in = JsonInput::Parse(req.body);
  if (!in.ok()) return ErrorResponse(in.status());
  const std::string& id = req.path_params["id"];
  std::optional<bool> disabled;
  std::string password;
  Status s = in->Bool("disabled", disabled);
  if (s.ok()) s = in->String("password", password);
  if (s.ok()) s = in->Finish();
  // A refused password must not leave the "disabled" half of the request applied.
  if (s.ok() && !password.empty()) {
    auto target = ctx.access.FindUser(id);
    s = target.ok() ? access::CheckPasswordPolicy(password, target->username) : target.status();
  }
  if (s.ok() && disabled) s = ctx.access.SetDisabled(Actor(req), id, *disabled);
  if (s.ok() && !password.empty()) s = ctx.access.ResetPassword(Actor(req), id, password);
  if (!s.ok()) return ErrorResponse(s);
  auto user = ctx.access.FindUser(id);
  if (!user.ok()) return ErrorResponse(user.status());
  return JsonResponse(200, UserJson(*user));
}

Response ListTokens(ApiContext& ctx, Request&) {
  auto tokens = ctx.access.ListTokens();
  if (!tokens.ok()) return ErrorResponse(tokens.status());
  boost::json::array items;
  for (const auto& t : *tokens) items.push_back(TokenJson(t));
  return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
}

Response CreateToken(ApiContext& ctx, Request& req) {
  auto in = JsonInput::Parse(req.body);
  if (!in.ok()) return ErrorResponse(in.status());
  std::string source_id, name;
  Status s = in->RequiredString("source_id", source_id);
  if (s.ok()) s = in->RequiredString("name", name);
  if (s.ok()) s = in->Finish();
  if (!s.ok()) return ErrorResponse(s);
  auto created = ctx.access.CreateToken(Actor(req), source_id, name);
  if (!created.ok()) return ErrorResponse(created.status());
  boost::json::object out = TokenJson(created->token);
  out["secret"] = created->secret;  // shown once
  return JsonResponse(201, out);
}

Response RevokeToken(ApiContext& ctx, Request& req) {
  Status s = ctx.access.RevokeToken(Actor(req), req.path_params["id"]);
  if (!s.ok()) return ErrorResponse(s);
  Response r;
  r.status = 204;
  return r;
}

Response QueryAudit(ApiContext& ctx, Request& req) {
  AuditFilter f{.actor = req.Query("actor"), .entity_id = req.Query("entity_id"),
                .action = req.Query("action")};
  for (auto [key, target] : {std::pair{"before", &f.before_seq}}) {
    if (!req.HasQuery(key)) continue;
    std::string text = req.Query(key);
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), *target);
    if (ec != std::errc() || p != text.data() + text.size()) {
      return ErrorResponse(InvalidArgument("must be a whole number", key));
    }
  }
  auto page = PageFromQuery(req);
  if (!page.ok()) return ErrorResponse(page.status());
  f.limit = page->limit;
  auto rows = ctx.registry.QueryAudit(Actor(req), f);
  if (!rows.ok()) return ErrorResponse(rows.status());
  std::vector<std::string> actors;
  for (const auto& r : *rows) actors.push_back(r.actor);
  auto names = ctx.registry.UserNames(actors);
  if (!names.ok()) return ErrorResponse(names.status());
  boost::json::object out = ItemsToJson(*rows, ViewerOf(req));
  // Who, by name; and where the next (older) page starts.
  for (auto& item : out["items"].as_array()) {
    auto& o = item.as_object();
    auto it = names->find(std::string(o["actor"].as_string()));
    if (it != names->end()) o["actor_name"] = it->second;
  }
  if (static_cast<int>(rows->size()) == f.limit && !rows->empty()) {
    out["next_before"] = rows->back().seq;
  }
  return JsonResponse(200, out);
}

Response VerifyAudit(ApiContext& ctx, Request&) {
  auto v = ctx.registry.VerifyAudit();
  if (!v.ok()) return ErrorResponse(v.status());
  // With the server's audit key every row's MAC was checked; rows before the key are unkeyed.
  boost::json::object out{{"intact", v->intact},
                          {"rows", v->rows},
                          {"macs_checked", v->macs_checked},
                          {"unkeyed_through", v->unkeyed_through}};
  if (!v->intact) {
    out["first_bad_seq"] = v->first_bad_seq;
    out["problem"] = v->problem;
  }
  return JsonResponse(200, out);
}

}  // namespace aftermath::http
