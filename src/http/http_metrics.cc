#include "http/http_metrics.h"

#include <string>

namespace aftermath::http {

HttpMetrics::HttpMetrics(metrics::Registry& registry)
    : requests_(registry.AddCounter("aftermath_http_requests_total",
                                    "HTTP requests answered, by route pattern, method and status.",
                                    {"route", "method", "code"})),
      duration_(registry.AddHistogram(
          "aftermath_http_request_duration_seconds",
          "Time from a request's last byte to its response being ready, by route pattern.",
          {"route", "method"}, metrics::LatencyBuckets())),
      in_flight_(registry
                     .AddGauge("aftermath_http_requests_in_flight",
                               "Requests being handled or having their response written.")
                     .Get()),
      connections_(
          registry.AddGauge("aftermath_http_connections_open", "Open client connections.").Get()),
      connections_total_(
          registry.AddCounter("aftermath_http_connections_total", "Client connections accepted.")
              .Get()) {}

void HttpMetrics::RequestDone(std::string_view method, std::string_view route, int status,
                              double seconds) {
  std::string m(MethodLabel(method)), r(route);
  requests_.With({r, m, std::to_string(status)}).Inc();
  duration_.With({r, m}).Observe(seconds);
}

void HttpMetrics::ConnectionOpened() {
  connections_.Add(1);
  connections_total_.Inc();
}

void HttpMetrics::ConnectionClosed() { connections_.Add(-1); }
void HttpMetrics::RequestStarted() { in_flight_.Add(1); }
void HttpMetrics::RequestFinished() { in_flight_.Add(-1); }

std::string_view MethodLabel(std::string_view method) {
  for (std::string_view known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    if (method == known) return known;
  }
  return "other";
}

}  // namespace aftermath::http
