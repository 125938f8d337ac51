// A small metrics registry with the Prometheus text exposition format (version 0.0.4): counters,
// gauges and histograms, each a family of children told apart by label values. Debian 12 has no
// C++ Prometheus client, and this much is all /metrics needs.
//
// Label values must never carry personal data (names, phone numbers, query texts): use route
// patterns, status codes and other closed vocabularies.
//
// Thread-safety: everything is thread-safe. Updating a child is lock-free; finding or creating
// one by its label values takes a short lock, so hot paths may keep the returned reference
// (children live as long as the registry).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/mutex.h"

namespace aftermath::metrics {

// The Content-Type of Registry::Render()'s output.
inline constexpr const char* kContentType = "text/plain; version=0.0.4; charset=utf-8";

class Counter {
 public:
  // REQUIRES: v >= 0 (a counter only goes up).
  void Inc(double v = 1) { value_.fetch_add(v, std::memory_order_relaxed); }
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class Gauge {
 public:
  void Set(double v) { value_.store(v, std::memory_order_relaxed); }
  void Add(double v) { value_.fetch_add(v, std::memory_order_relaxed); }
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class Histogram {
 public:
  // `bounds`: the buckets' upper bounds, ascending; +Inf is implied.
  explicit Histogram(std::vector<double> bounds);
  void Observe(double v);

  struct Snapshot {
    std::vector<double> bounds;
    std::vector<uint64_t> cumulative;  // one per bound, then +Inf (== count)
    double sum = 0;
  };
  Snapshot Read() const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // per bucket, not cumulative; last: +Inf
  std::atomic<double> sum_{0};
};

// Request latency buckets: half a millisecond to ten seconds.
std::vector<double> LatencyBuckets();

// One metric name with its children by label values.
template <typename M>
class Family {
 public:
  using Factory = std::function<std::unique_ptr<M>()>;
  Family(std::vector<std::string> label_names, Factory factory)
      : label_names_(std::move(label_names)), factory_(std::move(factory)) {}

  // The child for these label values (one per label name, in order), created on first use.
  M& With(const std::vector<std::string>& label_values) {
    MutexLock lock(&mu_);
    auto& child = children_[label_values];
    if (!child) child = factory_();
    return *child;
  }
  // The child without labels.
  M& Get() { return With({}); }

  const std::vector<std::string>& label_names() const { return label_names_; }
  // Calls fn(label_values, child) for every child, in label order.
  template <typename Fn>
  void ForEach(Fn fn) const {
    MutexLock lock(&mu_);
    for (const auto& [values, child] : children_) fn(values, *child);
  }

 private:
  std::vector<std::string> label_names_;
  Factory factory_;
  mutable Mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<M>> children_ GUARDED_BY(mu_);
};

class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Names follow Prometheus conventions: counters end in _total, units are base units
  // (seconds, bytes). Each name is registered once.
  Family<Counter>& AddCounter(std::string name, std::string help,
                              std::vector<std::string> label_names = {});
  Family<Gauge>& AddGauge(std::string name, std::string help,
                          std::vector<std::string> label_names = {});
  Family<Histogram>& AddHistogram(std::string name, std::string help,
                                  std::vector<std::string> label_names, std::vector<double> bounds);

  // Runs before every Render(): for values read when scraped (queue lengths, index size).
  // A collector must not register metrics.
  void OnCollect(std::function<void()> collect);

  // Every family in registration order, in the text exposition format.
  std::string Render() const;

 private:
  struct Entry;
  template <typename M>
  Family<M>& Add(std::string name, std::string help, std::vector<std::string> label_names,
                 std::function<std::unique_ptr<M>()> factory);

  mutable Mutex mu_;  // guards the lists; one scrape at a time
  std::vector<std::function<void()>> collectors_ GUARDED_BY(mu_);
  std::vector<std::unique_ptr<Entry>> entries_ GUARDED_BY(mu_);
};

// Exposition format details, exposed for tests.
std::string EscapeHelp(std::string_view text);        // backslash and newline
std::string EscapeLabelValue(std::string_view text);  // backslash, double quote and newline
std::string FormatValue(double v);                    // shortest exact form; +Inf, -Inf, NaN

}  // namespace aftermath::metrics
