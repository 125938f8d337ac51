// Every route of the HTTP API in one table (routes.cc).
#pragma once

#include <optional>
#include <span>
#include <string>

#include "access/access_service.h"
#include "access/idempotency.h"
#include "access/lookup_proof.h"
#include "access/rate_limiter.h"
#include "common/metrics.h"
#include "http/address_list.h"
#include "http/message.h"
#include "http/router.h"
#include "recovery/online_application.h"
#include "recovery/recovery.h"
#include "registry/registry.h"

namespace aftermath::http {

// What handlers reach: the registry is their one door to the data (no store here).
struct ApiContext {
  Registry& registry;
  access::AccessService& access;
  access::RateLimiter& public_limiter;         // public lookups, per client address and overall
  std::string web_root;                        // directory of the static UI; empty: none
  bool secure_cookies = false;                 // add "Secure" when served over TLS (behind a proxy)
  std::string line_phone;                      // the direct line's number, shown to the public
  const metrics::Registry* metrics = nullptr;  // served at /metrics; null: 404
  const AddressList* metrics_allow = nullptr;  // the clients /metrics answers; null: nobody
  access::IdempotencyKeys* idempotency = nullptr;  // Idempotency-Key on creates; null: ignored
  // Checks the public lookup's proof of work; null: no proof asked (access/lookup_proof.h).
  access::LookupProofChecker* lookup_proof = nullptr;
  // The damage & support register, the one door to its data; null: its routes answer 503.
  recovery::Recovery* recovery = nullptr;
  // The domain of the PFIF record ids of records created here (setting pfif-domain).
  std::string pfif_domain = "aftermath.local";
  // The secret the SMS gateway signs its delivery receipts with (setting sms-secret); empty:
  // POST /api/v1/outbox/receipts answers 503.
  std::string receipt_secret;
  std::string receipt_signature_header = "x-aftermath-signature";  // lower-case
  // The public register figures suppress cells of fewer claims than this (setting
  // figures-small-cell).
  int figures_small_cell = recovery::kDefaultSmallCell;
  // Their own rate limit per client address and overall; null: the public lookups' limiter.
  access::RateLimiter* figures_limiter = nullptr;
  // Applications online on the public page; null: their routes answer 503.
  recovery::OnlineApplications* applications = nullptr;
};

// How a route is guarded (http/guard.h).
enum class RouteGuard {
  kJson,        // Guarded: the action's role check; a JSON body; POSTs take an Idempotency-Key
  kUpload,      // Guarded with BodyType::kUpload
  kMonitoring,  // MonitoringOnly: by client address, no sign-in
  // As kJson, for a GET that changes nothing and audits the personal data it answers with: its
  // session may come from the server's memory (SessionSource::kMemoryThenConfirm).
  kAuditedRead,
};

struct RouteSpec {
  const char* method;
  const char* pattern;
  std::optional<access::Action> action;  // none: open to everybody
  Response (*handler)(ApiContext&, Request&);
  RouteGuard guard = RouteGuard::kJson;
  size_t body_limit = 0;  // bytes; 0: the server's default
};

// The route table MakeRouter builds from (tests walk it: every route is covered).
std::span<const RouteSpec> RouteTable();

Router MakeRouter(ApiContext& ctx);

}  // namespace aftermath::http
