// Every route of the HTTP API in one table (routes.cc).
#pragma once

#include <string>

#include "http/router.h"
#include "registry/registry.h"

namespace aftermath::http {

struct ApiContext {
  Registry& registry;
  Store& store;
  std::string web_root;  // directory of the static UI; empty: none
};

Router MakeRouter(ApiContext& ctx);

}  // namespace aftermath::http
