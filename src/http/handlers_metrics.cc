// GET /metrics: the Prometheus text format, for the addresses in --metrics-allow (guard.cc).
#include "http/error_mapping.h"
#include "http/handlers.h"

namespace aftermath::http {

Response Metrics(ApiContext& ctx, Request&) {
  if (!ctx.metrics) return ErrorResponse(404, "not_found", "no such endpoint");
  Response r;
  r.content_type = metrics::kContentType;
  r.body = ctx.metrics->Render();
  return r;
}

}  // namespace aftermath::http
