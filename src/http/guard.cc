#include "http/guard.h"

#include <fmt/format.h>
#include <sodium.h>

#include <boost/beast/core/string.hpp>
#include <functional>
#include <optional>

#include "access/session_confirmation.h"
#include "http/error_mapping.h"
#include "registry/read_audit.h"

namespace aftermath::http {
namespace {

bool ChangesState(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

// Constant-time comparison so the token cannot be guessed byte by byte from timings.
bool SameSecret(const std::string& a, const std::string& b) {
  return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string BearerToken(const Request& req) {
  std::string auth = req.Header("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (auth.size() > kBearer.size() && auth.compare(0, kBearer.size(), kBearer) == 0) {
    return auth.substr(kBearer.size());
  }
  return {};
}

}  // namespace

std::string CookieValue(const Request& req, std::string_view name) {
  const std::string value = req.Header("cookie");
  std::string_view header = value;
  while (!header.empty()) {
    size_t semi = header.find(';');
    std::string_view part = header.substr(0, semi);
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) {
      return std::string(part.substr(eq + 1));
    }
  }
  return {};
}

std::string SessionCookie(const ApiContext& ctx, const Request& req, const std::string& token,
                          int max_age_seconds) {
  bool secure = ctx.secure_cookies || req.secure_transport;
  return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}", kSessionCookie,
                     token, max_age_seconds, secure ? "; Secure" : "");
}

std::string ClearedSessionCookie(const ApiContext& ctx, const Request& req) {
  return SessionCookie(ctx, req, "", 0);
}

bool IsJsonMediaType(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  return boost::beast::iequals(type, "application/json");
}

Handler Guarded(ApiContext& ctx, std::optional<access::Action> action, Handler handler,
                BodyType body_type, SessionSource sessions) {
  return [&ctx, action, handler = std::move(handler), body_type,
          sessions](Request& req) -> Response {
    if (body_type == BodyType::kJson && ChangesState(req.method) && !req.body.empty() &&
        !IsJsonMediaType(req.Header("content-type"))) {
      return ErrorResponse(415, "unsupported_media_type",
                           "send the body as JSON with Content-Type: application/json");
    }
    req.session_token = CookieValue(req, kSessionCookie);
    std::string unconfirmed;  // the hash of a session taken from memory
    auto principal =
        sessions == SessionSource::kMemoryThenConfirm && !ChangesState(req.method)
            ? ctx.access.AuthenticateRead(req.session_token, BearerToken(req), unconfirmed)
            : ctx.access.Authenticate(req.session_token, BearerToken(req));
    if (!principal.ok() && (action || principal.status().code() != StatusCode::kUnauthenticated)) {
      Response r = ErrorResponse(principal.status());
      if (!req.session_token.empty()) r.headers.emplace_back("Set-Cookie", ClearedSessionCookie(ctx, req));
      return r;
    }
    // Open routes (sign-in) treat stale credentials as none: an expired cookie must not stop
    // the operator from signing in again.
    req.principal = principal.ok() ? std::move(principal).value() : access::Principal{};
    // A cookie rides along on cross-site requests; the CSRF token, held by our page only,
    // does not. Bearer tokens are never sent by browsers on their own and need no check.
    if (req.principal.via_cookie && ChangesState(req.method) &&
        !SameSecret(req.Header(kCsrfHeader), req.principal.csrf_token)) {
      return ErrorResponse(PermissionDenied(
          "missing or wrong X-CSRF-Token header; reload the page and try again"));
    }
    if (action) {
      Status s = access::Authorize(req.principal, *action);
      if (!s.ok()) return ErrorResponse(s);
    }
    if (sessions != SessionSource::kMemoryThenConfirm || ChangesState(req.method)) {
      return handler(req);
    }
    // An audited read: the server's thread goes on to other requests while the read's audit row
    // is committed (with those of other connections), and the answer leaves once it is durable.
    std::optional<AuditDeferral> deferral;
    if (req.may_answer_later) deferral.emplace();
    Response answer;
    bool confirmed = unconfirmed.empty();
    {
      // The answer leaves only once the store has confirmed the session: the read audit's
      // commit does (access/session_confirmation.h), else a read of the session here.
      std::optional<access::UnconfirmedSession> session;
      if (!confirmed) session.emplace(std::move(unconfirmed));
      answer = handler(req);
      confirmed = confirmed || session->confirmed();
    }
    if (!confirmed) {
      auto principal = ctx.access.Authenticate(req.session_token, BearerToken(req));
      if (!principal.ok()) {
        Response r = ErrorResponse(principal.status());
        r.headers.emplace_back("Set-Cookie", ClearedSessionCookie(ctx, req));
        return r;
      }
    }
    if (!deferral || !deferral->pending()) return answer;
    std::string cleared =
        req.session_token.empty() ? std::string() : ClearedSessionCookie(ctx, req);
    Response held;
    held.later = [pending = deferral->Release(), answer = std::move(answer),
                  cleared = std::move(cleared)](std::function<void(Response)> send) mutable {
      pending.WhenDurable([answer = std::move(answer), cleared = std::move(cleared),
                           send = std::move(send)](const Status& audited) mutable {
        if (audited.ok()) return send(std::move(answer));
        // Not audited, not answered; a session ended elsewhere also loses its cookie.
        Response refused = ErrorResponse(audited);
        if (audited.code() == StatusCode::kUnauthenticated && !cleared.empty()) {
          refused.headers.emplace_back("Set-Cookie", cleared);
        }
        send(std::move(refused));
      });
    };
    return held;
  };
}

Handler MonitoringOnly(ApiContext& ctx, Handler handler) {
  return [&ctx, handler = std::move(handler)](Request& req) -> Response {
    // A proxy on this host makes every client look local: requests it forwarded say so.
    bool forwarded = !req.Header("x-forwarded-for").empty() || !req.Header("forwarded").empty() ||
                     !req.Header("x-real-ip").empty();
    if (forwarded || !ctx.metrics_allow || !ctx.metrics_allow->Contains(req.remote_address)) {
      return ErrorResponse(PermissionDenied(
          "metrics are served only to directly connected clients listed in metrics-allow"));
    }
    return handler(req);
  };
}

}  // namespace aftermath::http
