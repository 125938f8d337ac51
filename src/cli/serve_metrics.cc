#include "cli/serve_metrics.h"

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "common/logging.h"

namespace aftermath::cli {
namespace {

// Seconds since the epoch when this process started (/proc: boot time plus the start tick).
double ProcessStartTime() {
  double boot = 0;
  std::ifstream stat("/proc/stat");
  for (std::string key; stat >> key;) {
    if (key == "btime") {
      stat >> boot;
      break;
    }
  }
  std::ifstream self("/proc/self/stat");
  std::string line;
  std::getline(self, line);
  // Field 22 is the start time in clock ticks; fields after the ")" of the command name.
  auto close = line.rfind(')');
  if (boot > 0 && close != std::string::npos) {
    std::istringstream rest(line.substr(close + 2));
    std::string field;
    for (int i = 3; i <= 22 && rest >> field; ++i) {
      if (i == 22) return boot + std::stod(field) / static_cast<double>(sysconf(_SC_CLK_TCK));
    }
  }
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

double OpenFiles() {
  std::error_code ec;
  double n = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++n;
  }
  return n;
}

double ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  double pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<double>(sysconf(_SC_PAGESIZE));
}

}  // namespace

ServeMetrics::ServeMetrics(Store& store, index::IndexHandle& persons, index::IndexHandle& inquiries)
    : store_(store),
      persons_(persons),
      inquiries_(inquiries),
      http_(registry_),
      proposed_(registry_
                    .AddCounter("aftermath_matches_proposed_total",
                                "Match proposals written to the review queue by this process.")
                    .Get()),
      store_up_(registry_
                    .AddGauge("aftermath_store_up",
                              "1 when this scrape could read the queue lengths from the "
                              "database, else 0.")
                    .Get()),
      unmatched_reports_(
          registry_.AddGauge("aftermath_unmatched_reports", "Reports not yet run through matching.")
              .Get()),
      unmatched_inquiries_(
          registry_
              .AddGauge("aftermath_unmatched_inquiries", "Inquiries not yet run through matching.")
              .Get()),
      review_queue_(registry_.AddGauge("aftermath_review_queue_matches",
                                       "Match proposals awaiting review, by decision "
                                       "(pending: not looked at; unsure: a second look).",
                                       {"decision"})),
      callbacks_pending_(
          registry_.AddGauge("aftermath_callbacks_pending", "Callbacks to inquirers not yet made.")
              .Get()),
      outbox_pending_(
          registry_.AddGauge("aftermath_outbox_pending", "Outbox messages still to send.").Get()),
      index_persons_(registry_.AddGauge("aftermath_index_persons",
                                        "Entries in the in-memory name index (index: persons, "
                                        "or inquiries by sought name).",
                                        {"index"})),
      index_spellings_(registry_.AddGauge(
          "aftermath_index_spellings", "Name spellings in the in-memory name index.", {"index"})),
      index_old_spellings_(registry_.AddGauge(
          "aftermath_index_old_spellings",
          "Spellings of updated, merged or removed persons (or closed inquiries) still in the "
          "index's lists until the server restarts.",
          {"index"})),
      index_keys_(registry_.AddGauge(
          "aftermath_index_keys", "Distinct search keys in the in-memory name index.", {"index"})),
      index_bytes_(registry_.AddGauge("aftermath_index_memory_bytes",
                                      "Estimated memory of the in-memory name index.", {"index"})),
      open_fds_(registry_.AddGauge("process_open_fds", "Open file descriptors (sockets included).")
                    .Get()),
      max_fds_(registry_.AddGauge("process_max_fds", "The limit on open file descriptors.").Get()),
      resident_bytes_(
          registry_.AddGauge("process_resident_memory_bytes", "Resident memory size.").Get()),
      outbox_sent_(registry_.AddCounter("aftermath_outbox_sent_total",
                                        "Messages this process handed to a gateway, by channel.",
                                        {"channel"})),
      outbox_failed_(registry_.AddCounter("aftermath_outbox_failed_total",
                                          "Failed delivery attempts by this process, by channel.",
                                          {"channel"})),
      outbox_retries_(registry_.AddCounter(
          "aftermath_outbox_retries_total",
          "Delivery attempts by this process after a message's first, by channel.", {"channel"})),
      outbox_dead_total_(registry_.AddCounter(
          "aftermath_outbox_dead_total",
          "Messages this process gave up after the configured tries, by channel.", {"channel"})),
      outbox_dead_(registry_
                       .AddGauge("aftermath_outbox_dead",
                                 "Messages given up after the configured tries (dead letters).")
                       .Get()),
      outbox_oldest_pending_(registry_
                                 .AddGauge("aftermath_outbox_oldest_pending_age_seconds",
                                           "Age of the oldest message still to send; 0: none.")
                                 .Get()) {
  registry_.AddGauge("aftermath_build_info", "Always 1; the labels name the build.", {"version"})
      .With({AFTERMATH_VERSION})
      .Set(1);
  registry_.AddGauge("process_start_time_seconds", "When the process started, in Unix time.")
      .Get()
      .Set(ProcessStartTime());
  registry_.OnCollect([this] { Collect(); });
}

