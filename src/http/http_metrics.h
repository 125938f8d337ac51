// The HTTP server's instruments: requests by route pattern, method and status code, their
// latency, requests in flight and open connections. Labels are route patterns
// ("/api/v1/persons/{id}"), never paths, which carry ids and, in queries, names.
#pragma once

#include <string_view>

#include "common/metrics.h"

namespace aftermath::http {

class HttpMetrics {
 public:
  // Registers the metrics in `registry`, which must outlive this object.
  explicit HttpMetrics(metrics::Registry& registry);

  // One request answered: `route` is the router's pattern ("(not found)", "(static)", ...).
  void RequestDone(std::string_view method, std::string_view route, int status, double seconds);
  void ConnectionOpened();
  void ConnectionClosed();
  // A request is being handled or its response written.
  void RequestStarted();
  void RequestFinished();

 private:
  metrics::Family<metrics::Counter>& requests_;
  metrics::Family<metrics::Histogram>& duration_;
  metrics::Gauge& in_flight_;
  metrics::Gauge& connections_;
  metrics::Counter& connections_total_;
};

// The method as a metric label: one of the methods the API uses, else "other" (a client may
// send any token there).
std::string_view MethodLabel(std::string_view method);

}  // namespace aftermath::http
