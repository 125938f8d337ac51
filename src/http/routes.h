// Every route of the HTTP API in one table (routes.cc).
#pragma once

#include <string>

#include "access/access_service.h"
#include "access/idempotency.h"
#include "access/lookup_proof.h"
#include "access/rate_limiter.h"
#include "common/metrics.h"
#include "http/address_list.h"
#include "http/router.h"
#include "registry/registry.h"

namespace aftermath::http {

struct ApiContext {
  Registry& registry;
  Store& store;
  access::AccessService& access;
  access::RateLimiter& public_limiter;  // public lookups, per client address and overall
  std::string web_root;                 // directory of the static UI; empty: none
  bool secure_cookies = false;          // add "Secure" when served over TLS (behind a proxy)
  std::string line_phone;               // the direct line's number, shown to the public
  const metrics::Registry* metrics = nullptr;  // served at /metrics; null: 404
  const AddressList* metrics_allow = nullptr;  // the clients /metrics answers; null: nobody
  access::IdempotencyKeys* idempotency = nullptr;  // Idempotency-Key on creates; null: ignored
  // Checks the public lookup's proof of work; null: no proof asked (access/lookup_proof.h).
  access::LookupProofChecker* lookup_proof = nullptr;
};

Router MakeRouter(ApiContext& ctx);

}  // namespace aftermath::http