std::function<void(int)> ServeMetrics::ProposedHook() {
  return [this](int n) { proposed_.Inc(n); };
}

delivery::DeliveryHooks ServeMetrics::DeliveryHooks() {
  auto count = [](metrics::Family<metrics::Counter>& family) {
    return [&family](const std::string& channel) { family.With({channel}).Inc(); };
  };
  return {.sent = count(outbox_sent_), .failed = count(outbox_failed_),
          .retried = count(outbox_retries_), .dead = count(outbox_dead_total_)};
}

void ServeMetrics::Collect() {
  Result<QueueCounts> counts = QueueCounts{};
  if (auto tx = store_.Begin(TransactionMode::kRead); tx.ok()) {
    counts = (*tx)->CountQueues();
  } else {
    counts = tx.status();
  }
  store_up_.Set(counts.ok() ? 1 : 0);
  if (!counts.ok())
    spdlog::warn("metrics: cannot count the queues: {}", counts.status().ToString());
  // On failure the queue gauges keep their last values; aftermath_store_up says they are stale.
  if (counts.ok()) {
    unmatched_reports_.Set(static_cast<double>(counts->unmatched_reports));
    unmatched_inquiries_.Set(static_cast<double>(counts->unmatched_inquiries));
    review_queue_.With({"pending"}).Set(static_cast<double>(counts->pending_matches));
    review_queue_.With({"unsure"}).Set(static_cast<double>(counts->unsure_matches));
    callbacks_pending_.Set(static_cast<double>(counts->pending_callbacks));
    outbox_pending_.Set(static_cast<double>(counts->pending_outbox));
    outbox_dead_.Set(static_cast<double>(counts->dead_outbox));
    outbox_oldest_pending_.Set(
        counts->oldest_pending_outbox
            ? std::max(0.0, std::chrono::duration<double>(std::chrono::system_clock::now() -
                                                          *counts->oldest_pending_outbox)
                                .count())
            : 0.0);
  }
  for (auto [name, handle] :
       {std::pair{"persons", &persons_}, std::pair{"inquiries", &inquiries_}}) {
    auto index = handle->Get();
    if (!index) continue;
    index::IndexStats st = index->Stats();
    index_persons_.With({name}).Set(static_cast<double>(st.persons));
    index_spellings_.With({name}).Set(static_cast<double>(st.spellings));
    index_old_spellings_.With({name}).Set(static_cast<double>(st.old_spellings));
    index_keys_.With({name}).Set(static_cast<double>(st.keys));
    index_bytes_.With({name}).Set(static_cast<double>(st.memory_bytes));
  }
  open_fds_.Set(OpenFiles());
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) max_fds_.Set(static_cast<double>(limit.rlim_cur));
  resident_bytes_.Set(ResidentBytes());
}

}  // namespace aftermath::cli
