// The route guard: establishes who is calling (session cookie or bearer token), refuses
// cross-site requests that lack the session's CSRF token, and checks the route's action against
// the role policy before the handler runs.
#pragma once

#include <optional>

#include "access/policy.h"
#include "http/message.h"
#include "http/router.h"
#include "http/routes.h"

namespace aftermath::http {

inline constexpr const char* kSessionCookie = "aftermath_session";
inline constexpr const char* kCsrfHeader = "x-csrf-token";

// What a route takes as its request body.
enum class BodyType {
  kJson,    // application/json; a body without that Content-Type is refused (415)
  kUpload,  // a file in one of several formats: the handler checks the type
};

// Where a read's session may come from (access/session_confirmation.h).
enum class SessionSource {
  kStore,              // read from the store for every request
  kMemoryThenConfirm,  // a GET may take a session this server has seen from memory; the answer
                       // leaves once the read audit's commit, or a read here, confirms it
};

// Wraps `handler`: with an action, the caller must be allowed it; without one the route is open
// to everybody (health, sign-in) and stale credentials count as none. A JSON route refuses a
// body sent as anything but application/json before anything else: a cross-site form or
// text/plain request (no CORS preflight) cannot reach it, not even the sign-in.
Handler Guarded(ApiContext& ctx, std::optional<access::Action> action, Handler handler,
                BodyType body_type = BodyType::kJson,
                SessionSource sessions = SessionSource::kStore);

// True when the Content-Type header names application/json (parameters such as charset allowed).
bool IsJsonMediaType(std::string_view content_type);

// Wraps a monitoring endpoint's handler: only clients whose address is in ctx.metrics_allow,
// connecting directly (a request a proxy forwarded could come from anywhere), are answered.
Handler MonitoringOnly(ApiContext& ctx, Handler handler);

// The value of one cookie from the Cookie header, or empty.
std::string CookieValue(const Request& req, std::string_view name);

// Set-Cookie values for a new session and for signing out. Secure whenever the request came
// over TLS (a trusted proxy says so) or the server is told TLS is always in front.
std::string SessionCookie(const ApiContext& ctx, const Request& req, const std::string& token,
                          int max_age_seconds);
std::string ClearedSessionCookie(const ApiContext& ctx, const Request& req);

}  // namespace aftermath::http
