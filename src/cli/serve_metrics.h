// What `aftermath serve` shows at /metrics: the HTTP server's instruments (http/http_metrics.h),
// the name indexes' sizes, the work queues counted in the store at each scrape (so they are right
// whichever server or command changed them), matches proposed by this process, and process
// facts (start time, open files, memory, build).
#pragma once

#include <functional>

#include "common/metrics.h"
#include "delivery/worker.h"
#include "http/http_metrics.h"
#include "index/name_index.h"
#include "store/store.h"

namespace aftermath::cli {

class ServeMetrics {
 public:
  // REQUIRES: the store and index handles outlive this object.
  ServeMetrics(Store& store, index::IndexHandle& persons, index::IndexHandle& inquiries);

  const metrics::Registry& registry() const { return registry_; }
  http::HttpMetrics& http() { return http_; }
  // For MatchingOptions::on_proposed.
  std::function<void(int)> ProposedHook();
  // For the outbox's delivery worker: what it sent, failed, retried and gave up, by channel.
  delivery::DeliveryHooks DeliveryHooks();

 private:
  // Reads the values that are not counted as they happen; runs at each scrape.
  void Collect();

  Store& store_;
  index::IndexHandle& persons_;
  index::IndexHandle& inquiries_;
  metrics::Registry registry_;
  http::HttpMetrics http_;
  metrics::Counter& proposed_;
  metrics::Gauge& store_up_;
  metrics::Gauge& unmatched_reports_;
  metrics::Gauge& unmatched_inquiries_;
  metrics::Family<metrics::Gauge>& review_queue_;
  metrics::Gauge& callbacks_pending_;
  metrics::Gauge& outbox_pending_;
  metrics::Family<metrics::Gauge>& index_persons_;
  metrics::Family<metrics::Gauge>& index_spellings_;
  metrics::Family<metrics::Gauge>& index_old_spellings_;
  metrics::Family<metrics::Gauge>& index_keys_;
  metrics::Family<metrics::Gauge>& index_bytes_;
  metrics::Gauge& open_fds_;
  metrics::Gauge& max_fds_;
  metrics::Gauge& resident_bytes_;
  metrics::Family<metrics::Counter>& outbox_sent_;
  metrics::Family<metrics::Counter>& outbox_failed_;
  metrics::Family<metrics::Counter>& outbox_retries_;
  metrics::Family<metrics::Counter>& outbox_dead_total_;
  metrics::Gauge& outbox_dead_;
  metrics::Gauge& outbox_oldest_pending_;
};

}  // namespace aftermath::cli
